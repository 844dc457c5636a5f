import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INFERENCE_REPLACEMENT_HOURS } from '../effective-cost.js';
import { batch, contract, inference, offering, provider, snapshot, T0 } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';

test('costing: spend = GPU-hours × price per bucket, list cost, spot rework, preference; GPU-hours shared', () => {
  const snap = snapshot({
    providers: [provider('aws', { spotPreemptionsPerHour: 0.1 }), provider('gcp', { spotPreemptionsPerHour: 0.1 })],
  });
  // 8 GPUs for 24 × 40 h across two 30-day buckets.
  const w = batch('b', { gpuCount: 8, work: 8 * 24 * 40, checkpointEvery: 2 });
  const { admission, costing, index } = stages(snap, [w]);
  const spot = index.supply.pools.find((p) => p.provider === 'aws' && p.tier === 'spot')!;
  assert.equal(admission.evaluate(w, undefined, spot, T0), -1);
  const c = costing.candidate(0, w, admission.ctx);
  assert.deepEqual(c.gpuHours, [8 * 720, 8 * 240]);
  assert.equal(c.spendTotal, 8 * 720 * 2 + 8 * 240 * 2);
  assert.equal(c.spendOutsideTerms, c.spendTotal, 'no commitment term');
  assert.equal(c.listCost, 8 * 960 * 2);
  assert.equal(c.preemptionCost, 0.1 * 960 * 1 * 8 * 2, 'lost: half a checkpoint interval');
  assert.equal(c.preference, 0.01 * c.listCost, 'the tier scorer: spot is less preferred');
  assert.deepEqual(c.spend, [8 * 720 * 2, 8 * 240 * 2]);
  const other = index.supply.pools.find((p) => p.provider === 'gcp' && p.tier === 'spot')!;
  admission.evaluate(w, undefined, other, T0);
  assert.equal(costing.candidate(1, w, admission.ctx).gpuHours, c.gpuHours, 'the same GPUs, the same array');
});

test('costing: spend burning a commitment term is not outside terms; inference rework is the replacement time', () => {
  const snap = snapshot({
    providers: [provider('aws', { spotPreemptionsPerHour: 0.1 }), provider('gcp')],
    catalog: { offerings: [offering('aws', 'us-east-1', 'H100', 4, 2), offering('gcp', 'us-central1', 'H100', 3.5)] },
    contracts: [
      contract('cud', 'gcp', {
        commitment: { unit: 'usd', periods: [{ start: T0, end: T0 + 1e12, minimum: 1 }], carryForwardFraction: 0 },
      }),
    ],
  });
  const w = batch('b');
  const { admission, costing, index } = stages(snap, [w]);
  const committed = index.supply.pools.find((p) => p.tier === 'committed')!;
  assert.equal(admission.evaluate(w, undefined, committed, T0), -1);
  const c = costing.candidate(0, w, admission.ctx);
  assert.ok((c.spendTotal ?? 0) > 0);
  assert.equal(c.spendOutsideTerms, 0);
  const svc = inference('i', { tiers: ['spot'], gpusPerReplica: 8 });
  const spot = index.supply.pools.find((p) => p.provider === 'aws' && p.tier === 'spot')!;
  assert.equal(admission.evaluate(svc, 'us', spot, T0), -1);
  const r = costing.candidate(1, svc, admission.ctx);
  assert.equal(r.preemptionCost, 0.1 * r.durationHours * INFERENCE_REPLACEMENT_HOURS * 8 * 2);
  assert.deepEqual([r.replicaGpus, r.unitsPerReplica], [8, 1]);
});
