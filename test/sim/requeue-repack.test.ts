/**
 * Hand-made cases whose answer is known, for what issue 11 asks the tests to pin beside test/sim/priorities.test.ts
 * (preemption, requeue from the last checkpoint) and test/sim/migration.test.ts (a job re-packed onto a freed reserved
 * block): an inference replica re-packed onto a freed reserved block, and replicas lost to an outage coming back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import type { SimPolicy } from '../../src/sim/policy.js';
import type { SimResult } from '../../src/sim/result.js';
import { H, T0, input, scenario } from './support.js';

const at = (h: number): string => new Date(T0 + h * H).toISOString();
const ON_DEMAND = 688; // cents per GPU-hour, AWS p5.48xlarge (8 H100) in us-east-1
const BLOCK = 200; // cents per GPU-hour of the reserved block, charged used or not

// AWS us-east-1: 8 H100 on demand and a reserved block of 8 H100 for the 3 days. A training job that may use the
// block only holds it for its first 10 h; a service of one 8-GPU replica starts at 1 h, so it lands on demand.
const reservedYaml = `
name: repack-reserved
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  aws: { quota: 8, regions: [us-east-1], interconnect: 8 }
contracts:
  - id: res
    provider: aws
    start: 2027-01-01
    term: 3d
    reserved: [ { id: b, gpu: H100, region: us-east-1, count: 8, rate: 2 USD/GPU-h } ]
workloads:
  - { id: job, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [reserved] }
  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas }, start: ${at(1)} }
`;

const run = (yaml: string, policy: SimPolicy = skyfleetPolicy): SimResult =>
  simulate(input(scenario(yaml)), policy, { seed: 1 });

test('re-pack: a replica on demand moves onto the reserved block once the job holding it finishes', () => {
  const moved = run(reservedYaml);
  const kept = run(reservedYaml, { ...skyfleetPolicy, name: 'no-repack', repack: false });
  const block = 72 * 8 * BLOCK;
  for (const r of [moved, kept]) {
    assert.equal(r.jobs.finished, 1);
    assert.equal(r.jobs.completionHours.mean, 10, 'the job runs 0–10 h on the block');
    assert.equal(r.inference.attainment, 1);
  }
  // Kept: the replica stays on demand from 1 h to the end (71 h). Moved: on demand from 1 h to the 10 h tick only,
  // then on the sunk block, which costs nothing more.
  assert.equal(kept.cost.billedCents, block + 71 * 8 * ON_DEMAND);
  assert.equal(moved.cost.billedCents, block + 9 * 8 * ON_DEMAND);
});

// One provider (lambda, one 8-GPU H100 instance at 3.99 USD/GPU-h), a service of one 8-GPU replica all day, and an
// outage of the whole provider from 5.5 h to 6.5 h: the replica is lost and comes back once lambda is up again.
const outageYaml = `
name: replica-returns
horizon: { start: 2027-01-01, length: 24h, bucket: 1h }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: chat, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas } }
`;

test('a replica lost to an outage comes back when the provider recovers, and serves to the end', () => {
  const s = scenario(outageYaml);
  const outage = { provider: 'lambda', region: '*', start: T0 + 5.5 * H, end: T0 + 6.5 * H };
  const r = simulate(input(s, [outage]), skyfleetPolicy, { seed: 1 });
  const served = (h: number): number => {
    const b = r.periods.find((p) => p.start === T0 + h * H);
    assert.ok(b);
    return b.servedUnitHours / b.demandUnitHours;
  };
  for (let h = 0; h < 5; h++) assert.equal(served(h), 1, `hour ${h}`);
  assert.equal(served(5), 0.5, 'served until the outage at 5.5 h');
  assert.equal(served(6), 0.5, 'back at 6.5 h, when lambda recovers');
  for (let h = 7; h < 24; h++) assert.equal(served(h), 1, `hour ${h}`);
  assert.equal(r.inference.attainment, 23 / 24);
  // A policy that does not top services up (cheapest-first) waits for the 7 h tick: the hour 6–7 is lost.
  const cf = simulate(input(s, [outage]), cheapestFirstPolicy, { seed: 1 });
  assert.equal(cf.inference.attainment, 22.5 / 24);
});
