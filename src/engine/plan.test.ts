import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from './plan.js';
import { DEFAULT_PROFILE } from './profile.js';
import { compile } from './compile.js';
import {
  batch,
  contract,
  DAY,
  h100Block,
  inference,
  offering,
  provider,
  request,
  snapshot,
  T0,
  training,
  POLICY,
  usdCommitment,
} from './test-support/build.js';
import { MESSAGES } from '../messages/index.js';

const ctx = { now: T0, seed: 1, words: MESSAGES };
const greedyOnly = { ...DEFAULT_PROFILE, solver: 'greedy' as const };
const placementOf = async (...args: Parameters<typeof plan>) => (await plan(...args)).workloads;

test('without contracts the cheapest list price wins', async () => {
  const [w] = await placementOf(snapshot(), request([training('t')]), greedyOnly, ctx);
  assert.equal(w!.status, 'placed');
  assert.equal(w!.placements[0]!.provider, 'gcp');
  assert.equal(w!.placements[0]!.tier, 'on-demand');
  // 64 GPUs × 240 h × 3.5 USD
  assert.equal(w!.effectiveCents, 64 * 240 * 3.5 * 100);
});

test('take-or-pay capacity is free until its minimum is burned, so it beats a cheaper list price', async () => {
  const snap = snapshot({
    contracts: [
      contract('aws-deal', 'aws', {
        commitment: usdCommitment(100_000),
      }),
    ],
  });
  const p = await plan(snap, request([training('t')]), greedyOnly, ctx);
  const w = p.workloads[0]!;
  assert.equal(w.placements[0]!.provider, 'aws');
  assert.equal(w.placements[0]!.tier, 'committed');
  // spend 64 × 240 × 4 = 61,440 < 100,000 minimum: the whole run burns commitment owed anyway.
  assert.equal(w.effectiveCents, 0);
  assert.equal(p.totals.billCents, 100_000_00);
  assert.equal(p.contracts[0]!.periods[0]!.paidShortfallCents, (100_000 - 61_440) * 100);
  assert.ok(w.listCents > 64 * 240 * 3.5 * 100, 'its list price is higher than the cheapest alternative');
});

test('a reserved block is sunk: work goes there first', async () => {
  const snap = snapshot({
    contracts: [
      contract('aws-res', 'aws', {
        reserved: [h100Block()],
      }),
    ],
  });
  const p = await plan(snap, request([training('t')]), greedyOnly, ctx);
  assert.equal(p.workloads[0]!.placements[0]!.tier, 'reserved');
  assert.equal(p.workloads[0]!.effectiveCents, 0);
  assert.equal(p.totals.sunkCents, 64 * 90 * 24 * 2 * 100);
});

test('right of first refusal: offered to the holder first, elsewhere only when it cannot serve', async () => {
  const rofr = contract('aws-rofr', 'aws', { rightOfFirstRefusal: ['training'] });
  const served = await placementOf(snapshot({ contracts: [rofr] }), request([training('t')]), greedyOnly, ctx);
  assert.equal(served[0]!.placements[0]!.provider, 'aws');
  const tooSmall = snapshot({ contracts: [rofr], providers: [provider('aws', { quotaGpus: 32 }), provider('gcp')] });
  const moved = await placementOf(tooSmall, request([training('t')]), greedyOnly, ctx);
  assert.equal(moved[0]!.placements[0]!.provider, 'gcp');
});

test('exclusivity sends a class to one provider and the filter says why', async () => {
  const snap = snapshot({ contracts: [contract('aws-ex', 'aws', { exclusivity: ['training'] })] });
  const p = await plan(snap, request([training('t')]), greedyOnly, { ...ctx, explain: ['t'] });
  assert.equal(p.workloads[0]!.placements[0]!.provider, 'aws');
  const rej = p.explain[0]!.rejections.find((r) => r.pool.startsWith('gcp/'));
  assert.equal(rej?.filter, 'exclusivity');
});

test('an infeasible gang is answered, not crashed on: the constraint is named', async () => {
  const p = await plan(snapshot(), request([training('huge', { gpuCount: 2048, work: 2048 * 10 })]), greedyOnly, ctx);
  const w = p.workloads[0]!;
  assert.equal(w.status, 'unplaced');
  assert.match(w.unplacedReason!, /interconnect/);
  assert.ok(p.violations.some((v) => v.code === 'workload.unplaced'));
});

test('a deadline that no GPU can meet is named', async () => {
  const w = training('late', { work: 64 * 24 * 100, deadline: T0 + 10 * DAY });
  const [out] = await placementOf(snapshot(), request([w]), greedyOnly, ctx);
  assert.equal(out!.status, 'unplaced');
  assert.ok((out!.rejected['deadline'] ?? 0) > 0);
});

test('quota: two large gangs spread over two providers', async () => {
  const snap = snapshot({ providers: [provider('aws', { quotaGpus: 600 }), provider('gcp', { quotaGpus: 600 })] });
  const ws = [training('a', { gpuCount: 512, work: 512 * 100 }), training('b', { gpuCount: 512, work: 512 * 100 })];
  const out = await placementOf(snap, request(ws), greedyOnly, ctx);
  assert.deepEqual(out.map((w) => w.placements[0]!.provider).sort(), ['aws', 'gcp']);
});

