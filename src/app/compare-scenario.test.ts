import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from './errors.js';
import { parseCompareRequest } from './compare-request.js';
import { checkComparison, compareScenario, compareTasks } from './compare-scenario.js';
import { prepareSimulation, type SimulationRequest } from './prepare-simulation.js';
import { OFFLINE_OPTIMAL, simulateScenario } from './simulate-scenario.js';
import { createHighsSolver } from '../solver-highs/highs-solver.js';
import { repoFiles } from './test-support/files.js';
import { serialPool } from './test-support/serial-pool.js';

import { STARTUP, STARTUP_30D } from './test-support/startup-request.js';
const FILE = STARTUP;
const request: SimulationRequest = STARTUP_30D;
const text = { policies: 'single:aws,skyfleet,offline-optimal', seeds: '3', seed: '5' };

const userError = (f: () => unknown, message: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof UserError && message.test(e.message));
};

test('the request: seeds from the first, workers from the machine at most 64, policies listed once each', () => {
  assert.deepEqual(parseCompareRequest(text, 200), {
    policies: ['single:aws', 'skyfleet', 'offline-optimal'],
    seeds: [5, 6, 7],
    workers: 64,
  });
  assert.equal(parseCompareRequest({ ...text, workers: '3' }, 200).workers, 3);
  userError(
    () => parseCompareRequest({ ...text, seeds: '1001' }, 2),
    /^--seeds must be a whole number from 1 to 1,000/,
  );
  userError(
    () => parseCompareRequest({ ...text, seed: '4294967294' }, 2),
    /runs seeds up to 4294967296, past the largest seed 4294967295 \[flag\.out-of-range\]$/,
  );
  userError(() => parseCompareRequest({ ...text, policies: 'skyfleet,,x' }, 2), /\[flag\.empty-item\]$/);
  userError(() => parseCompareRequest({ ...text, policies: 'skyfleet,skyfleet' }, 2), /\[flag\.duplicate-item\]$/);
});

test('every policy is checked against the scenario before anything runs', () => {
  const p = prepareSimulation(repoFiles(), FILE, request);
  userError(
    () => checkComparison(p, parseCompareRequest({ ...text, policies: 'skyfleet,single:ibm' }, 2)),
    /policy single:ibm: the scenario has no provider "ibm"/,
  );
  assert.doesNotThrow(() => checkComparison(p, parseCompareRequest(text, 2)));
});

test('compare runs every (policy, seed) pair once, in task order, each as simulate would, with the bound below', async () => {
  const p = prepareSimulation(repoFiles(), FILE, request);
  const req = parseCompareRequest(text, 2);
  const pool = serialPool(p);
  const done: [number, number][] = [];
  try {
    const { runs, summaries } = await compareScenario(req, pool, (n, total) => done.push([n, total]));
    assert.deepEqual(
      runs.map((r) => [r.policy, r.seed]),
      compareTasks(req).map((t) => [t.policy, t.seed]),
    );
    assert.deepEqual(
      done,
      runs.map((_, k) => [k + 1, runs.length]),
    );
    assert.deepEqual(
      summaries.map((s) => s.policy),
      req.policies,
    );
    // A run of compare is the run simulate makes for that policy and seed.
    for (const r of runs) {
      const one = await simulateScenario(p, { policy: r.policy, seed: r.seed }, { openLp: createHighsSolver });
      assert.equal(r.effectiveUsd, one.summary.effectiveUsd, `${r.policy} seed ${r.seed}`);
    }
    for (const seed of req.seeds) {
      const bound = runs.find((r) => r.policy === OFFLINE_OPTIMAL && r.seed === seed)?.effectiveUsd ?? Number.NaN;
      for (const r of runs.filter((x) => x.seed === seed && x.policy !== OFFLINE_OPTIMAL))
        assert.ok(bound <= r.effectiveUsd + 2, `${r.policy} seed ${seed}: bound ${bound} above ${r.effectiveUsd}`);
    }
  } finally {
    await pool.close();
  }
});
