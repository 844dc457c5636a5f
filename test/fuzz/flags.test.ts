/**
 * Fuzz: the flags of `plan`, `simulate` and `compare` on examples/startup.yaml — valid values mixed with odd strings,
 * extreme numbers and empty values, in any order. Exit 0 or 2 (`plan --check` also 1), one `skyfleet: … [code]`
 * line per problem, no stack trace, in bounded time. simulate and compare start from a short horizon and few seeds
 * (the fuzzed flags come after and may override them).
 */
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { argSafe, durationFlag, flags, flagValue, numberFlag, oddString, STARTUP } from './arbitraries.js';
import { assertWellBehaved, fcParams, REPO_ROOT, runBuilt, scratch } from './harness.js';

const tmp = scratch();
after(() => tmp.remove());
/** The first 2,000 jobs of the Philly trace: a trace run costs a second, not four. */
let smallTrace = '';
before(() => {
  smallTrace = tmp.write(
    'philly-2000.csv',
    `${readFileSync(join(REPO_ROOT, 'data/traces/philly_jobs.csv'), 'utf8').split('\n').slice(0, 2001).join('\n')}\n`,
  );
});

const planFlags = flags({
  '--json': null,
  '--timings': null,
  '--check': null,
  '--seed': numberFlag('0', '7', '4294967295', '4294967296', '-1'),
  '--now': flagValue('2026-12-01', '2027-06-01', '2027-12-01', '2025-01-01'),
  '--solver': flagValue('greedy', 'exact', 'auto'),
  '--explain': flagValue('chat', 'pretrain-3b', 'nope'),
  '--what-if': flagValue(
    'aws.price=+20%',
    'gcp.price=-50%',
    'lambda.price=+1000%',
    'aws.price=-100%',
    'nope.price=+1%',
    'aws.price=banana',
  ),
  '--without': flagValue('aws', 'lambda', 'nope'),
  '--catalog': flagValue('data/gpu-catalog.csv', 'no-such.csv', 'examples'),
});

const SIM_VALUES = {
  '--horizon': durationFlag('1d', '2w', '1mo', '3mo', '1y'),
  '--seed': numberFlag('1', '0', '-1', '9007199254740993'),
  '--request-rate': numberFlag('0.5', '2'),
  '--gpus-per-job': numberFlag('1', '2', '0.1'),
  '--job-rate': numberFlag('0.5', '1', '3'),
  '--trace-gpus': flagValue('H100', 'H100,L4', 'NOPE', ','),
  '--trace-tiers': flagValue('spot', 'on-demand,spot', 'reserved', 'nope'),
  '--trace-kind': flagValue('batch', 'training', 'other'),
  '--deadline-slack': numberFlag('1.5', '3'),
  '--outages': flagValue('sample', 'replay', 'none'),
  '--trace': flagValue('data/traces/philly_jobs.csv', 'no-such.csv', 'examples'),
  '--requests': flagValue('data/traces/azure_llm_2023_conv_requests.csv', 'no-such.csv'),
  '--no-repeat': null,
  '--json': null,
  '--no-progress': null,
  '--csv': null,
} as const;

const simulateFlags = flags({
  ...SIM_VALUES,
  '--policy': flagValue('skyfleet', 'cheapest-first', 'single:aws', 'single:nope', 'offline-optimal'),
});
const compareFlags = flags(
  {
    ...SIM_VALUES,
    '--policies': flagValue('skyfleet,cheapest-first', 'single:aws', 'single:nope', ',', 'skyfleet,skyfleet'),
    '--seeds': numberFlag('1', '2', '1001'),
    '--workers': numberFlag('1', '2'),
  },
  3,
);

describe('fuzz: flags', { concurrency: 2 }, () => {
  test('plan: flags on startup.yaml', async () => {
    // Mostly the greedy solver (a fuzzed --solver may still ask for the exact one): the MIP costs seconds.
    await fc.assert(
      fc.asyncProperty(
        planFlags,
        fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
        async (f, greedy) => {
          const args = argSafe(['plan', STARTUP, ...(greedy ? ['--solver', 'greedy'] : []), ...f]);
          const r = await runBuilt(args);
          assertWellBehaved(r, { okCodes: args.includes('--check') ? [0, 1, 2] : [0, 2] });
        },
      ),
      fcParams(14, 6),
    );
  });
  test('simulate: flags on startup.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(simulateFlags, fc.boolean(), async (f, trace) => {
        const r = await runBuilt(
          argSafe([
            'simulate',
            STARTUP,
            '--horizon',
            '1mo',
            '--no-progress',
            ...(trace ? ['--trace', smallTrace] : []),
            ...f,
          ]),
        );
        assertWellBehaved(r);
      }),
      fcParams(12, 7),
    );
  });
  test('compare: flags on startup.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(compareFlags, fc.boolean(), async (f, trace) => {
        const r = await runBuilt(
          argSafe([
            'compare',
            STARTUP,
            '--horizon',
            '1mo',
            '--seeds',
            '2',
            '--workers',
            '1',
            '--policies',
            'cheapest-first,skyfleet',
            '--no-progress',
            ...(trace ? ['--trace', smallTrace] : []),
            ...f,
          ]),
        );
        assertWellBehaved(r);
      }),
      fcParams(6, 8),
    );
  });
  test('simulate --trace: one rate or the horizon at an extreme', async () => {
    const extreme = fc.oneof(
      fc.tuple(
        fc.constantFrom('--job-rate', '--request-rate', '--gpus-per-job'),
        fc.constantFrom('1e6', '1e9', '1e15', '1e308'),
      ),
      fc.tuple(fc.constant('--horizon'), fc.constantFrom('1000y', '1e6y', '100000mo', '1e308y')),
    );
    await fc.assert(
      fc.asyncProperty(extreme, async ([flag, value]) => {
        const r = await runBuilt([
          'simulate',
          STARTUP,
          '--horizon',
          '1mo',
          '--no-progress',
          '--outages',
          'none',
          '--trace',
          smallTrace,
          flag,
          value,
        ]);
        assertWellBehaved(r);
      }),
      fcParams(8, 11),
    );
  });
  test('validate: unknown flags, missing arguments and odd file names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(oddString, fc.constantFrom('--', '-', '--catalog', '-x', '--help=no', '--json')), {
          maxLength: 3,
        }),
        async (extra) => {
          const r = await runBuilt(argSafe(['validate', ...extra]));
          assertWellBehaved(r);
        },
      ),
      fcParams(12, 9),
    );
  });
});
