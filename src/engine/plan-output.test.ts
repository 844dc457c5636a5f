/** The plan's output (skyfleet/plan@2): exact money in cents, unserved work valued apart from the bill, what-if
 * moves that really moved, and the binding cause first for work that is not placed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan } from './plan.js';
import { DEFAULT_PROFILE } from './profile.js';
import { diffPlans } from './diff.js';
import { withPriceShock } from './what-if.js';
import { providerId } from '../core/ids.js';
import { cents, sumCents } from '../core/money.js';
import type { Plan, PlacementOut } from './plan-types.js';
import {
  batch,
  DAY,
  inference,
  offering,
  POLICY,
  provider,
  request,
  snapshot,
  T0,
  training,
} from './test-support/build.js';
import { MESSAGES } from '../messages/index.js';

const ctx = { now: T0, seed: 1, words: MESSAGES };
const greedyOnly = { ...DEFAULT_PROFILE, solver: 'greedy' as const };

/** Every number in a field whose name ends in `Cents`, anywhere in the plan. */
function centsFields(v: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(v)) v.forEach((x, i) => void centsFields(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.endsWith('Cents')) out.push([`${path}.${k}`, x]);
      centsFields(x, `${path}.${k}`, out);
    }
  }
  return out;
}

test('money is integer cents and every total is the exact sum of its parts', async () => {
  // Prices with cents that do not add up in binary floating point (0.1 + 0.2 ≠ 0.3): 1.1, 2.2, 3.3 per GPU-hour.
  const snap = snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 1.1, 0.7),
        offering('gcp', 'us-central1', 'H100', 2.2),
        offering('lambda', 'us-east-1', 'H100', 3.3),
      ],
    },
    providers: [
      provider('aws', { quotaGpus: 64, spotPreemptionsPerHour: 0.013 }),
      provider('gcp', { quotaGpus: 24 }),
      provider('lambda'),
    ],
  });
  const ws = [
    batch('b1', { work: 8 * 7.3, tiers: ['on-demand'] }),
    batch('b2', { work: 8 * 11.1, tiers: ['spot'] }),
    training('t', { gpuCount: 16, work: 16 * 33.3 }),
    inference('svc', { demand: [{ geo: 'us', replicas: 3 }] }),
  ];
  const p = await plan(snap, request(ws), greedyOnly, ctx);
  const fields = centsFields(p);
  assert.ok(fields.length > 20, `${fields.length} money fields`);
  for (const [path, v] of fields) assert.ok(Number.isInteger(v), `${path} = ${String(v)} is not integer cents`);
  assert.equal(p.schema, 'skyfleet/plan@2');
  const t = p.totals;
  const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);
  const placements = p.workloads.flatMap((w) => w.placements);
  assert.equal(t.billCents, t.sunkCents + t.spendCents + t.shortfallPaidCents + t.preemptionCents);
  assert.equal(t.incrementalCents, t.billCents - t.baselineCents);
  assert.equal(
    t.spendCents,
    sum(placements, (x) => x.spendCents),
  );
  assert.equal(
    t.preemptionCents,
    sum(placements, (x) => x.preemptionCents),
  );
  assert.ok(t.preemptionCents > 0, 'spot work carries a preemption cost');
  assert.equal(
    t.listCents,
    sum(p.workloads, (w) => w.listCents),
  );
  assert.equal(
    t.unservedCents,
    sum(p.workloads, (w) => w.unservedCents),
  );
  for (const w of p.workloads) {
    assert.equal(
      w.effectiveCents,
      sum(w.placements, (x) => x.effectiveCents),
      w.id,
    );
    assert.equal(
      w.listCents,
      sum(w.placements, (x) => x.listCents),
      w.id,
    );
  }
  assert.equal(
    sum(p.providers, (x) => x.spendCents) + t.preemptionCents,
    t.billCents,
    'Σ provider spend + preemption = bill',
  );
  // Exact to the cent against a hand computation: b1 on aws on-demand, 8 GPUs × 7.3 h × 1.1 USD.
  const b1 = p.workloads.find((w) => w.id === 'b1')!;
  assert.equal(b1.placements[0]!.provider, 'aws');
  assert.equal(b1.placements[0]!.spendCents, Math.round(8 * 7.3 * 1.1 * 100));
});

