/** Property tests: on random portfolios, no plan exceeds any capacity or quota, hard constraints hold, and the
 * same seed gives the same plan. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from './compile.js';
import { DEFAULT_PROFILE } from './profile.js';
import { solveGreedy } from './solvers/greedy.js';
import { gpusFor } from './solvers/greedy-state.js';
import { evaluate } from './objective.js';
import { planState } from './survivability.js';
import { plan } from './plan.js';
import {
  batch,
  contract,
  DAY,
  inference,
  offering,
  provider,
  request,
  snapshot,
  T0,
  training,
  POLICY,
} from './test-support/build.js';
import type { Snapshot, Workload } from '../core/types.js';
import { MESSAGES } from '../messages/index.js';

const PROVIDERS = ['aws', 'gcp', 'oci'];

const scenario = fc.record({
  quotas: fc.tuple(
    fc.integer({ min: 0, max: 600 }),
    fc.integer({ min: 0, max: 600 }),
    fc.integer({ min: 0, max: 600 }),
  ),
  prices: fc.tuple(
    fc.double({ min: 1, max: 10, noNaN: true }),
    fc.double({ min: 1, max: 10, noNaN: true }),
    fc.double({ min: 1, max: 10, noNaN: true }),
  ),
  block: fc.integer({ min: 0, max: 256 }),
  minimum: fc.integer({ min: 0, max: 2_000_000 }),
  exclusive: fc.boolean(),
  rofr: fc.boolean(),
  survive: fc.boolean(),
  gpuShare: fc.constantFrom(1, 0.6),
  jobs: fc.array(
    fc.record({
      kind: fc.constantFrom('training', 'inference', 'batch'),
      gpus: fc.constantFrom(8, 16, 64, 128, 256),
      days: fc.integer({ min: 1, max: 80 }),
      startDay: fc.integer({ min: 0, max: 60 }),
      replicas: fc.integer({ min: 1, max: 12 }),
      priority: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

type Gen = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
function build(s: Gen): { snap: Snapshot; workloads: Workload[] } {
  const snap = snapshot({
    catalog: {
      offerings: PROVIDERS.map((p, i) =>
        offering(p, i === 2 ? 'global' : 'us-east-1', 'H100', s.prices[i]!, s.prices[i]! / 2),
      ),
    },
    providers: PROVIDERS.map((p, i) =>
      provider(p, { quotaGpus: s.quotas[i]!, spotPreemptionsPerHour: i === 1 ? 0.01 : 0 }),
    ),
    contracts: [
      contract('aws-deal', 'aws', {
        commitment: {
          unit: 'usd',
          carryForwardFraction: 0.25,
          periods: [
            { start: T0, end: T0 + 45 * DAY, minimum: s.minimum },
            { start: T0 + 45 * DAY, end: T0 + 90 * DAY, minimum: s.minimum },
          ],
        },
        discount: 0.1,
        reserved: [
          {
            id: 'blk',
            gpu: 'H100',
            region: 'us-east-1',
            ramp: [
              { from: T0, value: s.block / 2 },
              { from: T0 + 30 * DAY, value: s.block },
            ],
            ratePerGpuHour: 2,
            countsTowardCommitment: true,
          },
        ],
        exclusivity: s.exclusive ? ['batch'] : [],
        rightOfFirstRefusal: s.rofr ? ['training'] : [],
      }),
    ],
    policy: { ...POLICY, maxGpuShare: s.gpuShare, survivability: s.survive ? [{ tiers: [1], fraction: 0.5 }] : [] },
  });
  const workloads = s.jobs.map((j, k): Workload => {
    const common = { priority: j.priority, start: T0 + j.startDay * DAY };
    if (j.kind === 'training') return training(`w${k}`, { ...common, gpuCount: j.gpus, work: j.gpus * j.days * 24 });
    if (j.kind === 'batch') return batch(`w${k}`, { ...common, gpuCount: j.gpus, work: j.gpus * j.days * 24 });
    return inference(`w${k}`, { ...common, demand: [{ geo: 'us', replicas: j.replicas }] });
  });
  return { snap, workloads };
}

test('no plan exceeds any capacity group in any bucket; every assignment passed the filters', () => {
  fc.assert(
    fc.property(scenario, fc.integer(), (s, seed) => {
      const { snap, workloads } = build(s);
      const { problem } = compile(snap, request(workloads), DEFAULT_PROFILE);
      const sol = solveGreedy(problem, { seed });
      const used = problem.groups.map(() => new Float64Array(problem.buckets.length));
      sol.assignments.forEach((list, i) => {
        const item = problem.items[i]!;
        let units = 0;
        const perProvider = new Map<string, number>();
        for (const a of list) {
          assert.ok(item.candidates.includes(a.candidate), 'assignment is a filtered candidate');
          const c = problem.candidates[a.candidate]!;
          const pool = problem.pools[c.pool]!;
          units += a.units;
          perProvider.set(pool.provider, (perProvider.get(pool.provider) ?? 0) + a.units);
          if (item.class === 'batch' && s.exclusive) assert.equal(pool.provider, 'aws', 'exclusivity holds');
          for (let b = c.firstBucket; b <= c.lastBucket; b++)
            for (const g of pool.groups) used[g]![b]! += gpusFor(c, a.units);
        }
        assert.ok(units <= item.units + 1e-9, 'never more than demanded');
        for (const n of perProvider.values())
          assert.ok(n <= item.maxUnitsPerProvider + 1e-9, 'survivability spread holds');
      });
      problem.groups.forEach((g, gi) => {
        g.capacity.forEach((cap, b) => {
          assert.ok(used[gi]![b]! <= cap + 1e-6, `${g.id} bucket ${b}: ${used[gi]![b]} > ${cap}`);
        });
      });
      const cost = evaluate(problem, sol);
      assert.ok(Number.isFinite(cost.bill) && cost.bill >= cost.sunk - 1e-6);
      // The greedy's running bookkeeping and the objective agree on the bill (survivability deltas rely on it).
      const tracked = planState(problem, sol).bill();
      assert.ok(
        Math.abs(tracked - cost.bill) <= 1e-6 * Math.max(1, cost.bill),
        `state ${tracked} vs evaluate ${cost.bill}`,
      );
    }),
    { numRuns: 150 },
  );
});

test('the same seed gives the same solution', () => {
  fc.assert(
    fc.property(scenario, fc.integer(), (s, seed) => {
      const { snap, workloads } = build(s);
      const a = solveGreedy(compile(snap, request(workloads), DEFAULT_PROFILE).problem, { seed });
      const b = solveGreedy(compile(snap, request(workloads), DEFAULT_PROFILE).problem, { seed });
      assert.deepEqual(a, b);
    }),
    { numRuns: 50 },
  );
});

// Instance shapes: placements pay for, and hold, whole instances of their pool's instance type.
const shaped = fc.record({
  shapes: fc.array(
    fc.record({
      provider: fc.constantFrom('aws', 'gcp'),
      gpus: fc.constantFrom(1, 2, 4, 8),
      perGpu: fc.double({ min: 1, max: 10, noNaN: true }),
      spot: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  discount: fc.constantFrom(0, 0.2),
  block: fc.constantFrom(0, 16, 24, 64),
  jobs: fc.array(
    fc.record({
      kind: fc.constantFrom('training', 'inference', 'batch'),
      gpus: fc.constantFrom(1, 2, 3, 4, 8, 12, 16),
      multiNode: fc.option(fc.boolean(), { nil: undefined }),
      replicas: fc.integer({ min: 1, max: 9 }),
      days: fc.integer({ min: 1, max: 30 }),
      startDay: fc.integer({ min: 0, max: 40 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

test('every placement holds whole instances that can hold its replicas, and pays instances × instance price × hours', async () => {
  await fc.assert(
    fc.asyncProperty(shaped, fc.integer(), async (s, seed) => {
      const offerings = s.shapes.map((sh, i) => ({
        ...offering(sh.provider, 'us-east-1', 'H100', sh.perGpu, sh.spot ? sh.perGpu / 2 : undefined, sh.gpus),
        instanceType: `${sh.provider}.h100.x${sh.gpus}.${i}`,
      }));
      const snap = snapshot({
        catalog: { offerings },
        providers: [provider('aws'), provider('gcp', { spotPreemptionsPerHour: 0.01, interconnectDomainGpus: 8 })],
        contracts: [
          contract('aws-deal', 'aws', {
            start: T0,
            end: T0 + 90 * DAY,
            discount: s.discount,
            reserved:
              s.block > 0 && offerings.some((o) => o.provider === 'aws')
                ? [
                    {
                      id: 'blk',
                      gpu: 'H100',
                      region: 'us-east-1',
                      ramp: [{ from: T0, value: s.block }],
                      ratePerGpuHour: 2,
                      countsTowardCommitment: false,
                    },
                  ]
                : [],
          }),
        ],
      });
      const workloads = s.jobs.map((j, k): Workload => {
        const common = {
          start: T0 + j.startDay * DAY,
          ...(j.multiNode !== undefined && j.kind !== 'training' ? { multiNode: j.multiNode } : {}),
        };
        if (j.kind === 'training')
          return training(`w${k}`, { ...common, gpuCount: j.gpus, work: j.gpus * j.days * 24 });
        if (j.kind === 'batch') return batch(`w${k}`, { ...common, gpuCount: j.gpus, work: j.gpus * j.days * 24 });
        return inference(`w${k}`, { ...common, gpusPerReplica: j.gpus, demand: [{ geo: 'us', replicas: j.replicas }] });
      });
      const out = await plan(
        snap,
        request(workloads),
        { ...DEFAULT_PROFILE, solver: 'greedy' },
        { now: T0, seed, words: MESSAGES },
      );
      out.workloads.forEach((w, k) => {
        const wl = workloads[k]!;
        const multiNode =
          wl.kind === 'training' || (wl.kind === 'batch' ? (wl.multiNode ?? true) : (wl.multiNode ?? false));
        let units = 0;
        for (const p of w.placements) {
          const o = offerings.find((x) => x.instanceType === p.instanceType);
          assert.ok(o, `${p.instanceType} is a catalog instance type`);
          const g = o.gpusPerInstance;
          assert.ok(Number.isInteger(p.instances) && p.instances >= 1, `whole instances: ${p.instances}`);
          assert.equal(p.gpus, p.instances * g, 'GPUs = instances × GPUs per instance');
          if (wl.kind === 'inference') {
            assert.ok(p.replicas !== undefined && p.replicas >= 1);
            if (!multiNode)
              assert.ok(wl.gpusPerReplica <= g, `a ${wl.gpusPerReplica}-GPU replica on ${p.instanceType} (${g} GPUs)`);
            const perReplica =
              wl.gpusPerReplica <= g ? 1 / Math.floor(g / wl.gpusPerReplica) : Math.ceil(wl.gpusPerReplica / g);
            assert.ok(
              Math.ceil(p.replicas * perReplica - 1e-9) <= p.instances,
              `${p.replicas} replicas fit ${p.instances} instances`,
            );
            assert.ok(p.replicas * wl.gpusPerReplica <= p.gpus, 'instances × GPUs per instance ≥ GPUs placed');
            units += p.units;
          } else {
            assert.ok(wl.gpuCount <= p.gpus, 'the gang fits its instances');
            if (!multiNode) assert.ok(wl.gpuCount <= g, `a single-instance gang of ${wl.gpuCount} on ${g}`);
            assert.equal(p.instances, Math.ceil(wl.gpuCount / g), 'no more instances than the gang needs');
          }
          const hours = (Date.parse(p.end) - Date.parse(p.start)) / 3_600_000;
          const rate =
            p.tier === 'reserved'
              ? 0
              : p.tier === 'spot'
                ? o.spotPricePerHour!
                : p.tier === 'committed'
                  ? o.pricePerHour * (1 - s.discount)
                  : o.pricePerHour;
          const want = p.instances * rate * hours * 100; // cents
          assert.ok(
            Math.abs(p.spendCents - want) <= 1 + 1e-6 * want,
            `${w.id} on ${p.instanceType}: spend ${p.spendCents} cents vs ${p.instances} × ${rate} × ${hours} USD = ${want}`,
          );
        }
        if (wl.kind === 'inference') assert.ok(units <= wl.demand[0]!.replicas + 1e-6);
      });
    }),
    { numRuns: 120 },
  );
});
