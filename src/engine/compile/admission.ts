/**
 * Compile stage "candidate admission": the filters (the decision pipeline's planning set, pipeline.ts) asked of every
 * (item, pool) pair, class by class. A pair is admitted when no filter rejects it; the first pool of a class admitted
 * dominates the rest of its class (same capacity and terms, higher price), and a region-blind filter that rejects one
 * pool of a class rejects the whole class. Each rejection goes to the workload's rejection log (rejections.ts), each
 * admitted pair to the costing stage (costing.ts).
 */
import { reason } from '../../core/codes.js';
import type { Snapshot, Workload } from '../../core/types.js';
import type { Filter, FilterContext } from '../filters/filter.js';
import { rejects } from '../pipeline.js';
import type { Candidate, Pool } from '../problem.js';
import { blockInstances, blockReplicas, multiNodeOf } from '../shape.js';
import type { Costing } from './costing.js';
import type { RejectionLog } from './rejections.js';
import type { PoolClass, SupplyIndex } from './supply-index.js';
import type { Timings } from './timing.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Asks the filters about one pair at a time. The filter context is one object refilled for every pair: filters and
 * scorers only read it during the call, and this runs hundreds of thousands of times on a large portfolio. After
 * `evaluate`, `ctx` holds the pair until the next call (the rejection log and the costing stage read it there). */
export class Admission {
  readonly ctx: Mutable<FilterContext>;

  constructor(
    snapshot: Snapshot,
    firstWorkload: Workload,
    private readonly index: SupplyIndex,
    private readonly timings: Timings,
    readonly filters: readonly Filter[],
  ) {
    this.ctx = {
      workload: firstWorkload,
      pool: index.supply.pools[0]!,
      provider: snapshot.providers[0]!,
      contracts: snapshot.contracts,
      policy: snapshot.policy,
      throughput: undefined,
      gpus: 0,
      start: 0,
      end: 0,
      minCapacity: 0,
      first: 0,
      last: 0,
      durationHours: 0,
      geo: undefined,
    };
  }

  /** Runs the filters on one pair, leaving it in `ctx`: the index of the first filter that rejects it, or -1. With
   * `failing`, every filter is asked and the indexes of those that reject are pushed there (why-not). */
  evaluate(w: Workload, geo: string | undefined, pool: Pool, start: number, failing?: number[]): number {
    const t = this.timings.of(w, pool.gpu, start);
    const cap = this.index.poolCap[pool.index]!;
    let minCapacity = Infinity;
    for (let b = t.first; b <= t.last; b++) if (cap[b]! < minCapacity) minCapacity = cap[b]!;
    const ctx = this.ctx;
    ctx.workload = w;
    ctx.pool = pool;
    ctx.provider = this.index.providerOfPool[pool.index]!;
    ctx.throughput = t.rel;
    if (w.kind !== 'inference') ctx.gpus = Math.ceil(w.gpuCount / pool.gpusPerInstance) * pool.gpusPerInstance;
    else {
      // Per unit of demand: the GPUs of one block of whole instances over the units the block serves (shape.ts).
      const instances = blockInstances(w.gpusPerReplica, pool.gpusPerInstance, multiNodeOf(w));
      ctx.gpus =
        instances > 0
          ? (instances * pool.gpusPerInstance) / (blockReplicas(w.gpusPerReplica, pool.gpusPerInstance) * (t.rel ?? 1))
          : w.gpusPerReplica / (t.rel ?? 1);
    }
    ctx.start = start;
    ctx.end = t.end;
    ctx.minCapacity = Number.isFinite(minCapacity) ? minCapacity : 0;
    ctx.first = t.first;
    ctx.last = t.last;
    ctx.durationHours = t.durationHours;
    ctx.geo = geo;
    const filters = this.filters;
    for (let i = 0; i < filters.length; i++) {
      if (rejects(filters[i]!, ctx)) {
        if (!failing) return i;
        failing.push(i);
      }
    }
    return failing?.[0] ?? -1;
  }
}

/** One item to admit: its workload, geography (inference), start and index. */
export interface ItemToAdmit {
  readonly w: Workload;
  readonly geo: string | undefined;
  readonly start: number;
  readonly itemIndex: number;
}

/**
 * Admits one item on the pools of `classes`: appends each admitted pair's candidate to `candidates` and its index to
 * `cands`; every rejection (and every pool skipped as dominated within its class) goes to `log`. When the log explains
 * the workload, the pools of the other classes (`allClasses`) are asked too, for the detailed rejections only.
 */
export function admitItem(
  a: Admission,
  costing: Costing,
  log: RejectionLog,
  item: ItemToAdmit,
  classes: readonly PoolClass[],
  allClasses: readonly PoolClass[],
  candidates: Candidate[],
  cands: number[],
): void {
  const { w, geo, start, itemIndex } = item;
  const filters = a.filters;
  for (const cls of classes) {
    let kept: Pool | undefined;
    for (let k = 0; k < cls.pools.length; k++) {
      const pool = cls.pools[k]!;
      if (kept) {
        // Same capacity, same contract terms, higher price: never better than the pool kept (dominated).
        log.count('dominated', cls.pools.length - k);
        if (log.explaining) {
          const by = kept.id;
          for (let j = k; j < cls.pools.length; j++) {
            const other = cls.pools[j]!;
            log.detail(a.evaluate(w, geo, other, start), other, () =>
              reason('filter.dominated.twin', 'dominated', { by }),
            );
          }
        }
        break;
      }
      const why = a.evaluate(w, geo, pool, start);
      if (why >= 0) {
        log.rejectBy(why, pool);
        if (filters[why]!.regionBlind && k + 1 < cls.pools.length) {
          // The rest of the class differs only in region and price: this filter rejects them all alike.
          log.count(filters[why]!.name, cls.pools.length - k - 1);
          if (log.explaining)
            for (let j = k + 1; j < cls.pools.length; j++) {
              const other = cls.pools[j]!;
              log.detail(a.evaluate(w, geo, other, start), other);
            }
          break;
        }
        continue;
      }
      kept = pool;
      cands.push(candidates.length);
      candidates.push(costing.candidate(itemIndex, w, a.ctx));
    }
  }
  if (log.explaining)
    for (const cls of allClasses)
      if (!classes.includes(cls)) for (const pool of cls.pools) log.detail(a.evaluate(w, geo, pool, start), pool);
}