test('unplaced work is valued as unserved, not counted as a saving', async () => {
  // One provider, 64 GPUs of quota: the second 64-GPU gang cannot be placed.
  const snap = snapshot({
    catalog: { offerings: [offering('aws', 'us-east-1', 'H100', 4), offering('aws', 'us-east-1', 'A100', 2)] },
    providers: [provider('aws', { quotaGpus: 64 })],
  });
  const ws = [training('a', { work: 64 * 100 }), training('b', { gpus: ['H100', 'A100'], work: 64 * 100 })];
  const p = await plan(snap, request(ws), greedyOnly, ctx);
  const b = p.workloads.find((w) => w.status === 'unplaced');
  assert.ok(b, JSON.stringify(p.workloads.map((w) => [w.id, w.status])));
  // 6,400 H100 GPU-hours × the dearest list price per H100-equivalent GPU-hour of an accepted GPU:
  // H100 at 4 USD (÷1), A100 at 2 USD ÷ 0.33 throughput = 6.06 USD for A100-accepting b, 4 USD for a.
  const price = b.id === 'b' ? 2 / 0.33 : 4;
  assert.equal(b.unservedCents, Math.round(64 * 100 * price * 100));
  assert.equal(p.totals.unservedCents, b.unservedCents);
  assert.equal(b.effectiveCents, 0);
  assert.equal(b.listCents, 0);
});

test('losing a provider: a bill that falls because work cannot move shows that work as unserved', async () => {
  // Each provider can hold one 64-GPU gang: losing one leaves its gang with nowhere to go.
  const snap = snapshot({ providers: [provider('aws', { quotaGpus: 64 }), provider('gcp', { quotaGpus: 64 })] });
  const p = await plan(snap, request([training('a'), training('b')]), greedyOnly, ctx);
  assert.equal(p.totals.placed, 2);
  for (const s of p.survivability) {
    assert.equal(s.lost.length, 1, s.provider);
    assert.ok(s.billDeltaCents < 0, `${s.provider}: the bill falls (${s.billDeltaCents})`);
    // 64 GPUs × 240 h of H100 work at the dearest H100 list price, 4 USD.
    assert.equal(s.unservedCents, 64 * 240 * 4 * 100);
    assert.equal(s.lost[0]!.unservedCents, s.unservedCents);
    assert.equal(s.effectiveDeltaCents, s.billDeltaCents + s.unservedCents);
    // The lost gang is valued at the dearest H100 list price (aws, 4 USD), at least what its own bill was.
    assert.ok(
      s.effectiveDeltaCents >= 0,
      `${s.provider}: losing it costs, it does not save (${s.effectiveDeltaCents})`,
    );
  }
});

const placement = (over: Partial<PlacementOut>): PlacementOut => ({
  provider: providerId('aws'),
  region: 'us-east-1',
  gpu: 'H100',
  tier: 'on-demand',
  instanceType: 'p5',
  instances: 1,
  gpus: 8,
  units: 1,
  start: '2027-01-01T00:00:00.000Z',
  end: '2027-01-02T00:00:00.000Z',
  hours: 24,
  spendCents: cents(100),
  preemptionCents: cents(0),
  effectiveCents: cents(100),
  listCents: cents(100),
  ...over,
});

function planWith(workloads: readonly { id: string; placements: PlacementOut[] }[]): Plan {
  return {
    schema: 'skyfleet/plan@2',
    scenario: 's',
    now: '',
    seed: 1,
    horizon: { start: '', end: '', buckets: 1 },
    solver: { used: 'greedy', status: 'heuristic', notes: [], noteReasons: [] },
    totals: {
      billCents: cents(0),
      baselineCents: cents(0),
      incrementalCents: cents(0),
      listCents: cents(0),
      sunkCents: cents(0),
      spendCents: cents(0),
      shortfallPaidCents: cents(0),
      preemptionCents: cents(0),
      unservedCents: cents(0),
      placed: 0,
      partial: 0,
      unplaced: 0,
    },
    workloads: workloads.map((w) => ({
      id: w.id,
      kind: 'inference',
      team: 't',
      class: 'c',
      priority: 1,
      status: w.placements.length ? 'placed' : 'unplaced',
      placements: w.placements,
      effectiveCents: sumCents(w.placements.map((x) => x.effectiveCents)),
      listCents: cents(0),
      unservedCents: cents(0),
      rejected: {},
    })),
    contracts: [],
    providers: [],
    survivability: [],
    violations: [],
    explain: [],
  };
}

