/**
 * A trace's gpu_type column is honoured (the job runs only on that model) and a job runs at the speed its GPU gives
 * it: hours = work / (gang × throughput relative to H100), on first placement and after an interruption (requeue).
 * A tiny hand-made trace on one provider offering H100 and B200.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/rng.js';
import { traceJobs } from '../../src/sim/inputs.js';
import { parsePhillyJobs } from '../../src/sim/traces/philly.js';
import { gpuTypeNotes } from '../../src/sim/traces/gpu-type.js';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { skypilotLikePolicy } from '../../src/sim/policies/skypilot-like.js';
import type { SimInput } from '../../src/sim/inputs.js';
import type { OutageEvent } from '../../src/sim/outages/events.js';
import { H, T0, scenario } from './support.js';

const S = scenario(`
name: hetero
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 64, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: idle, kind: batch, gpus: [H100], count: 1, work: 0.000001 GPU-h, tiers: [on-demand], start: 2027-01-02T23:00:00Z }
`);
const HEADER = 'job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status';

function run(rows: string[], outages: OutageEvent[] = [], policy = skyfleetPolicy) {
  const t = parsePhillyJobs([HEADER, ...rows].join('\n'), 'tiny.csv');
  assert.ok(t.ok, JSON.stringify(!t.ok && t.issues));
  const horizon = S.request.horizon;
  const jobs = traceJobs(t.value, S, horizon, { repeat: false }, createRng(1));
  const input: SimInput = { scenario: S, horizon, jobs: jobs.ok ? jobs.value : assert.fail(), services: [], outages };
  return { jobs: input.jobs, result: simulate(input, policy, { seed: 1 }) };
}

const relB200 = S.snapshot.throughput.B200!;

test('the trace names B200: the job runs there, 10 H100-hours of an 8-GPU gang take 10 / rel(B200) hours', () => {
  assert.ok(relB200 > 1);
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy, skypilotLikePolicy]) {
    const { jobs, result } = run(['a,0,36000,8,b200,,'], [], policy);
    assert.deepEqual(jobs.templates[jobs.template[0]!]!.gpus, ['B200']);
    assert.equal(result.jobs.finished, 1, policy.name);
    assert.ok(Math.abs(result.jobs.completionHours.mean! - 10 / relB200) < 1e-9, policy.name);
    const b200 = Object.entries(result.periods[0]!.gpuHours).reduce((s, [, v]) => s + v, 0);
    assert.ok(Math.abs(b200 - (8 * 10) / relB200) < 1e-9, `${policy.name}: 8 GPUs × 10 / rel hours billed`);
  }
});

test('the trace names H100 in another spelling: 10 hours on H100; no type: the default list', () => {
  const h = run(['c,0,36000,8,h-100,,']);
  assert.deepEqual(h.jobs.templates[h.jobs.template[0]!]!.gpus, ['H100']);
  assert.equal(h.result.jobs.completionHours.mean, 10);
  const none = run(['d,0,36000,8,,,']);
  // The default list (H100, H200, A100-80GB) kept to the models with a throughput figure in this scenario.
  const known = ['H100', 'H200', 'A100-80GB'].filter((g) => S.snapshot.throughput[g] !== undefined);
  assert.ok(known.length > 0);
  assert.deepEqual(none.jobs.templates[none.jobs.template[0]!]!.gpus, known);
});

test('requeue: an outage 2.5 h in keeps 2 checkpointed hours; the rest runs at B200 speed: done at 1.5 + 10 / rel h', () => {
  const outage = { provider: 'lambda', region: '*', start: T0 + 2.5 * H, end: T0 + 3.5 * H };
  const { result } = run(['a,0,36000,8,B200,,'], [outage]);
  assert.equal(result.jobs.interruptions.outage, 1);
  // Done: 2 h × 8 × rel H100 GPU-h; left: 80 − 16 rel, at 8 × rel per hour from the recovery at 3.5 h.
  assert.ok(Math.abs(result.jobs.completionHours.mean! - (3.5 + (80 - 16 * relB200) / (8 * relB200))) < 1e-9);
  assert.ok(Math.abs(result.jobs.lostGpuHours - 4) < 1e-9);
});

test('a GPU type the scenario does not know runs on the default list, with a trace.unknown-gpu-type note', () => {
  const rows = [HEADER, 'k,0,3600,1,K80,,', 'h,0,3600,1,H100,,', 'n,0,3600,1,,,'];
  const t = parsePhillyJobs(rows.join('\n'), 'tiny.csv');
  assert.ok(t.ok);
  const r = traceJobs(t.value, S, S.request.horizon, { repeat: false }, createRng(1));
  assert.ok(r.ok);
  const gpusOf = (j: number): readonly string[] => r.value.templates[r.value.template[j]!]!.gpus;
  assert.deepEqual(gpusOf(0), gpusOf(2)); // K80: the default list, as the row without a type
  assert.deepEqual(gpusOf(1), ['H100']);
  const notes = gpuTypeNotes(t.value, Object.keys(S.snapshot.throughput));
  assert.deepEqual(
    notes.map((n) => n.code),
    ['trace.unknown-gpu-type'],
  );
  assert.match(notes[0]!.message, /"K80" \(1 job\).*default GPU list/);
});
