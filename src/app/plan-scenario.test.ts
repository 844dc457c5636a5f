import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHighsSolver } from '../solver-highs/highs-solver.js';
import { UserError } from './errors.js';
import { loadScenario } from './load-scenario.js';
import { checkFailure } from './plan-check.js';
import { planScenario } from './plan-scenario.js';
import type { ExactSolverSession, OpenExactSolver } from './ports.js';
import { REPO, repoFiles } from './test-support/files.js';

const FILE = 'examples/startup.yaml';
const startup = loadScenario(repoFiles(), FILE);

/** The real HiGHS adapter, its opening and closing counted. */
function countedSolver(): { open: OpenExactSolver; opened: () => number; closed: () => number } {
  let opened = 0;
  let closed = 0;
  const open = (): ExactSolverSession => {
    opened++;
    const s = createHighsSolver();
    return {
      name: s.name,
      solve: (p, o) => s.solve(p, o),
      close: async () => {
        closed++;
        await s.close();
      },
    };
  };
  return { open, opened: () => opened, closed: () => closed };
}

test('loading reads the bundled catalog and throughput table, then the scenario', () => {
  const files = repoFiles();
  loadScenario(files, FILE);
  assert.deepEqual(
    files.reads.map((r) => [r.kind, r.name, r.bundled]),
    [
      ['catalog', 'data/gpu-catalog.csv', true],
      ['throughput table', 'data/gpu-relative-throughput.csv', true],
      ['scenario', FILE, false],
    ],
  );
});

test('planScenario gives the plan JSON the CLI prints (plan --json --solver greedy), byte for byte', async () => {
  const { base, variant } = await planScenario(startup, FILE, { solver: 'greedy', seed: '1' });
  assert.equal(variant, undefined);
  const cli = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'plan', FILE, '--json', '--solver', 'greedy'],
    { cwd: REPO, encoding: 'utf8' },
  );
  assert.equal(cli.status, 0, cli.stderr);
  assert.equal(`${JSON.stringify(base, null, 2)}\n`, cli.stdout);
});

test('what-if and without make a variant with its label and its difference from the base; explain lists alternatives', async () => {
  const phases: string[] = [];
  const r = await planScenario(
    startup,
    FILE,
    { solver: 'greedy', seed: 1, whatIf: ['aws.price=+20%'], without: ['gcp'], explain: ['chat'] },
    { onPhase: (p) => phases.push(p) },
  );
  assert.ok(r.variant);
  assert.equal(r.variant.label, 'aws.price=+20%, without gcp');
  assert.ok(r.variant.plan.workloads.every((w) => w.placements.every((p) => p.provider !== 'gcp')));
  assert.ok(r.base.workloads.some((w) => w.placements.some((p) => p.provider === 'gcp')));
  assert.equal(r.variant.diff.billDeltaCents, r.variant.plan.totals.billCents - r.base.totals.billCents);
  assert.deepEqual(
    r.base.explain.map((e) => e.workload),
    ['chat'],
  );
  // Both plans tell each phase, in order.
  assert.deepEqual(phases.slice(0, phases.length / 2), phases.slice(phases.length / 2));
  assert.ok(phases.includes('compile') && phases.includes('solve'));
});

test('the exact solver is opened once for the request and closed after it; greedy never opens it', async () => {
  const auto = countedSolver();
  const r = await planScenario(startup, FILE, { solver: 'auto', seed: '1' }, { openExact: auto.open });
  assert.equal(auto.opened(), 1);
  assert.equal(auto.closed(), 1);
  assert.equal(r.base.solver.exactStatus, 'optimal'); // HiGHS ran through the port
  const greedy = countedSolver();
  await planScenario(startup, FILE, { solver: 'greedy', seed: '1' }, { openExact: greedy.open });
  assert.equal(greedy.opened(), 0);
});

test('request fields are checked in order, each a UserError with the message the CLI prints', async () => {
  const fails = async (request: Parameters<typeof planScenario>[2], message: RegExp): Promise<void> => {
    await assert.rejects(planScenario(startup, FILE, request), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, message);
      return true;
    });
  };
  await fails({ solver: 'fast', seed: '1' }, /^--solver must be greedy, exact or auto, not "fast"$/);
  await fails(
    { solver: 'greedy', seed: '1', explain: ['nope'] },
    /^--explain: no workload "nope" in examples\/startup\.yaml$/,
  );
  await fails({ solver: 'greedy', seed: '1', without: ['ibm'] }, /^--without: unknown provider "ibm"/);
  await fails(
    { solver: 'greedy', seed: '1', now: '2020-01-01' },
    /^--now 2020-01-01 is outside the scenario's horizon/,
  );
  await fails({ solver: 'greedy', seed: '-1' }, /^--seed must be a whole number .* \[flag\.invalid\]$/);
  await fails({ solver: 'greedy', seed: 1.5 }, /\[flag\.invalid\]$/);
  // The explain check comes before the seed's.
  await fails({ solver: 'greedy', seed: 'x', explain: ['nope'] }, /^--explain/);
});

test('the CI gate names what fails: the example fails survivability (aws lost), and unplaced work is counted', async () => {
  const { base } = await planScenario(startup, FILE, { solver: 'greedy', seed: '1' });
  assert.equal(checkFailure(base), 'check failed: 1 policy violation (policy.survivability)');
  assert.equal(checkFailure({ ...base, violations: [] }), undefined);
  const broken = {
    ...base,
    workloads: base.workloads.map((w, k) => (k === 0 ? { ...w, status: 'unplaced' as const } : w)),
  };
  assert.equal(checkFailure({ ...broken, violations: [] }), `check failed: 1 unplaced (${base.workloads[0]?.id})`);
});