test('the diff lists a workload only when its placements really changed', () => {
  const two = [
    placement({ replicas: 10, units: 10, gpus: 80 }),
    placement({ provider: providerId('lambda'), replicas: 10, units: 10, gpus: 80 }),
  ];
  const before = planWith([
    { id: 'same', placements: two },
    { id: 'dearer', placements: [placement({})] },
    { id: 'region', placements: [placement({})] },
    { id: 'split', placements: two },
    { id: 'reordered', placements: [...two] },
  ]);
  const after = planWith([
    { id: 'same', placements: two },
    {
      id: 'dearer',
      placements: [placement({ spendCents: cents(120), effectiveCents: cents(120), listCents: cents(120) })],
    }, // price only
    { id: 'region', placements: [placement({ region: 'us-west-2' })] },
    {
      id: 'split',
      placements: [
        placement({ replicas: 12, units: 12, gpus: 96 }),
        placement({ provider: providerId('lambda'), replicas: 8, units: 8, gpus: 64 }),
      ],
    },
    { id: 'reordered', placements: [two[1]!, two[0]!] },
  ]);
  const d = diffPlans(before, after);
  assert.deepEqual(
    d.moved.map((m) => m.workload),
    ['region', 'split'],
  );
  assert.match(d.moved[0]!.from, /us-east-1/);
  assert.match(d.moved[0]!.to, /us-west-2/);
  assert.notEqual(d.moved[1]!.from, d.moved[1]!.to);
});

test('a price shock that moves nothing lists nothing as moved', async () => {
  const snap = snapshot({ providers: [provider('aws', { quotaGpus: 72 }), provider('gcp', { quotaGpus: 72 })] });
  const req = request([training('a'), training('b'), batch('c', { gpuCount: 8 })]);
  const base = await plan(snap, req, greedyOnly, ctx);
  const variant = await plan(withPriceShock(snap, { provider: 'aws', factor: 1.05 }), req, greedyOnly, ctx);
  const d = diffPlans(base, variant);
  for (const m of d.moved) {
    const a = base.workloads.find((w) => w.id === m.workload)!;
    const b = variant.workloads.find((w) => w.id === m.workload)!;
    assert.notDeepEqual(
      a.placements.map((x) => [x.provider, x.region, x.gpu, x.tier, x.gpus]),
      b.placements.map((x) => [x.provider, x.region, x.gpu, x.tier, x.gpus]),
      m.workload,
    );
  }
  assert.equal(base.totals.unplaced + base.totals.partial, 0, 'everything fits');
  assert.ok(d.billDeltaCents > 0, 'aws is dearer');
  assert.equal(d.unservedDeltaCents, 0);
});

/** A catalog with many GPU models (their rejections are noise) and providers at the default interconnect of 8. */
function manyModels(interconnect = 8) {
  const gpus = ['H100', 'A100', 'L4', 'L40S', 'B200', 'H200', 'MI300X', 'A10G'];
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
  const offerings = ['aws', 'gcp'].flatMap((p, i) =>
    gpus.flatMap((g, j) => regions.map((r, k) => offering(p, r, g, 2 + i + j * 0.5 + k * 0.1))),
  );
  return snapshot({
    catalog: { offerings },
    providers: [
      provider('aws', { interconnectDomainGpus: interconnect }),
      provider('gcp', { interconnectDomainGpus: interconnect }),
    ],
    throughput: { H100: 1, A100: 0.33, L4: 0.1, L40S: 0.3, B200: 2, H200: 1.3, MI300X: 1.1, A10G: 0.1 },
  });
}

test('why not: a gang larger than every interconnect domain leads with that, then the rest grouped with counts', async () => {
  const p = await plan(
    manyModels(),
    request([training('big', { gpuCount: 16, work: 16 * 24, tiers: ['on-demand', 'spot'] })]),
    greedyOnly,
    { ...ctx, explain: ['big'] },
  );
  const w = p.workloads[0]!;
  assert.equal(w.status, 'unplaced');
  assert.equal(w.whyNot?.binding.code, 'why.interconnect');
  assert.deepEqual([w.whyNot.binding.params['gang'], w.whyNot.binding.params['largestDomain']], [16, 8]);
  assert.equal(w.whyNot.binding.pools, 6, 'the six on-demand H100 pools pass every other check');
  assert.match(
    w.unplacedReason!,
    /^needs a gang of 16 GPUs in one interconnect domain; the largest anywhere is 8 .*set `interconnect:`/,
  );
  // The other GPU models come last, as one count, not one line each.
  const others = w.whyNot.others;
  assert.equal(others.at(-1)?.source, 'gpu-model');
  assert.ok(others.at(-1)!.pools >= 42, JSON.stringify(others));
  assert.match(w.unplacedReason!, /also rejected: .*other GPU models ×\d+$/);
  assert.ok(w.unplacedReason!.length < 400, w.unplacedReason!);
  // --explain leads with the same cause.
  assert.equal(p.explain[0]!.whyNot?.binding.code, 'why.interconnect');
  const v = p.violations.find((x) => x.code === 'workload.unplaced')!;
  assert.match(v.message, /^big: needs a gang of 16/);
});

