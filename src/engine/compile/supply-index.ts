/**
 * Compile stage "supply": the pools of the buckets (pools.ts `buildSupply`) indexed for admission — each pool's
 * provider, its commitment terms, its static capacity per bucket, and the pools grouped into classes that differ only
 * by region and price (the cheapest pool of a class that passes the filters dominates the rest).
 */
import type { ProviderSpec, Snapshot } from '../../core/types.js';
import type { Bucket, Pool } from '../problem.js';
import { buildSupply, type Supply } from '../pools.js';
import { termsOfPools } from '../shape.js';

/** Pools that differ only by region and price: same provider, GPU, tier, instance size, capacity groups and
 * contract terms. Within a class the cheapest pool that passes the filters dominates the rest. */
export interface PoolClass {
  readonly gpu: string;
  readonly pools: readonly Pool[];
}

export function poolClasses(pools: readonly Pool[]): PoolClass[] {
  const byKey = new Map<string, Pool[]>();
  for (const p of pools) {
    const key = [
      p.provider,
      p.gpu,
      p.tier,
      p.gpusPerInstance,
      p.contractId ?? '',
      p.blockId ?? '',
      p.groups.join(','),
      p.burns.join(','),
    ].join('|');
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return [...byKey.values()].map((list) => ({
    gpu: list[0]!.gpu,
    pools: list.sort((a, b) => a.listPricePerGpuHour - b.listPricePerGpuHour || a.index - b.index),
  }));
}

export interface SupplyIndex {
  readonly supply: Supply;
  readonly providerOfPool: readonly ProviderSpec[];
  /** Every class, in first-pool order. */
  readonly allClasses: readonly PoolClass[];
  /** Per pool index: an id of its contract terms (shape.ts termsOfPools). */
  readonly termsOf: Int32Array;
  /** Per pool and bucket, the capacity of its tightest group (static: nothing placed yet). */
  readonly poolCap: readonly (readonly number[])[];
  /** The classes of a workload's GPUs, in its order of preference (one list per distinct GPU list, kept). */
  classesFor(gpus: readonly string[]): readonly PoolClass[];
}

export function indexSupply(snapshot: Snapshot, buckets: readonly Bucket[]): SupplyIndex {
  const supply = buildSupply(snapshot, buckets);
  const providerById = new Map(snapshot.providers.map((p) => [p.id, p]));
  const providerOfPool = supply.pools.map((p) => providerById.get(p.provider)!);
  const allClasses = poolClasses(supply.pools);
  const termsOf = termsOfPools(supply.pools);
  const poolCap = supply.pools.map((pool) =>
    buckets.map((_, b) => Math.min(...pool.groups.map((g) => supply.groups[g]!.capacity[b] ?? 0))),
  );
  const classesByGpu = new Map<string, PoolClass[]>();
  for (const c of allClasses) classesByGpu.set(c.gpu, [...(classesByGpu.get(c.gpu) ?? []), c]);
  const classesOfGpus = new Map<string, PoolClass[]>();
  const classesFor = (gpus: readonly string[]): PoolClass[] => {
    const key = gpus.join('\n');
    let list = classesOfGpus.get(key);
    if (!list) {
      list = gpus.flatMap((g) => classesByGpu.get(g) ?? []);
      classesOfGpus.set(key, list);
    }
    return list;
  };
  return { supply, providerOfPool, allClasses, termsOf, poolCap, classesFor };
}
