/**
 * The incremental cost: effective cost − the bill owed with nothing placed (sunk reserved charges + every commitment
 * minimum paid as shortfall), computed once per world in exact cents (simulate.ts idleBillCents). Known answers by
 * hand on a 2-day contract with a reserved block that burns its USD commitment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idleBillCents, simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { skypilotLikePolicy } from '../../src/sim/policies/skypilot-like.js';
import { summarise } from '../../src/sim/metrics.js';
import type { SimPolicy } from '../../src/sim/policy.js';
import { scenarioJobs, type SimInput } from '../../src/sim/inputs.js';
import { input, scenario } from './support.js';

const yaml = (workloads: string): string => `
name: idle
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 64, regions: [us-east-1], interconnect: 8 }
contracts:
  - id: c1
    provider: lambda
    start: 2027-01-01
    term: 2d
    commitment: { periods: [ { length: 1d, minimum: 1000 USD }, { length: 1d, minimum: 1000 USD } ] }
    reserved: [ { id: b, gpu: H100, region: us-east-1, count: 8, rate: 2 USD/GPU-h } ]
workloads:
${workloads}
`;
const JOB =
  '  - { id: job, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [reserved, on-demand] }';
// By hand: reserved 8 GPUs × 48 h × 2 USD = 768 USD, 384 USD a day burning each day's 1000 USD minimum: each period
// pays a 616 USD shortfall. Idle bill: 768 + 2 × 616 = 2000 USD.
const IDLE_CENTS = 200_000;

/** Never places anything. */
const nowhere: SimPolicy = { name: 'nowhere', clauses: false, blocklist: false, cost: () => Infinity };

test('the bill owed with nothing placed: reserved charges + every minimum as shortfall, to the cent', () => {
  const s = scenario(yaml(JOB));
  const world = buildWorld(s, s.request.horizon);
  assert.equal(idleBillCents(world, skyfleetPolicy), IDLE_CENTS);
  const r = simulate(input(s), nowhere, { seed: 1, world });
  assert.equal(r.cost.billedCents, IDLE_CENTS, 'a run that places nothing bills exactly the idle bill');
  assert.equal(r.cost.idleCents, IDLE_CENTS);
  // What is left is the unserved job, valued as effective cost values it.
  assert.ok(r.cost.unservedUsd > 0);
  assert.equal(r.cost.incrementalUsd, r.cost.unservedUsd);
});

test('a run with nothing to place has incremental cost 0, whatever the policy', () => {
  const s = scenario(yaml(JOB));
  const none: SimInput = {
    ...input(s),
    jobs: { ...scenarioJobs(s, s.request.horizon), count: 0 }, // the scenario's job left out: no work at all
  };
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy, skypilotLikePolicy, nowhere]) {
    const r = simulate(none, policy, { seed: 1 });
    assert.equal(r.cost.billedCents, IDLE_CENTS, policy.name);
    assert.equal(r.cost.incrementalUsd, 0, policy.name);
  }
});

test('a job that runs on the sunk reserved block adds nothing: incremental 0; every policy: effective − idle', () => {
  const s = scenario(yaml(JOB));
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy, skypilotLikePolicy]) {
    const r = simulate(input(s), policy, { seed: 1 });
    assert.equal(r.jobs.finished, 1, policy.name);
    assert.equal(r.cost.billedCents, IDLE_CENTS, policy.name);
    assert.equal(r.cost.incrementalUsd, 0, policy.name);
  }
});

test('compare summarises the incremental cost per policy with its interval, like the other measures', () => {
  const row = (seed: number, incrementalUsd: number) => ({
    policy: 'p',
    seed,
    effectiveUsd: 2000 + incrementalUsd,
    incrementalUsd,
    billedUsd: 2000,
    attainment: null,
  });
  const [s] = summarise([row(1, 10), row(2, 20), row(3, 30)]);
  assert.equal(s!.incrementalUsd!.mean, 20);
  assert.ok(s!.incrementalUsd!.lo < 20 && s!.incrementalUsd!.hi > 20);
});
