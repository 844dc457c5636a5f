/**
 * Priorities and preemption (src/sim/preemption.ts), for policies with `preempt` (skyfleet): a tier-1 service on a
 * full pool stops a lower-priority batch job, which resumes from its last checkpoint with exactly the lost work
 * counted; a replica short of demand comes back when a job finishes, not at the next hourly tick; two teams
 * alternate on a shared pool instead of one waiting behind the other's backlog. Policies without the flag keep
 * their behaviour.
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
const yaml = (workloads: string[], quota = 8): string => `
name: priorities
horizon: { start: 2027-01-01, length: 24h, bucket: 1h }
providers:
  lambda: { quota: ${quota}, regions: [us-east-1], interconnect: 8 }
workloads:
${workloads.map((w) => `  - ${w}`).join('\n')}
`;
const run = (policy: SimPolicy, workloads: string[], quota?: number): SimResult =>
  simulate(input(scenario(yaml(workloads, quota))), policy, { seed: 1 });
const servedIn = (r: SimResult, hour: number): number => {
  const b = r.periods.find((p) => p.start === T0 + hour * H)!;
  return b.demandUnitHours > 0 ? b.servedUnitHours / b.demandUnitHours : Number.NaN;
};
const gpuHours = (r: SimResult): number => r.periods.reduce((s, p) => s + (p.gpuHours.lambda ?? 0), 0);

// An 8-GPU pool. A priority-3 batch job (8 GPUs, 80 GPU-h: 10 h, checkpoint every 2 h) starts at 0 h; a tier-1
// service of one 8-GPU replica is demanded from 3 h to 6 h.
const preemptCase = [
  '{ id: batch, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 2h, tiers: [on-demand] }',
  `{ id: chat, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 8, tiers: [on-demand], demand: { us: 1 replicas }, start: ${at(3)}, end: ${at(6)} }`,
];

test('a tier-1 service on a full pool preempts the batch job, which resumes from its checkpoint with the lost work counted', () => {
  const r = run(skyfleetPolicy, preemptCase);
  // Stopped at 3 h: checkpoint at 2 h, so 1 h × 8 GPUs lost; 16 GPU-h kept.
  assert.deepEqual(r.jobs.priorityPreemptions, { count: 1, lostGpuHours: 8 });
  assert.equal(r.jobs.lostGpuHours, 8);
  assert.equal(r.jobs.interruptions.preemption, 0, 'a priority preemption is not a spot preemption');
  // The service is served in full from 3 h to 6 h.
  for (let h = 3; h < 6; h++) assert.equal(servedIn(r, h), 1);
  assert.equal(r.inference.attainment, 1);
  // The job resumes at 6 h (the service's replica shed at the tick) from 16 GPU-h: 64 GPU-h left, 8 h, done at 14 h;
  // the 8 GPU-h lost are redone.
  assert.equal(r.jobs.finished, 1);
  assert.equal(r.jobs.completionHours.mean, 14);
  assert.equal(r.jobs.redoneGpuHours, 8);
  // GPU-hours: the job's 3 h + 8 h and the replica's 3 h on 8 GPUs = 80 work + 8 lost + 24 serving.
  assert.ok(Math.abs(gpuHours(r) - 112) < 1e-9, `${gpuHours(r)}`);
});

test('cheapest-first does not preempt: the tier-1 service waits, the job runs through, nothing is counted', () => {
  const r = run(cheapestFirstPolicy, preemptCase);
  assert.equal(r.jobs.priorityPreemptions, undefined, 'no field for a policy that does not preempt');
  assert.equal(r.jobs.lostGpuHours, 0);
  assert.equal(r.jobs.completionHours.mean, 10);
  assert.equal(r.inference.attainment, 0);
});

test('victims: lowest priority first, then the least work lost since the last checkpoint', () => {
  // A 16-GPU pool, two 8-GPU jobs: a priority-2 one and a priority-3 one; then two priority-3 ones with different
  // checkpoints. The tier-1 replica takes the priority-3 job in the first case, the one losing less in the second.
  const svc = `{ id: chat, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 8, tiers: [on-demand], demand: { us: 1 replicas }, start: ${at(3)}, end: ${at(6)} }`;
  const byPriority = run(
    skyfleetPolicy,
    [
      '{ id: p2, kind: batch, priority: 2, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 2h, tiers: [on-demand] }',
      '{ id: p3, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 4h, tiers: [on-demand] }',
      svc,
    ],
    16,
  );
  // The priority-3 job goes though it loses 3 h (checkpoint every 4 h) where the priority-2 one would lose 1 h.
  assert.deepEqual(byPriority.jobs.priorityPreemptions, { count: 1, lostGpuHours: 24 });
  const byLoss = run(
    skyfleetPolicy,
    [
      '{ id: a, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 4h, tiers: [on-demand] }',
      '{ id: b, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 2h, tiers: [on-demand] }',
      svc,
    ],
    16,
  );
  assert.deepEqual(byLoss.jobs.priorityPreemptions, { count: 1, lostGpuHours: 8 });
});

test('a priority-1 training job arriving on a full pool preempts the batch job; a priority-2 one waits', () => {
  const jobs = (pri: number): string[] => [
    '{ id: batch, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 2h, tiers: [on-demand] }',
    `{ id: train, kind: training, priority: ${pri}, gpus: [H100], count: 8, work: 16 GPU-h, checkpointEvery: 1h, tiers: [on-demand], start: ${at(3)} }`,
  ];
  const r = run(skyfleetPolicy, jobs(1));
  assert.deepEqual(r.jobs.priorityPreemptions, { count: 1, lostGpuHours: 8 });
  // train runs 3 h → 5 h; batch resumes at 5 h from 16 GPU-h: done at 13 h. Completion times 2 h and 13 h.
  assert.equal(r.jobs.finished, 2);
  assert.equal(r.jobs.completionHours.mean, (2 + 13) / 2);
  const waits = run(skyfleetPolicy, jobs(2));
  assert.deepEqual(waits.jobs.priorityPreemptions, { count: 0, lostGpuHours: 0 });
  assert.equal(waits.jobs.completionHours.mean, (10 + 9) / 2);
});

test('a replica short of demand comes back when a job finishes, not at the next hourly tick', () => {
  // A 16-GPU pool full of two jobs (one done at 2.5 h); a priority-2 service (no preemption) wants two 8-GPU
  // replicas from 2 h.
  const workloads = [
    '{ id: short, kind: batch, priority: 3, gpus: [H100], count: 8, work: 20 GPU-h, tiers: [on-demand] }',
    '{ id: long, kind: batch, priority: 3, gpus: [H100], count: 8, work: 80 GPU-h, tiers: [on-demand] }',
    `{ id: embed, kind: inference, priority: 2, gpus: [H100], gpusPerReplica: 8, tiers: [on-demand], demand: { us: 2 replicas }, start: ${at(2)} }`,
  ];
  const sky = run(skyfleetPolicy, workloads, 16);
  const cf = run(cheapestFirstPolicy, workloads, 16);
  // Hour 2: one replica of two from 2.5 h (skyfleet) or none (cheapest-first, until the 3 h tick).
  assert.ok(Math.abs(servedIn(sky, 2) - 0.25) < 1e-9, `skyfleet served ${servedIn(sky, 2)}`);
  assert.equal(servedIn(cf, 2), 0);
  assert.equal(servedIn(sky, 3), 0.5);
  assert.equal(servedIn(cf, 3), 0.5);
  assert.deepEqual(sky.jobs.priorityPreemptions, { count: 0, lostGpuHours: 0 });
});

test('two teams alternate on a shared pool instead of one waiting behind the other', () => {
  // An 8-GPU pool; team a submits three 1-hour jobs, then team b two, all at 0 h. b's jobs have deadlines of 2.5 h
  // and 4.5 h: met when the teams alternate (a, b, a, b, a), both missed first-come-first-served (a, a, a, b, b).
  const job = (id: string, team: string, deadline?: number): string =>
    `{ id: ${id}, kind: batch, team: ${team}, priority: 3, gpus: [H100], count: 8, work: 8 GPU-h, tiers: [on-demand]${deadline ? `, deadline: ${at(deadline)}` : ''} }`;
  const workloads = [job('a1', 'a'), job('a2', 'a'), job('a3', 'a'), job('b1', 'b', 2.5), job('b2', 'b', 4.5)];
  const sky = run(skyfleetPolicy, workloads);
  assert.equal(sky.jobs.finished, 5);
  assert.equal(sky.jobs.deadlineMisses, 0);
  const cf = run(cheapestFirstPolicy, workloads);
  assert.equal(cf.jobs.finished, 5);
  assert.equal(cf.jobs.deadlineMisses, 2);
});
