/**
 * Re-optimising running jobs (src/sim/job-migration.ts, skyfleet's `migrate`): at the hourly step a running job moves,
 * whole gang, to a cheaper pool when the saving over the rest of its run beats the work the move throws away (the
 * hours since its last checkpoint, redone, and MIGRATION_WARMUP_HOURS of warm-up billed on the new pool), never past
 * its deadline. Hand-made cases whose answer is known to the cent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import type { SimPolicy } from '../../src/sim/policy.js';
import type { SimResult } from '../../src/sim/result.js';
import { MIGRATION_WARMUP_HOURS, TIE_WEIGHT } from '../../src/engine/effective-cost.js';
import { H, T0, input, scenario } from './support.js';

/** skyfleet as it was before running jobs moved. */
const noMigrate: SimPolicy = { ...skyfleetPolicy, name: 'no-migrate', migrate: false };
const at = (h: number): string => new Date(T0 + h * H).toISOString();

// AWS us-east-1: 8 H100 on demand (p5.48xlarge, 6.88 USD/GPU-h) and a reserved block of `block` H100 at 2 USD/GPU-h,
// charged whether used or not. Jobs take the reserved block first (sunk), then on demand.
const reservedYaml = (workloads: string[], block = 8, quota = 8): string => `
name: migrate-reserved
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  aws: { quota: ${quota}, regions: [us-east-1], interconnect: ${Math.max(8, quota)} }
contracts:
  - id: res
    provider: aws
    start: 2027-01-01
    term: 3d
    reserved: [ { id: b, gpu: H100, region: us-east-1, count: ${block}, rate: 2 USD/GPU-h } ]
workloads:
${workloads.map((w) => `  - ${w}`).join('\n')}
`;
const run = (yaml: string, policy: SimPolicy = skyfleetPolicy): SimResult =>
  simulate(input(scenario(yaml)), policy, { seed: 1 });
const ON_DEMAND = 688; // cents per GPU-hour, AWS p5.48xlarge in us-east-1

// `first` holds the reserved block for 10 h; `second` arrives with it and runs on demand (320 GPU-h: 40 h, a
// checkpoint every 4 h). At 10 h the block frees: `second` has run 10 h, its last checkpoint at 8 h.
const freed = [
  '{ id: first, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [reserved] }',
  '{ id: second, kind: training, gpus: [H100], count: 8, work: 320 GPU-h, checkpointEvery: 4h, tiers: [reserved, committed, on-demand] }',
];

test('a job moves onto a freed reserved block and the bill drops by exactly the on-demand hours it no longer runs', () => {
  const yaml = reservedYaml(freed);
  const moved = run(yaml);
  const kept = run(yaml, noMigrate);
  // Kept: 40 h on demand. Moved at 10 h: 10 h on demand, the rest on the sunk block; the block's charge is the same.
  assert.equal(kept.cost.billedCents - moved.cost.billedCents, 30 * 8 * ON_DEMAND);
  assert.equal(kept.jobs.migrations, undefined, 'no field for a policy that does not migrate');
  const m = moved.jobs.migrations!;
  assert.equal(m.count, 1);
  assert.equal(m.lostGpuHours, 2 * 8, 'the 2 h since the checkpoint at 8 h, on 8 GPUs');
  assert.equal(m.warmupGpuHours, MIGRATION_WARMUP_HOURS * 8);
  assert.equal(moved.jobs.lostGpuHours, 16, 'counted as an interruption is');
  // Expected saving when decided: 30 h left on demand (× (1 + TIE_WEIGHT), the effective cost), minus the block's
  // cost (0: sunk), minus the 2 h lost and the warm-up on 8 GPUs at the block's list price.
  const s = scenario(yaml);
  const world = buildWorld(s, s.request.horizon);
  const block = world.pools.find((p) => p.tier === 'reserved')!;
  const expected = 30 * 8 * 6.88 * (1 + TIE_WEIGHT) - (2 + MIGRATION_WARMUP_HOURS) * 8 * block.listPricePerGpuHour;
  assert.ok(Math.abs(m.estimatedSavingUsd - expected) < 1e-6, `${m.estimatedSavingUsd} vs ${expected}`);
  // The job resumes from 8 h of work after the warm-up: 32 h on the block, done at 10.25 + 32 = 42.25 h.
  assert.equal(moved.jobs.finished, 2);
  assert.equal(moved.jobs.completionHours.mean, (10 + 42.25) / 2);
  assert.equal(kept.jobs.completionHours.mean, (10 + 40) / 2);
});

// Lambda us-east-1 (8 H100 as single-GPU instances, 3.29 USD/GPU-h) is held by `busy` for 10 h; `mover` runs on AWS
// on demand (6.88) meanwhile, a checkpoint every 4 h. At 10 h it would lose 2 h and warm up 0.25 h on Lambda: moving
// pays when its remaining R hours save more than that, R × (6.88 − 3.29) × (1 + TIE_WEIGHT) > 2.25 × 3.29, R > 2.06 h.
const cheaperYaml = (moverHours: number): string => `
name: migrate-cheaper
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
  aws: { quota: 8, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: busy, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }
  - { id: mover, kind: training, gpus: [H100], count: 8, work: ${moverHours * 8} GPU-h, checkpointEvery: 4h, tiers: [on-demand] }
`;

