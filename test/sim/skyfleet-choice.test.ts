/** The skyfleet policy's choice on hand-made cases whose right answer is known. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { effectiveCost, type SimPolicy } from '../../src/sim/policy.js';
import { expectedRunHours, JOB_RESTART_HOURS, lateRunCost } from '../../src/engine/effective-cost.js';
import { input, scenario } from './support.js';

// 8 H100 on AWS us-east-1 (p5.48xlarge: 6.88 USD/GPU-h on demand, 1.28 on spot), spot preempted once an hour.
// The job: 320 H100 GPU-hours on 8 GPUs (40 h), a checkpoint every hour, due 48 h after it starts.
const yaml = `
name: spot-or-deadline
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  aws: { quota: 8, regions: [us-east-1], interconnect: 8, spot: { preemptionsPerHour: 1, capacityShare: 100% } }
workloads:
  - { id: job, kind: batch, gpus: [H100], count: 8, work: 320 GPU-h, checkpointEvery: 1h, deadline: 2027-01-03 }
`;

/** The policy skyfleet was before deadlines were priced: the marginal effective cost alone. */
const effectiveOnly: SimPolicy = { ...skyfleetPolicy, name: 'effective-only', cost: effectiveCost };

test('spot preempted once an hour: the expected rework alone makes spot look cheaper, yet it would miss the deadline', () => {
  // Spot's rework is valued at its own list price (1.28): 40 h × 8 GPUs × (1.28 + 1/h × 0.5 h lost × 1.28) = 614.40
  // USD against 40 × 8 × 6.88 = 2,201.60 USD on demand ...
  assert.ok(40 * 8 * (1.28 + 1 * 0.5 * 1.28) < 40 * 8 * 6.88);
  // ... but 40 h of run stretch to 40 × (1 + 1 × (0.5 + 0.25)) = 70 h expected, past the 48 h deadline, so its
  // 320 H100 GPU-hours are valued as unserved (× 6.88, the dearest list price): 2,201.60 USD more, and on demand wins.
  const runH = expectedRunHours(40, 1, 0.5, JOB_RESTART_HOURS);
  assert.equal(runH, 70);
  assert.ok(Math.abs(lateRunCost(runH, 48, 320, 6.88) - 320 * 6.88) < 1e-9);
  assert.equal(lateRunCost(40, 48, 320, 6.88), 0); // on demand it ends in time
  assert.equal(lateRunCost(70, Number.NaN, 320, 6.88), 0); // no deadline, nothing late
  assert.equal(lateRunCost(70, Number.POSITIVE_INFINITY, 320, 6.88), 0);
});

test('skyfleet runs a job on demand when spot would miss its deadline; the effective cost alone took spot and missed', () => {
  const inp = input(scenario(yaml));
  const world = buildWorld(inp.scenario, inp.horizon);
  assert.equal(world.unservedPricePerH100Hour, 6.88);
  for (const seed of [1, 2, 3]) {
    const sky = simulate(inp, skyfleetPolicy, { seed });
    assert.equal(sky.jobs.interruptions.preemption, 0, `seed ${seed}`);
    assert.equal(sky.jobs.deadlineMisses, 0, `seed ${seed}`);
    assert.equal(sky.jobs.completionHours.mean, 40, `seed ${seed}`);
    assert.equal(sky.cost.billedCents, 320 * 688, `seed ${seed}`); // 320 GPU-h on demand at 6.88 USD
    const before = simulate(inp, effectiveOnly, { seed });
    assert.ok(before.jobs.interruptions.preemption > 0, `seed ${seed}`);
    assert.equal(before.jobs.deadlineMisses, 1, `seed ${seed}`);
  }
});

test('without a deadline skyfleet keeps the cheaper spot run (the deadline term adds nothing)', () => {
  const inp = input(scenario(yaml.replace(', deadline: 2027-01-03', '')));
  const sky = simulate(inp, skyfleetPolicy, { seed: 1 });
  const before = simulate(inp, effectiveOnly, { seed: 1 });
  assert.ok(sky.jobs.interruptions.preemption > 0);
  assert.equal(sky.cost.billedCents, before.cost.billedCents);
  assert.ok(sky.cost.billedCents < 320 * 688);
});

// An 8-GPU inference replica arrives while the cheap pool (Lambda H100, 3.99 USD/GPU-h for an 8-GPU instance) is
// busy with a 30-hour job, so it lands on AWS (6.88 USD/GPU-h). The job ends at hour 30, just before that hour's
// tick (completions are handled first), where a re-packing policy moves the replica to Lambda; a policy that never
// moves keeps paying AWS to the end.
const repackYaml = `
name: repack
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
  aws: { quota: 8, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: job, kind: training, gpus: [H100], count: 8, work: 240 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }
  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas }, start: 2027-01-02 }
`;

test('re-packing: a replica placed on a dear pool for want of room moves to the cheap one once it frees', () => {
  const inp = input(scenario(repackYaml));
  const stay: SimPolicy = { ...skyfleetPolicy, name: 'no-repack', repack: false };
  const moved = simulate(inp, skyfleetPolicy, { seed: 1 });
  const kept = simulate(inp, stay, { seed: 1 });
  assert.equal(moved.inference.attainment, 1);
  assert.equal(kept.inference.attainment, 1);
  // The job: 240 GPU-h on Lambda at 3.29 (1-GPU instances) either way. The replica: 48 h × 8 GPUs from hour 24.
  const job = 240 * 329;
  assert.equal(kept.cost.billedCents, job + 48 * 8 * 688);
  // Moved at hour 30: 6 h on AWS, 42 h on Lambda's 8-GPU instance.
  assert.equal(moved.cost.billedCents, job + 6 * 8 * 688 + 42 * 8 * 399);
});
