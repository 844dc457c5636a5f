import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHighsSolver } from '../solver-highs/highs-solver.js';
import { UserError } from './errors.js';
import type { LpSolverSession, OpenLpSolver } from './ports.js';
import { prepareSimulation, type SimulationRequest } from './prepare-simulation.js';
import { toSummary } from './run-summary.js';
import { OFFLINE_OPTIMAL, simulateScenario } from './simulate-scenario.js';
import { repoFiles } from './test-support/files.js';

import { STARTUP, STARTUP_30D } from './test-support/startup-request.js';
const FILE = STARTUP;
const request: SimulationRequest = STARTUP_30D;

/** The real HiGHS adapter, its sessions and LP solves counted. */
function countedLp(): { open: OpenLpSolver; opened: () => number; closed: () => number; solves: () => number } {
  let opened = 0;
  let closed = 0;
  let solves = 0;
  const open = (): LpSolverSession => {
    opened++;
    const s = createHighsSolver();
    return {
      solveLp: (lp, columns) => {
        solves++;
        return s.solveLp(lp, columns);
      },
      close: async () => {
        closed++;
        await s.close();
      },
    };
  };
  return { open, opened: () => opened, closed: () => closed, solves: () => solves };
}

test('prepare reads the catalog, the throughput table, the scenario, then the incident archive', () => {
  const files = repoFiles();
  const p = prepareSimulation(files, FILE, request);
  assert.deepEqual(
    files.reads.map((r) => r.kind),
    ['catalog', 'throughput table', 'scenario', 'incident archive'],
  );
  assert.equal(files.reads.at(-1)?.name, 'data/cloud-incidents-2018-2020.csv');
  assert.equal(p.world.end - p.world.start, 30 * 24 * 3_600_000);
  // Without outages the archive is not read at all.
  const none = repoFiles();
  prepareSimulation(none, FILE, { ...request, outages: 'none' });
  assert.ok(!none.reads.some((r) => r.kind === 'incident archive'));
});

test('a flag is checked before any input is read; a trace problem names the trace', () => {
  const files = repoFiles();
  assert.throws(
    () => prepareSimulation(files, FILE, { ...request, jobRate: '0' }),
    (e: unknown) => e instanceof UserError && /^--job-rate must be a number greater than 0/.test(e.message),
  );
  assert.equal(files.reads.length, 0);
  const bad = repoFiles({ 'bad.csv': 'job_id,submit_time_s\nx,0\n' });
  assert.throws(
    () => prepareSimulation(bad, FILE, { ...request, trace: 'bad.csv' }),
    (e: unknown) => e instanceof UserError && /trace\.missing-column/.test(e.message),
  );
});

test('simulate runs the policy through the simulator and reports progress through the port', async () => {
  const p = prepareSimulation(repoFiles(), FILE, {
    ...request,
    horizon: '180d',
    outages: 'none',
    trace: 'data/traces/philly_jobs.csv',
  });
  const progress: [number, number][] = [];
  const lp = countedLp();
  const { summary, result } = await simulateScenario(
    p,
    { policy: 'skyfleet', seed: 3 },
    { openLp: lp.open, onProgress: (events, now) => progress.push([events, now]) },
  );
  assert.ok(result);
  assert.deepEqual(summary, toSummary(result));
  assert.equal(summary.policy, 'skyfleet');
  assert.equal(summary.seed, 3);
  assert.equal(lp.opened(), 0, 'no LP for an online policy');
  // The simulator tells every 200,000 events.
  assert.equal(progress.length, Math.floor(result.events / 200_000));
  assert.ok(progress.length > 0);
  for (let k = 1; k < progress.length; k++) {
    const [e0, t0] = progress[k - 1] ?? [0, 0];
    const [e1, t1] = progress[k] ?? [0, 0];
    assert.ok(e1 >= e0 && t1 >= t0, 'progress only moves forward');
  }
  const last = progress.at(-1);
  assert.ok(last && last[0] <= result.events && last[1] <= p.world.end);
});

test('offline-optimal solves its LP through the port (opened, one solve, closed) and bounds every policy', async () => {
  const p = prepareSimulation(repoFiles(), FILE, request);
  const lp = countedLp();
  const bound = await simulateScenario(p, { policy: OFFLINE_OPTIMAL, seed: 1 }, { openLp: lp.open });
  assert.equal(bound.result, undefined);
  assert.deepEqual([lp.opened(), lp.solves(), lp.closed()], [1, 1, 1]);
  for (const policy of ['skyfleet', 'cheapest-first', 'single:aws']) {
    const run = await simulateScenario(p, { policy, seed: 1 }, { openLp: lp.open });
    assert.ok(
      bound.summary.effectiveUsd <= run.summary.effectiveUsd + 0.01 * 200,
      `${policy}: bound ${bound.summary.effectiveUsd} above ${run.summary.effectiveUsd}`,
    );
  }
});

test('hindsight solves the bound LP through the port for its plan, and lies between the bound and skyfleet', async () => {
  const p = prepareSimulation(repoFiles(), FILE, request);
  const lp = countedLp();
  const h = await simulateScenario(p, { policy: 'hindsight', seed: 1 }, { openLp: lp.open });
  assert.ok(h.result);
  assert.deepEqual([lp.opened(), lp.solves(), lp.closed()], [1, 1, 1]);
  const bound = await simulateScenario(p, { policy: OFFLINE_OPTIMAL, seed: 1 }, { openLp: lp.open });
  const sky = await simulateScenario(p, { policy: 'skyfleet', seed: 1 }, { openLp: lp.open });
  assert.ok(bound.summary.effectiveUsd <= h.summary.effectiveUsd + 0.01 * 200);
  assert.ok(h.summary.effectiveUsd <= sky.summary.effectiveUsd);
});

test('an unknown policy is a UserError naming it', async () => {
  const p = prepareSimulation(repoFiles(), FILE, { ...request, outages: 'none' });
  await assert.rejects(
    simulateScenario(p, { policy: 'bogus', seed: 1 }, { openLp: countedLp().open }),
    (e: unknown) => e instanceof UserError && /unknown policy "bogus"/.test(e.message),
  );
});
