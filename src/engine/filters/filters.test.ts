/** Every filter with a fast `rejects` answers exactly as its `check` does, on every (workload, pool) pair of a
 * portfolio with varied tiers, providers, regions and geographies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROFILE } from '../profile.js';
import { buildSupply } from '../pools.js';
import { makeBuckets } from '../buckets.js';
import type { FilterContext } from './filter.js';
import {
  batch,
  contract,
  inference,
  offering,
  POLICY,
  provider,
  snapshot,
  T0,
  training,
  DAY,
} from '../test-support/build.js';
import { reasonText } from '../../messages/index.js';

test('rejects agrees with check for every filter that has it', () => {
  const snap = snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 4, 2),
        offering('aws', 'eu-west-1', 'H100', 4.5, 2.2),
        offering('gcp', 'us-central1', 'A100', 3),
        offering('gcp', 'asia-east1', 'H100', 3.5, 1.5),
      ],
    },
    providers: [provider('aws', { spotPreemptionsPerHour: 0.01 }), provider('gcp', { spotPreemptionsPerHour: 0.02 })],
  });
  const buckets = makeBuckets(T0, T0 + 90 * DAY, 24 * 30, []);
  const { pools } = buildSupply(snap, buckets);
  const workloads = [
    training('t', { gpus: ['H100'], providers: ['aws'] }),
    training('t2', { gpus: ['A100', 'H100'], regions: ['us-central1'] }),
    batch('b', { tiers: ['spot'] }),
    inference('i', { gpus: ['H100'] }),
  ];
  let checked = 0;
  for (const w of workloads) {
    for (const pool of pools) {
      for (const geo of [undefined, 'us', 'eu', 'asia']) {
        const ctx: FilterContext = {
          workload: w,
          pool,
          provider: snap.providers.find((p) => p.id === pool.provider)!,
          contracts: [],
          policy: snap.policy,
          throughput: 1,
          gpus: 8,
          start: T0,
          end: T0 + DAY,
          minCapacity: 1000,
          first: 0,
          last: 0,
          durationHours: 24,
          geo,
        };
        for (const f of DEFAULT_PROFILE.filters) {
          if (!f.rejects) continue;
          assert.equal(f.rejects(ctx), f.check(ctx) !== undefined, `${f.name} on ${w.id} × ${pool.id} × ${geo}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} pairs`);
});

/** A filter that declares itself region-blind lets compile ask once for a whole pool class (pools that differ only
 * in region and price): its verdict must then be the same on every pool of a class, for any workload. */
test('a region-blind filter answers alike on every pool of a class', async () => {
  const fc = (await import('fast-check')).default;
  const { poolClasses } = await import('../compile.js');
  const regions = ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'sa-east-1'];
  const offerings = ['aws', 'gcp'].flatMap((p, i) =>
    ['H100', 'A100', 'L4'].flatMap((gpu, j) =>
      regions.map((r, k) =>
        offering(p, r, gpu, 2 + i + j + k * 0.25, k % 2 === 0 ? 1 + j : undefined, gpu === 'L4' ? 1 : 8),
      ),
    ),
  );
  const snap = snapshot({
    catalog: { offerings },
    providers: [
      provider('aws', { spotPreemptionsPerHour: 0.01, interconnectDomainGpus: 64 }),
      provider('gcp', { spotPreemptionsPerHour: 0.02 }),
    ],
    contracts: [contract('aws-deal', 'aws', { exclusivity: ['finetune'] })],
    policy: { ...POLICY, residency: [{ appliesTo: ['eu-team'], geos: ['eu'] }] },
  });
  const buckets = makeBuckets(T0, T0 + 90 * DAY, 24 * 30, []);
  const { pools } = buildSupply(snap, buckets);
  const classes = poolClasses(pools).filter((c) => c.pools.length > 1);
  assert.ok(classes.length >= 6, `${classes.length} classes with several regions`);
  const blind = DEFAULT_PROFILE.filters.filter((f) => f.regionBlind);
  assert.ok(blind.length >= 5, blind.map((f) => f.name).join(', '));
  const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
  const workload = fc.record({
    kind: fc.constantFrom('training', 'batch', 'inference'),
    gpus: sub(['H100', 'A100', 'L4']),
    providers: fc.option(sub(['aws', 'gcp']), { nil: undefined }),
    regions: fc.option(sub(regions), { nil: undefined }),
    tiers: sub(['on-demand', 'committed', 'spot', 'reserved'] as const),
    class: fc.constantFrom('pretrain', 'finetune', 'eval'),
    team: fc.constantFrom('eu-team', 'us-team'),
    count: fc.integer({ min: 1, max: 128 }),
    deadlineDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  });
  fc.assert(
    fc.property(
      workload,
      fc.constantFrom(undefined, 'us', 'eu', 'asia'),
      fc.double({ min: 0.3, max: 3, noNaN: true }),
      (spec, geo, rel) => {
        const over = {
          gpus: spec.gpus,
          tiers: [...spec.tiers],
          class: spec.class,
          team: spec.team,
          ...(spec.providers ? { providers: spec.providers } : {}),
          ...(spec.regions ? { regions: spec.regions } : {}),
        };
        const w =
          spec.kind === 'inference'
            ? inference('w', over)
            : spec.kind === 'training'
              ? training('w', {
                  ...over,
                  gpuCount: spec.count,
                  ...(spec.deadlineDays ? { deadline: T0 + spec.deadlineDays * DAY } : {}),
                })
              : batch('w', {
                  ...over,
                  gpuCount: spec.count,
                  ...(spec.deadlineDays ? { deadline: T0 + spec.deadlineDays * DAY } : {}),
                });
        for (const cls of classes) {
          // What compile derives from the workload and the class (the same for every pool of the class).
          const first = cls.pools[0]!;
          const gpus =
            w.kind !== 'inference' ? Math.ceil(w.gpuCount / first.gpusPerInstance) * first.gpusPerInstance : 1 / rel;
          const durationHours = (24 * 20) / rel;
          const verdicts = cls.pools.map((pool) => {
            const ctx: FilterContext = {
              workload: w,
              pool,
              provider: snap.providers.find((p) => p.id === pool.provider)!,
              contracts: snap.contracts,
              policy: snap.policy,
              throughput: rel,
              gpus,
              start: T0,
              end: T0 + durationHours * 3_600_000,
              minCapacity: 100,
              first: 0,
              last: 0,
              durationHours,
              geo,
            };
            return blind.map((f) => f.check(ctx) === undefined);
          });
          for (const v of verdicts) assert.deepEqual(v, verdicts[0], `${w.kind} on the class of ${first.id}`);
        }
      },
    ),
    { numRuns: 200, seed: 7 },
  );
});

