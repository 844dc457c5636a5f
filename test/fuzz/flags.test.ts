/**
 * Fuzz: the flags of `plan`, `simulate` and `compare` on examples/startup.yaml — valid values mixed with odd strings,
 * extreme numbers and empty values, in any order. Exit 0 or 2 (`plan --check` also 1), one `skyfleet: … [code]`
 * line per problem, no stack trace, in bounded time. simulate and compare start from a short horizon and few seeds
 * (the fuzzed flags come after and may override them).
 */
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { argSafe, flags, flagValue, oddString, STARTUP } from './arbitraries.js';
import { assertWellBehaved, fcParams, runBuilt } from './harness.js';

const planFlags = flags({
  '--json': null, '--timings': null, '--check': null,
  '--seed': flagValue('0', '7', '4294967295', '4294967296', '-1'),
  '--now': flagValue('2026-12-01', '2027-06-01', '2027-12-01', '2025-01-01'),
  '--solver': flagValue('greedy', 'exact', 'auto'),
  '--explain': flagValue('chat', 'pretrain-3b', 'nope'),
  '--what-if': flagValue('aws.price=+20%', 'gcp.price=-50%', 'lambda.price=+1000%', 'aws.price=-100%', 'nope.price=+1%', 'aws.price=banana'),
  '--without': flagValue('aws', 'lambda', 'nope'),
  '--catalog': flagValue('data/gpu-catalog.csv', 'no-such.csv', 'examples'),
});

const SIM_VALUES = {
  '--horizon': flagValue('1d', '2w', '1mo', '0mo', '-1mo'),
  '--seed': flagValue('1', '0', '-1', '9007199254740993'),
  '--request-rate': flagValue('0.5', '2', '0', '-1'),
  '--gpus-per-job': flagValue('1', '2', '0.1'),
  '--job-rate': flagValue('0.5', '1', '3'),
  '--trace-gpus': flagValue('H100', 'H100,L4', 'NOPE', ','),
  '--trace-tiers': flagValue('spot', 'on-demand,spot', 'reserved', 'nope'),
  '--trace-kind': flagValue('batch', 'training', 'other'),
  '--deadline-slack': flagValue('1.5', '3', '0'),
  '--outages': flagValue('sample', 'replay', 'none'),
  '--trace': flagValue('data/traces/philly_jobs.csv', 'no-such.csv'),
  '--no-repeat': null, '--json': null, '--no-progress': null,
} as const;

const simulateFlags = flags({ ...SIM_VALUES, '--policy': flagValue('skyfleet', 'cheapest-first', 'single:aws', 'single:nope', 'offline-optimal') });
const compareFlags = flags({
  ...SIM_VALUES,
  '--policies': flagValue('skyfleet,cheapest-first', 'single:aws', 'single:nope', ',', 'skyfleet,skyfleet'),
  '--seeds': flagValue('1', '2', '0', '1001'),
  '--workers': flagValue('1', '2', '0'),
}, 3);

describe('fuzz: flags', { concurrency: 2 }, () => {
  test('plan: flags on startup.yaml', async () => {
    await fc.assert(fc.asyncProperty(planFlags, fc.boolean(), async (f, greedy) => {
      const args = argSafe(['plan', STARTUP, ...(greedy ? ['--solver', 'greedy'] : []), ...f]);
      const r = await runBuilt(args);
      assertWellBehaved(r, { okCodes: args.includes('--check') ? [0, 1, 2] : [0, 2] });
    }), fcParams(14, 6));
  });
  test('simulate: flags on startup.yaml', async () => {
    await fc.assert(fc.asyncProperty(simulateFlags, async (f) => {
      const r = await runBuilt(argSafe(['simulate', STARTUP, '--horizon', '1mo', '--no-progress', ...f]));
      assertWellBehaved(r);
    }), fcParams(12, 7));
  });
  test('compare: flags on startup.yaml', async () => {
    await fc.assert(fc.asyncProperty(compareFlags, async (f) => {
      const r = await runBuilt(argSafe(['compare', STARTUP, '--horizon', '1mo', '--seeds', '2', '--workers', '1', '--policies', 'cheapest-first,skyfleet', '--no-progress', ...f]));
      assertWellBehaved(r);
    }), fcParams(6, 8));
  });
  test('validate: unknown flags, missing arguments and odd file names', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(oddString, fc.constantFrom('--', '-', '--catalog', '-x', '--help=no', '--json')), { maxLength: 3 }), async (extra) => {
      const r = await runBuilt(argSafe(['validate', ...extra]));
      assertWellBehaved(r);
    }), fcParams(12, 9));
  });
});