test('a job does not move when its remaining run is too short to repay the work the move throws away', () => {
  // 12 h of work: 2 h left at 10 h. Saving 2 × 3.59 × 1.001 = 7.19 USD per GPU < 2.25 × 3.29 = 7.40: it stays.
  const stays = run(cheaperYaml(12));
  assert.equal(stays.jobs.migrations?.count, 0);
  assert.equal(stays.cost.billedCents, run(cheaperYaml(12), noMigrate).cost.billedCents);
  assert.equal(stays.cost.billedCents, 10 * 8 * 329 + 12 * 8 * ON_DEMAND);
  // 13 h of work: 3 h left at 10 h pays (10.78 > 7.40). It resumes on Lambda from its 8 h checkpoint: 5 h of work
  // after 0.25 h of warm-up, billed there; 3 h fewer on AWS. The bill drops by exactly 3 × 6.88 − 5.25 × 3.29 per GPU.
  const moves = run(cheaperYaml(13));
  const kept = run(cheaperYaml(13), noMigrate);
  assert.equal(moves.jobs.migrations?.count, 1);
  assert.equal(kept.cost.billedCents, 10 * 8 * 329 + 13 * 8 * ON_DEMAND);
  assert.equal(moves.cost.billedCents, 10 * 8 * 329 + 10 * 8 * ON_DEMAND + 5.25 * 8 * 329);
  assert.equal(kept.cost.billedCents - moves.cost.billedCents, 3 * 8 * ON_DEMAND - 5.25 * 8 * 329);
});

test('a gang moves whole: not while half the room it needs is free, at once when all of it is', () => {
  // A 16-GPU block held by two 8-GPU jobs (10 h and 20 h); a 16-GPU gang on demand (16 AWS GPUs) from 0 h, 40 h long.
  const yaml = reservedYaml(
    [
      '{ id: a, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [reserved] }',
      '{ id: b, kind: training, gpus: [H100], count: 8, work: 160 GPU-h, checkpointEvery: 1h, tiers: [reserved] }',
      '{ id: gang, kind: training, gpus: [H100], count: 16, work: 640 GPU-h, checkpointEvery: 1h, tiers: [reserved, committed, on-demand] }',
    ],
    16,
    16,
  );
  const moved = run(yaml);
  const kept = run(yaml, noMigrate);
  const m = moved.jobs.migrations!;
  assert.equal(m.count, 1);
  assert.equal(m.warmupGpuHours, MIGRATION_WARMUP_HOURS * 16, 'all 16 GPUs warm up on the block');
  assert.equal(m.lostGpuHours, 0, 'moved at 20 h, right on a checkpoint');
  // 20 h on demand (none of it saved at 10 h, when 8 GPUs were free), the other 20 h on the block.
  assert.equal(moved.cost.billedCents, kept.cost.billedCents - 20 * 16 * ON_DEMAND);
  assert.equal(moved.jobs.completionHours.mean, (10 + 20 + 40.25) / 3);
});

test('a move never makes a job miss its deadline', () => {
  // As the first case, with `second` 160 GPU-h long (20 h): staying, it ends at 20 h. Moving at 10 h resumes from its
  // 8 h checkpoint after the warm-up: 10.25 + 12 = 22.25 h; at 12 h, right after a checkpoint: 12.25 + 8 = 20.25 h;
  // at 16 h: 16.25 + 4 = 20.25 h; at any other hour later still. Due at 20.2 h it never moves (and is on time); due
  // at 23 h it moves at 10 h.
  const due = (h: number): string[] => [
    freed[0]!,
    `{ id: second, kind: training, gpus: [H100], count: 8, work: 160 GPU-h, checkpointEvery: 4h, tiers: [reserved, committed, on-demand], deadline: ${at(h)} }`,
  ];
  const tight = run(reservedYaml(due(20.2)));
  assert.equal(tight.jobs.migrations?.count, 0);
  assert.equal(tight.jobs.deadlineMisses, 0);
  assert.equal(tight.jobs.completionHours.mean, (10 + 20) / 2);
  const loose = run(reservedYaml(due(23)));
  assert.equal(loose.jobs.migrations?.count, 1);
  assert.equal(loose.jobs.deadlineMisses, 0);
  assert.equal(loose.jobs.completionHours.mean, (10 + 22.25) / 2);
});

test('priority first: when the freed room fits one job, the priority-1 job moves, though the other would save more', () => {
  const yaml = reservedYaml(
    [
      freed[0]!,
      '{ id: low, kind: batch, priority: 3, gpus: [H100], count: 8, work: 400 GPU-h, checkpointEvery: 1h, tiers: [reserved, committed, on-demand] }',
      '{ id: high, kind: training, priority: 1, gpus: [H100], count: 8, work: 240 GPU-h, checkpointEvery: 1h, tiers: [reserved, committed, on-demand] }',
    ],
    8,
    16,
  );
  const r = run(yaml);
  // `high` (30 h) moves at 10 h, 20 h left: done at 30.25 h. `low` (50 h) waits on demand until the block frees again
  // at 30.25 h and moves at the next step, 31 h (on a checkpoint, 19 h left): done at 50.25 h.
  assert.equal(r.jobs.migrations?.count, 2);
  assert.equal(r.jobs.completionHours.mean, (10 + 30.25 + 50.25) / 3);
});