test('instance-shape: a replica sits on one instance, or (multiNode) on whole instances within one interconnect domain', () => {
  const snap = snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 4, undefined, 8),
        offering('gcp', 'us-central1', 'H100', 3.5, undefined, 1),
      ],
    },
    providers: [provider('aws', { interconnectDomainGpus: 16 }), provider('gcp')],
  });
  const { pools } = buildSupply(snap, makeBuckets(T0, T0 + 90 * DAY, 24 * 30, []));
  const filter = DEFAULT_PROFILE.filters.find((f) => f.name === 'instance-shape')!;
  const check = (w: FilterContext['workload'], pool: (typeof pools)[number], gpus: number) =>
    filter.check({
      workload: w,
      geo: 'us',
      pool,
      provider: snap.providers.find((p) => p.id === pool.provider)!,
      contracts: [],
      policy: POLICY,
      throughput: 1,
      gpus,
      start: T0,
      end: T0 + DAY,
      minCapacity: 1e9,
      first: 0,
      last: 0,
      durationHours: 24,
    });
  /** The filter's reason in words (the renderer's), as the plan's JSON gives it. */
  const ask = (w: FilterContext['workload'], pool: (typeof pools)[number], gpus: number): string | undefined => {
    const r = check(w, pool, gpus);
    return r && reasonText(r);
  };
  const [aws8, gcp1] = [pools.find((p) => p.provider === 'aws')!, pools.find((p) => p.provider === 'gcp')!];
  assert.equal(ask(inference('i', { gpusPerReplica: 8 }), aws8, 1), undefined);
  assert.equal(ask(inference('i', { gpusPerReplica: 8 }), gcp1, 8), 'needs 8 GPUs per replica; gcp.H100.x1 has 1');
  assert.deepEqual(check(inference('i', { gpusPerReplica: 8 }), gcp1, 8), {
    code: 'filter.instance-shape.replica',
    source: 'instance-shape',
    params: { needs: 8, instanceType: 'gcp.H100.x1', perInstance: 1 },
  });
  assert.equal(ask(inference('i', { gpusPerReplica: 8, multiNode: true }), gcp1, 8), undefined);
  assert.equal(ask(inference('i', { gpusPerReplica: 16, multiNode: true }), aws8, 1), undefined); // 2 × 8 GPUs ≤ 16
  assert.match(
    ask(inference('i', { gpusPerReplica: 24, multiNode: true }), aws8, 1)!,
    /3 × aws\.H100\.x8 \(24 GPUs\) exceed aws's largest interconnect domain \(16\)/,
  );
  assert.equal(ask(batch('b', { gpuCount: 8 }), gcp1, 8), undefined); // a batch gang spans instances by default
  assert.match(
    ask(batch('b', { gpuCount: 8, multiNode: false }), gcp1, 8)!,
    /needs 8 GPUs in its gang on one instance/,
  );
  assert.equal(ask(batch('b', { gpuCount: 8, multiNode: false }), aws8, 8), undefined);
  assert.equal(ask(training('t', { gpuCount: 64 }), gcp1, 64), undefined); // training is multi-node by nature
  // With nodes (a SkyPilot task's num_nodes): instances of exactly the GPUs per node.
  assert.equal(ask(training('t', { gpuCount: 16, nodes: 2 }), aws8, 16), undefined);
  assert.equal(
    ask(training('t', { gpuCount: 16, nodes: 2 }), gcp1, 16),
    'runs on 2 node(s) of 8 GPUs each (nodes); gcp.H100.x1 has 1',
  );
  assert.equal(ask(training('t', { gpuCount: 1, nodes: 1 }), gcp1, 1), undefined);
  assert.match(ask(training('t', { gpuCount: 1, nodes: 1 }), aws8, 1)!, /1 node\(s\) of 1 GPUs each/);
  assert.match(ask(inference('i', { gpusPerReplica: 16, multiNode: true, nodes: 2 }), gcp1, 16)!, /of 8 GPUs each/);
});