test('why not: the filter that alone keeps the pools out binds (tier), not the first in the list', async () => {
  // Only spot is accepted; the region allow-list also rejects some pools, but spot is what no pool offers.
  const p = await plan(
    manyModels(512),
    request([training('t', { gpuCount: 8, tiers: ['reserved'], regions: ['us-east-1'] })]),
    greedyOnly,
    ctx,
  );
  const w = p.workloads[0]!;
  assert.equal(w.whyNot?.binding.code, 'why.tier');
  assert.match(w.unplacedReason!, /^accepts tiers reserved, but the pools that pass every other check are on-demand/);
  assert.ok(
    w.whyNot.others.some((o) => o.source === 'region'),
    JSON.stringify(w.whyNot.others),
  );
});

test('why not: capacity binds when every filter passes but there is no room', async () => {
  const snap = snapshot({ providers: [provider('aws', { quotaGpus: 64 }), provider('gcp', { quotaGpus: 0 })] });
  const p = await plan(snap, request([training('a'), training('b')]), greedyOnly, ctx);
  const w = p.workloads.find((x) => x.status === 'unplaced')!;
  assert.equal(w.whyNot?.binding.code, 'why.capacity-exhausted');
  assert.match(
    w.unplacedReason!,
    /^capacity: 1 pool passed every check, but none could take it — capacity of aws\/quota is taken/,
  );
});

test('why not: no single filter would admit a pool — the closest pool and its failing filters are named', async () => {
  // Every pool fails two filters: aws is in the wrong region, gcp is the wrong provider, and no pool is reserved.
  const p = await plan(
    snapshot(),
    request([training('t', { providers: ['aws'], regions: ['us-central1'], tiers: ['reserved'] })]),
    greedyOnly,
    ctx,
  );
  const w = p.workloads[0]!;
  assert.equal(w.whyNot?.binding.code, 'why.combined');
  assert.match(
    w.unplacedReason!,
    /^no single constraint: even the closest pool, \S+, fails (provider|region) and tier/,
  );
});

test('why not: a GPU nobody offers is said first', async () => {
  const p = await plan(snapshot(), request([training('t', { gpus: ['B200'] })]), greedyOnly, ctx);
  assert.equal(p.workloads[0]!.whyNot?.binding.code, 'why.no-offer');
  assert.match(p.workloads[0]!.unplacedReason!, /^no pool of a declared provider offers B200/);
});

test('why not: an unmeetable deadline says how late at best', async () => {
  const w = training('late', { work: 64 * 24 * 100, deadline: T0 + 10 * DAY });
  const p = await plan(snapshot(), request([w]), greedyOnly, ctx);
  assert.equal(p.workloads[0]!.whyNot?.binding.code, 'why.deadline');
  assert.match(p.workloads[0]!.unplacedReason!, /^cannot meet its deadline: it finishes 2160 h late even at best/);
});

test('why not: a service short in one geography is partial, and the reason names that geography', async () => {
  // Demand in the US and in Europe; no pool serves Europe.
  const p = await plan(
    snapshot(),
    request([
      inference('svc', {
        demand: [
          { geo: 'us', replicas: 2 },
          { geo: 'eu', replicas: 3 },
        ],
      }),
    ]),
    greedyOnly,
    ctx,
  );
  const w = p.workloads[0]!;
  assert.equal(w.status, 'partial');
  assert.equal(w.whyNot?.binding.code, 'why.geo');
  assert.match(w.unplacedReason!, /^eu: geo: region \S+ \(us\) does not serve demand in eu/);
  // 3 unserved H100 replicas × 8 GPUs × 90 days × 24 h at the dearest H100 list price (4 USD).
  assert.equal(w.unservedCents, 3 * 8 * 90 * 24 * 4 * 100);
  assert.ok(
    p.violations.some((v) => v.code === 'workload.partial' && v.message.startsWith('svc: eu: geo:')),
    JSON.stringify(p.violations),
  );
});

test('survivability rules and policy stay as before', async () => {
  const snap = snapshot({ policy: { ...POLICY, survivability: [{ tiers: [1], fraction: 0.5 }] } });
  const p = await plan(snap, request([inference('chat', { demand: [{ geo: 'us', replicas: 4 }] })]), greedyOnly, ctx);
  for (const s of p.survivability) {
    assert.equal(s.ok, true, s.provider);
    assert.equal(s.effectiveDeltaCents, s.billDeltaCents + s.unservedCents, s.provider);
    assert.equal(
      s.unservedCents,
      s.lost.reduce((x, l) => x + l.unservedCents, 0),
      s.provider,
    );
  }
});
