/**
 * Instance shapes on the bundled examples (skyfleet issue 9): chat-eu needs 8-GPU replicas and may no longer be put on
 * Lambda's one-GPU gpu_1x_h100_pcie; no placement of either example holds a replica its instance type cannot hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../src/scenario/load.js';
import { parseCatalogCsv } from '../src/scenario/catalog-csv.js';
import { parseThroughputCsv } from '../src/scenario/throughput-csv.js';
import { compile } from '../src/engine/compile.js';
import { DEFAULT_PROFILE } from '../src/engine/profile.js';
import { solveGreedy } from '../src/engine/solvers/greedy.js';
import { gpusFor } from '../src/engine/solvers/greedy-state.js';
import { instanceShapes, undominated } from '../src/engine/pools.js';
import { blockInstances, blockReplicas, packing } from '../src/engine/shape.js';
import type { Scenario } from '../src/core/types.js';
import { reasonText } from '../src/messages/index.js';

function load(file: string): Scenario {
  const catalog = parseCatalogCsv(readFileSync('data/gpu-catalog.csv', 'utf8'), 'catalog');
  const throughput = parseThroughputCsv(readFileSync('data/gpu-relative-throughput.csv', 'utf8'), 'throughput');
  assert.ok(catalog.ok && throughput.ok);
  const s = loadScenarioText(readFileSync(file, 'utf8'), file, {
    catalog: catalog.value,
    throughput: throughput.value,
  });
  assert.ok(s.ok);
  return s.value;
}

test('startup: chat-eu (8-GPU replicas) is never placed on gpu_1x_h100_pcie, and the rejection says why', () => {
  const s = load('examples/startup.yaml');
  const compiled = compile(s.snapshot, s.request, DEFAULT_PROFILE, new Set(['chat-eu']));
  const { problem } = compiled;
  // In Europe (elsewhere the geography filter rejects it first) the one-GPU Lambda shape fails for its shape.
  const why = compiled.rejections
    .get('chat-eu')!
    .filter((r) => r.pool === 'lambda/europe-central-1/H100/on-demand/gpu_1x_h100_pcie');
  assert.deepEqual(
    why.map((r) => [r.filter, r.reason.code, reasonText(r.reason)]),
    [['instance-shape', 'filter.instance-shape.replica', 'needs 8 GPUs per replica; gpu_1x_h100_pcie has 1']],
  );
  assert.match(
    reasonText(compiled.rejectionSamples.get('chat-eu')!['instance-shape']!.reason),
    /needs 8 GPUs per replica; \S+ has 1/,
  );
  const items = compiled.itemsOf.get('chat-eu')!;
  for (const i of items) {
    for (const k of problem.items[i]!.candidates)
      assert.ok(problem.pools[problem.candidates[k]!.pool]!.gpusPerInstance >= 8);
  }
  const sol = solveGreedy(problem, { seed: 1 });
  let units = 0;
  for (const i of items) {
    for (const a of sol.assignments[i]!) {
      const c = problem.candidates[a.candidate]!;
      const pool = problem.pools[c.pool]!;
      assert.notEqual(pool.instanceType, 'gpu_1x_h100_pcie');
      assert.ok(pool.gpusPerInstance >= 8, `${pool.id} holds an 8-GPU replica`);
      assert.equal(gpusFor(c, a.units) % pool.gpusPerInstance, 0, 'whole instances');
      units += a.units;
    }
  }
  assert.equal(units, 6, 'chat-eu is placed in full');
});

for (const file of ['examples/startup.yaml', 'examples/frontier-lab.yaml']) {
  test(`${file}: every placement's replicas fit its instance type, on whole instances`, () => {
    const s = load(file);
    const { problem } = compile(s.snapshot, s.request, DEFAULT_PROFILE);
    const sol = solveGreedy(problem, { seed: 1 });
    const byId = new Map(s.request.workloads.map((w) => [w.id, w]));
    let n = 0;
    sol.assignments.forEach((list, i) => {
      const w = byId.get(problem.items[i]!.workloadId)!;
      for (const a of list) {
        const c = problem.candidates[a.candidate]!;
        const pool = problem.pools[c.pool]!;
        const gpus = gpusFor(c, a.units);
        assert.ok(
          Number.isInteger(gpus / pool.gpusPerInstance),
          `${w.id} on ${pool.id}: ${gpus} GPUs are whole instances`,
        );
        if (w.kind === 'inference')
          assert.ok(
            w.gpusPerReplica <= pool.gpusPerInstance,
            `${w.id}: ${w.gpusPerReplica}-GPU replica on ${pool.instanceType}`,
          );
        else assert.ok(gpus >= w.gpuCount);
        n++;
      }
    });
    assert.ok(n > 0);
  });
}

test('shapes: per GPU count the cheapest type per GPU; a size is dropped only for a larger, strictly cheaper one', () => {
  const o = (instanceType: string, gpusPerInstance: number, pricePerHour: number) => ({
    provider: 'lambda',
    region: 'us-east-1',
    gpu: 'H100',
    instanceType,
    gpusPerInstance,
    pricePerHour,
  });
  const shapes = instanceShapes(
    [
      o('gpu_1x_h100_sxm5', 1, 4.29),
      o('gpu_1x_h100_pcie', 1, 3.29),
      o('gpu_2x_h100_sxm5', 2, 8.38),
      o('gpu_4x_h100_sxm5', 4, 16.36),
      o('gpu_8x_h100_sxm5', 8, 31.92),
      o('frac', 0.5, 1),
    ],
    { id: 'lambda', quotaGpus: 1, interconnectDomainGpus: 8, spotPreemptionsPerHour: 0, spotCapacityFraction: 0 },
  ).get('us-east-1\u0000H100')!;
  assert.deepEqual(
    shapes.map((s) => s.offering.instanceType),
    ['gpu_1x_h100_pcie', 'gpu_2x_h100_sxm5', 'gpu_4x_h100_sxm5', 'gpu_8x_h100_sxm5'],
  );
  // 2x (4.19/GPU) and 4x (4.09/GPU) lose to 8x (3.99/GPU); 1x pcie (3.29/GPU) is the cheapest: kept.
  assert.deepEqual(
    undominated(shapes, (s) => s.perGpu).map((s) => s.offering.instanceType),
    ['gpu_1x_h100_pcie', 'gpu_8x_h100_sxm5'],
  );
  // Equal rates: the smaller shape wastes less, both are kept.
  const even = instanceShapes([o('a1', 1, 3), o('a8', 8, 24)], {
    id: 'lambda',
    quotaGpus: 1,
    interconnectDomainGpus: 8,
    spotPreemptionsPerHour: 0,
    spotCapacityFraction: 0,
  });
  assert.equal(undominated(even.get('us-east-1\u0000H100')!, (s) => s.perGpu).length, 2);
});

test("a reserved block is made of the instance type its contract declares, else the catalog's largest for its GPU", async () => {
  const { buildSupply } = await import('../src/engine/pools.js');
  const { makeBuckets } = await import('../src/engine/buckets.js');
  const { contract, h100Block, offering, provider, snapshot, T0, DAY } = await import(
    '../src/engine/test-support/build.js'
  );
  const block = h100Block();
  const supply = (instanceType?: string) =>
    buildSupply(
      snapshot({
        catalog: {
          offerings: [
            offering('aws', 'us-east-1', 'H100', 4, undefined, 1),
            offering('aws', 'us-east-1', 'H100', 5, undefined, 8),
          ],
        },
        providers: [provider('aws')],
        contracts: [contract('c', 'aws', { reserved: [instanceType ? { ...block, instanceType } : block] })],
      }),
      makeBuckets(T0, T0 + 30 * DAY, 24 * 30, []),
    ).pools.find((p) => p.tier === 'reserved')!;
  assert.deepEqual([supply().instanceType, supply().gpusPerInstance], ['aws.H100.x8', 8]);
  assert.deepEqual([supply('aws.H100.x1').instanceType, supply('aws.H100.x1').gpusPerInstance], ['aws.H100.x1', 1]);
});

test('simulator: on startup every inference block and every gang takes whole instances that hold its replicas', async () => {
  const { buildWorld } = await import('../src/sim/world.js');
  const s = load('examples/startup.yaml');
  const world = buildWorld(s, { start: s.request.horizon.start, end: s.request.horizon.end });
  let n = 0;
  for (const w of s.request.workloads) {
    const gpus = w.kind === 'inference' ? w.gpusPerReplica : w.gpuCount;
    for (const c of world.candidates(w, gpus, {
      clauses: true,
      ...(w.kind === 'inference' ? { geo: w.demand[0]!.geo } : {}),
    })) {
      const pool = world.pools[c.pool]!;
      assert.equal(c.gpus % pool.gpusPerInstance, 0, `${w.id} on ${pool.id}: whole instances`);
      assert.ok(c.gpus >= gpus, `${w.id} on ${pool.id}: ${c.gpus} GPUs hold ${gpus}`);
      if (w.kind === 'inference')
        assert.ok(gpus <= pool.gpusPerInstance, `${w.id}: a replica on one ${pool.instanceType}`);
      n++;
    }
  }
  assert.ok(n > 0);
  const chatEu = s.request.workloads.find((w) => w.id === 'chat-eu')!;
  const pools = world.candidates(chatEu, 8, { clauses: true, geo: 'eu' }).map((c) => world.pools[c.pool]!.instanceType);
  assert.ok(pools.length > 0 && !pools.includes('gpu_1x_h100_pcie'));
});

test('per item, a shape beaten on the same terms is left out; on a full tie the larger instances stay', async () => {
  const { undominatedBlocks } = await import('../src/engine/shape.js');
  // A 64-GPU gang: 64 × 1-GPU VMs or 8 × 8-GPU nodes at the same price per GPU; a 4-GPU type dearer per GPU; other terms.
  const gang = [
    { terms: 0, gpus: 64, units: 1, price: 64 * 2.95, perInstance: 1 },
    { terms: 0, gpus: 64, units: 1, price: 64 * 2.95, perInstance: 8 },
    { terms: 0, gpus: 64, units: 1, price: 64 * 3.1, perInstance: 4 },
    { terms: 1, gpus: 64, units: 1, price: 64 * 9, perInstance: 1 },
  ];
  const by = new Map<number, number>();
  assert.deepEqual(undominatedBlocks(gang, by), [1, 3]);
  assert.deepEqual([...by].sort(), [
    [0, 1],
    [2, 0],
  ]);
  // 1-GPU replicas: one 8-GPU instance serves 8 units, a 1-GPU one 1 unit: neither block dominates the other.
  assert.deepEqual(
    undominatedBlocks([
      { terms: 0, gpus: 1, units: 1, price: 3, perInstance: 1 },
      { terms: 0, gpus: 8, units: 8, price: 24, perInstance: 8 },
    ]),
    [0, 1],
  );
});

test('blockInstances and blockReplicas: whole instances and the replicas they hold, as packing says (0: does not fit)', () => {
  // [GPUs per replica, GPUs per instance, multi-node allowed, instances, replicas]
  const cases: [number, number, boolean, number, number][] = [
    [1, 8, false, 1, 8],
    [3, 8, false, 1, 2],
    [8, 8, false, 1, 1],
    [9, 8, false, 0, 0],
    [9, 8, true, 2, 1],
    [16, 8, true, 2, 1],
    [24, 1, true, 24, 1],
    [2, 1, false, 0, 0],
    [0, 8, true, 0, 0],
    [4, 0, true, 0, 0],
    [Number.NaN, 8, true, 0, 0],
    [0.5, 1, false, 1, 2],
  ];
  for (const [gpus, per, multiNode, instances, replicas] of cases) {
    const where = `${gpus} GPUs on ${per}-GPU instances (multiNode ${multiNode})`;
    assert.equal(blockInstances(gpus, per, multiNode), instances, where);
    assert.deepEqual(packing(gpus, per, multiNode), instances === 0 ? undefined : { instances, replicas }, where);
    if (instances > 0) assert.equal(blockReplicas(gpus, per), replicas, where);
  }
});