test('survivability: a tier-1 service keeps half its capacity when any provider is lost', async () => {
  const snap = snapshot({ policy: { ...POLICY, survivability: [{ tiers: [1], fraction: 0.5 }] } });
  const p = await plan(snap, request([inference('chat', { demand: [{ geo: 'us', replicas: 4 }] })]), greedyOnly, ctx);
  const byProvider = new Map<string, number>();
  for (const pl of p.workloads[0]!.placements)
    byProvider.set(pl.provider, (byProvider.get(pl.provider) ?? 0) + pl.units);
  assert.deepEqual([...byProvider.values()].sort(), [2, 2]);
  assert.ok(p.survivability.every((s) => s.ok));
  assert.equal(p.violations.length, 0);
});

test('spot carries the expected cost of redone work', async () => {
  const snap = snapshot({ providers: [provider('aws', { spotPreemptionsPerHour: 0.01 }), provider('gcp')] });
  const job = batch('b', { gpus: ['H100'], checkpointEvery: 2 });
  const [out] = await placementOf(snap, request([job]), greedyOnly, ctx);
  const pl = out!.placements[0]!;
  assert.equal(pl.tier, 'spot');
  // 8 GPUs × 24 h at 2 USD, plus 0.01/h × 24 h × (2 h / 2) × 8 GPUs × 2 USD of rework
  assert.equal(pl.effectiveCents, Math.round((8 * 24 * 2 + 0.01 * 24 * 1 * 8 * 2) * 100));
  assert.equal(pl.preemptionCents, Math.round(0.01 * 24 * 1 * 8 * 2 * 100));
});

test('a faster GPU does the same work in fewer hours', async () => {
  const snap = snapshot({
    catalog: { offerings: [offering('aws', 'us-east-1', 'B200', 6)] },
    providers: [provider('aws')],
  });
  const [out] = await placementOf(snap, request([training('t', { gpus: ['B200'] })]), greedyOnly, ctx);
  assert.equal(out!.placements[0]!.hours, 120); // 240 H100-hours per GPU at 2× throughput
});

test('the same seed gives the same plan', async () => {
  const ws = [training('a'), training('b'), inference('c'), batch('d')];
  const a = await plan(snapshot(), request(ws), greedyOnly, ctx);
  const b = await plan(snapshot(), request(ws), greedyOnly, ctx);
  assert.deepEqual(a, b);
});

test('a price change per year applies from the horizon start, bucket by bucket', async () => {
  const snap = snapshot({
    providers: [provider('aws', { priceChangePerYear: -0.5 }), provider('gcp', { quotaGpus: 0 })],
  });
  // A 64-GPU job of 2 years at 4 USD: the first year's buckets at 4, the second year's at 2 (yearly buckets).
  const job = training('t', { work: 64 * 2 * 8760 });
  const p = await plan(
    snap,
    { workloads: [job], horizon: { start: T0, end: T0 + 730 * DAY }, bucketHours: 8760 },
    greedyOnly,
    ctx,
  );
  const pl = p.workloads[0]!.placements[0]!;
  assert.equal(pl.provider, 'aws');
  assert.equal(pl.spendCents, 64 * 8760 * (4 + 2) * 100);
});

test('explaining a workload changes nothing but the explanation: same candidates, same counts, same plan bytes', async () => {
  const snap = snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'A100', 2),
        offering('aws', 'us-east-1', 'B200', 9),
        offering('aws', 'us-east-1', 'H100', 4, 2),
        offering('gcp', 'us-central1', 'B200', 8),
        offering('gcp', 'us-central1', 'H100', 3.5, 1.5),
        offering('gcp', 'us-west1', 'H100', 3.9),
      ],
    },
  });
  const req = request([
    training('t', { gpus: ['H100', 'B200'] }),
    inference('s', { gpus: ['B200', 'H100'] }),
    batch('b'),
  ]);
  for (const id of ['t', 's', 'b']) {
    const plain = compile(snap, req, DEFAULT_PROFILE);
    const explained = compile(snap, req, DEFAULT_PROFILE, new Set([id]));
    assert.deepEqual(
      explained.problem.candidates.map((c) => [c.item, c.pool]),
      plain.problem.candidates.map((c) => [c.item, c.pool]),
    );
    assert.equal(JSON.stringify([...explained.rejectionCounts]), JSON.stringify([...plain.rejectionCounts]));
    assert.equal(JSON.stringify([...explained.rejectionSamples]), JSON.stringify([...plain.rejectionSamples]));
    assert.ok((explained.rejections.get(id) ?? []).length > 0, 'the explained workload has its detailed rejections');
    const a = await plan(snap, req, greedyOnly, ctx);
    const b = await plan(snap, req, greedyOnly, { ...ctx, explain: [id] });
    assert.equal(JSON.stringify({ ...b, explain: [] }), JSON.stringify(a));
  }
});
