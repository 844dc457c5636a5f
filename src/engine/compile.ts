/**
 * compile: Snapshot + PlanRequest + Profile → Problem. Builds the buckets and the supply (pools.ts), turns each
 * workload into items (a gang, or one geography of an inference service), runs the profile's filters on every
 * (item, pool) pair and keeps the feasible pairs as candidates, with their per-bucket GPU-hours and spend.
 */
import type { PlanRequest, Snapshot, Workload } from '../core/types.js';
import type { Candidate, Item, Pool, Problem } from './problem.js';
import { rejection, type FilterContext, type Rejection } from './filters/filter.js';
import { reason, type Reason, type RejectionSource } from '../core/codes.js';
import type { Profile } from './profile.js';
import { bucketAt, hoursToMs, makeBuckets, overlapHours } from './buckets.js';
import { buildSupply } from './pools.js';
import { blockInstances, blockReplicas, multiNodeOf, termsOfPools, undominatedBlocks } from './shape.js';
import { DiagnosisBuilder, type Diagnosis } from './why-not.js';

/** Hours a spot-preempted inference replica is down before its replacement serves (an assumption, documented). */
export const INFERENCE_REPLACEMENT_HOURS = 0.5;

export interface Compiled {
  readonly problem: Problem;
  /** Items of each workload, in item-index order. */
  readonly itemsOf: ReadonlyMap<string, readonly number[]>;
  /** Per workload: how many (item, pool) pairs each filter rejected. */
  readonly rejectionCounts: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Per workload: one example reason per filter that rejected something. */
  readonly rejectionSamples: ReadonlyMap<string, Readonly<Record<string, Rejection>>>;
  /** Per workload, only for the workloads asked to be explained: every rejection with its pool. */
  readonly rejections: ReadonlyMap<string, readonly Rejection[]>;
  /** Workloads with nothing to plan inside the horizon. */
  readonly outsideHorizon: readonly string[];
  /** Per item that no pool admitted: every filter asked about every pool of an accepted GPU (why-not.ts). */
  readonly diagnoses: ReadonlyMap<number, Diagnosis>;
}

function boundaries(snapshot: Snapshot): number[] {
  const out: number[] = [];
  for (const c of snapshot.contracts) {
    out.push(c.start, c.end);
    for (const p of c.commitment?.periods ?? []) out.push(p.start, p.end);
    for (const b of c.reserved) for (const s of b.ramp) out.push(s.from);
  }
  return out;
}

interface ItemSpec {
  geo?: string;
  units: number;
}

function itemSpecs(w: Workload): ItemSpec[] {
  if (w.kind !== 'inference') return [{ units: 1 }];
  return w.demand.filter((d) => d.replicas > 0).map((d) => ({ geo: d.geo, units: d.replicas }));
}

/**
 * A candidate as compile makes it: its per-bucket spend is gpuHours × the pool's price, computed the first time it
 * is read (a large portfolio has hundreds of thousands of candidates, and the greedy solver reads only the totals of
 * most of them).
 */
class CompiledCandidate implements Candidate {
  #spend: number[] | undefined;
  constructor(
    readonly item: number,
    readonly pool: number,
    readonly gpusPerUnit: number,
    readonly firstBucket: number,
    readonly lastBucket: number,
    readonly gpuHours: readonly number[],
    private readonly price: readonly number[],
    readonly spendTotal: number,
    readonly spendOutsideTerms: number,
    readonly preemptionCost: number,
    readonly listCost: number,
    readonly preference: number,
    readonly durationHours: number,
    readonly replicaGpus: number,
    readonly unitsPerReplica: number,
  ) {}

  get spend(): readonly number[] {
    if (!this.#spend) this.#spend = this.gpuHours.map((g, k) => g * (this.price[this.firstBucket + k] ?? 0));
    return this.#spend;
  }
}

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

/** Whether two of the candidates from `first` on sit on pools of the same terms (only those can dominate each other). */
function sharesTerms(
  candidates: readonly Candidate[],
  first: number,
  pools: readonly Pool[],
  termsOf: Int32Array,
): boolean {
  const seen = new Set<number>();
  for (let k = first; k < candidates.length; k++) {
    const t = termsOf[pools[candidates[k]!.pool]!.index]!;
    if (seen.has(t)) return true;
    seen.add(t);
  }
  return false;
}

export function compile(
  snapshot: Snapshot,
  request: PlanRequest,
  profile: Profile,
  explain: ReadonlySet<string> = new Set(),
  now = request.horizon.start,
): Compiled {
  const { start: h0, end: h1 } = request.horizon;
  const buckets = makeBuckets(h0, h1, request.bucketHours, boundaries(snapshot));
  const supply = buildSupply(snapshot, buckets);
  const providerById = new Map(snapshot.providers.map((p) => [p.id, p]));
  const providerOfPool = supply.pools.map((p) => providerById.get(p.provider)!);
  const allClasses = poolClasses(supply.pools);
  const termsOf = termsOfPools(supply.pools);
  // Per pool and bucket, the capacity of its tightest group (static: nothing placed yet).
  const poolCap = supply.pools.map((pool) =>
    buckets.map((_, b) => Math.min(...pool.groups.map((g) => supply.groups[g]!.capacity[b] ?? 0))),
  );
  const classesByGpu = new Map<string, PoolClass[]>();
  for (const c of allClasses) classesByGpu.set(c.gpu, [...(classesByGpu.get(c.gpu) ?? []), c]);
  /** The classes of a workload's GPUs, in its order of preference (one list per distinct GPU list). */
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

  /** Per workload and GPU model: throughput, duration and active buckets (the same on every pool of that GPU). */
  interface Timing {
    rel: number | undefined;
    durationHours: number;
    end: number;
    first: number;
    last: number;
    hours: number[];
    gpuHours: Map<number, number[]>;
  }
  let timingOf = new Map<string, Timing>();
  // The last GPU asked and its timing: a workload's classes come grouped by GPU, so most asks repeat the last one.
  let lastGpu: string | undefined;
  let lastTiming: Timing | undefined;
  const timing = (w: Workload, gpu: string, start: number): Timing => {
    if (gpu === lastGpu) return lastTiming!;
    let t = timingOf.get(gpu);
    if (!t) t = timingOn(w, gpu, start);
    lastGpu = gpu;
    lastTiming = t;
    return t;
  };
  const timingOn = (w: Workload, gpu: string, start: number): Timing => {
    const rel = w.throughput?.[gpu] ?? snapshot.throughput[gpu];
    const gang = w.kind !== 'inference';
    const durationHours = gang ? (rel ? w.work / (w.gpuCount * rel) : Infinity) : ((w.end ?? h1) - start) / 3_600_000;
    const end = Number.isFinite(durationHours) ? start + hoursToMs(durationHours) : h1;
    const first = bucketAt(buckets, start);
    const last = bucketAt(buckets, Math.min(end, h1) - 1);
    const hours: number[] = [];
    for (let b = first; b <= last; b++) hours.push(overlapHours(buckets[b]!, start, end));
    const t = { rel, durationHours, end, first, last, hours, gpuHours: new Map() };
    timingOf.set(gpu, t);
    return t;
  };

  /** The filter context, one object refilled for every (item, pool) pair: filters and scorers only read it during
   * the call, and this runs hundreds of thousands of times on a large portfolio. */
  type Mutable<T> = { -readonly [K in keyof T]: T[K] };
  const ctx: Mutable<FilterContext> = {
    workload: request.workloads[0]!,
    pool: supply.pools[0]!,
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
  /** Runs the profile's filters on one (item, pool) pair, leaving the pair in `ctx`: the index of the first filter that
   * rejects it, or -1. The words of the rejection are asked of that filter only when someone will read them. */
  const filters = profile.filters;
  /** With `failing`, every filter is asked and the indexes of those that reject are pushed there (why-not). */
  const evaluate = (w: Workload, spec: ItemSpec, pool: Pool, start: number, failing?: number[]): number => {
    const t = timing(w, pool.gpu, start);
    const cap = poolCap[pool.index]!;
    let minCapacity = Infinity;
    for (let b = t.first; b <= t.last; b++) if (cap[b]! < minCapacity) minCapacity = cap[b]!;
    ctx.workload = w;
    ctx.pool = pool;
    ctx.provider = providerOfPool[pool.index]!;
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
    ctx.geo = spec.geo;
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i]!;
      if (f.rejects ? f.rejects(ctx) : f.check(ctx) !== undefined) {
        if (!failing) return i;
        failing.push(i);
      }
    }
    return failing?.[0] ?? -1;
  };

  const scorers = profile.scorers;
  const candidateOf = (itemIndex: number, w: Workload, ctx: FilterContext): Candidate => {
    const { pool, provider, gpus } = ctx;
    const t = timing(w, pool.gpu, ctx.start);
    const gang = w.kind !== 'inference';
    let gpuHours = t.gpuHours.get(gpus);
    if (!gpuHours) {
      gpuHours = t.hours.map((h) => gpus * h);
      t.gpuHours.set(gpus, gpuHours);
    }
    let activeHours = 0;
    let spendTotal = 0;
    let spendOutsideTerms = 0;
    for (let k = 0; k < gpuHours.length; k++) {
      activeHours += t.hours[k]!;
      const usd = gpuHours[k]! * (pool.pricePerGpuHour[t.first + k] ?? 0);
      spendTotal += usd;
      if (pool.burns[t.first + k]! < 0) spendOutsideTerms += usd;
    }
    const listCost = gpus * activeHours * pool.listPricePerGpuHour;
    const lost = gang ? w.checkpointEvery / 2 : INFERENCE_REPLACEMENT_HOURS;
    const preemptionCost =
      pool.tier === 'spot' ? provider.spotPreemptionsPerHour * activeHours * lost * gpus * pool.listPricePerGpuHour : 0;
    let preference = 0;
    for (let k = 0; k < scorers.length; k++) preference += scorers[k]!.weight * scorers[k]!.scorer.score(ctx, listCost);
    // A block of whole instances (shape.ts): a gang is one block (its whole instances) serving its one unit; an
    // inference block holds `replicas` replicas on `instances` instances and serves replicas × rel H100-replica units.
    // The instance-shape filter has passed, so the replica fits the shape.
    let blockGpus = gpus;
    let blockUnits = 1;
    if (!gang) {
      const perReplica = (w as { gpusPerReplica: number }).gpusPerReplica;
      blockGpus = blockInstances(perReplica, pool.gpusPerInstance, multiNodeOf(w)) * pool.gpusPerInstance;
      blockUnits = blockReplicas(perReplica, pool.gpusPerInstance) * (t.rel ?? 1);
    }
    return new CompiledCandidate(
      itemIndex,
      pool.index,
      gpus,
      t.first,
      t.last,
      gpuHours,
      pool.pricePerGpuHour,
      spendTotal,
      spendOutsideTerms,
      preemptionCost,
      listCost,
      preference,
      t.durationHours,
      blockGpus,
      blockUnits,
    );
  };

  const items: Item[] = [];
  const candidates: Candidate[] = [];
  const itemsOf = new Map<string, number[]>();
  const rejectionCounts = new Map<string, Record<string, number>>();
  const rejectionSamples = new Map<string, Record<string, Rejection>>();
  const rejections = new Map<string, Rejection[]>();
  const outsideHorizon: string[] = [];
  const diagnoses = new Map<number, Diagnosis>();

  for (const w of request.workloads) {
    const start = Math.max(w.start, h0, now); // nothing starts before the planning instant
    if (start >= h1 || (w.kind === 'inference' && w.end !== undefined && w.end <= start)) {
      outsideHorizon.push(w.id);
      continue;
    }
    const explaining = explain.has(w.id);
    timingOf = new Map();
    lastGpu = undefined;
    const counts: Record<string, number> = {};
    const samples: Record<string, Rejection> = {};
    const detailed: Rejection[] = [];
    const reject = (filter: RejectionSource, why: () => Reason | undefined, pool: string, n = 1): void => {
      counts[filter] = (counts[filter] ?? 0) + n;
      if (samples[filter] === undefined || explaining) {
        const r = rejection(filter, why(), pool);
        samples[filter] ??= r;
        if (explaining) detailed.push(r);
      }
    };
    /** Rejected by filter i: its words are read from the context, which still holds the pair. */
    const rejectBy = (i: number, pool: Pool): void => {
      const name = filters[i]!.name;
      // The common case, counted without building a closure: this filter's sample is taken and no one explains.
      if (samples[name] !== undefined && !explaining) counts[name]! += 1;
      else reject(name, () => filters[i]!.check(ctx), pool.id);
    };
    /** `--explain` only: the detailed rejection of a pool the counts skip in bulk (never touching counts or samples,
     * so that explaining a workload cannot change the plan's bytes). */
    const detail = (spec: ItemSpec, pool: Pool, otherwise?: () => Reason): void => {
      const why = evaluate(w, spec, pool, start);
      if (why >= 0) detailed.push(rejection(filters[why]!.name, filters[why]!.check(ctx), pool.id));
      else if (otherwise) detailed.push(rejection('dominated', otherwise(), pool.id));
    };
    // The same classes, pools, candidates, counts and samples whether or not the workload is explained: only
    // `detailed` grows when it is.
    const classes = classesFor(w.gpus);
    const considered = classes.reduce((n, c) => n + c.pools.length, 0);
    if (supply.pools.length > considered) counts['gpu-model'] = supply.pools.length - considered;
    const survival = snapshot.policy.survivability.find((r) => r.tiers.includes(w.priority));
    const firstRefusal = [
      ...new Set(
        snapshot.contracts
          .filter((c) => c.rightOfFirstRefusal.includes(w.class) && c.start <= start && start < c.end)
          .map((c) => c.provider),
      ),
    ];
    const mine: number[] = [];
    for (const spec of itemSpecs(w)) {
      const itemIndex = items.length;
      const cands: number[] = [];
      const firstCandidate = candidates.length;
      for (const cls of classes) {
        let kept: Pool | undefined;
        for (let k = 0; k < cls.pools.length; k++) {
          const pool = cls.pools[k]!;
          if (kept) {
            // Same capacity, same contract terms, higher price: never better than the pool kept (dominated).
            counts['dominated'] = (counts['dominated'] ?? 0) + cls.pools.length - k;
            if (explaining) {
              const by = kept.id;
              for (let j = k; j < cls.pools.length; j++)
                detail(spec, cls.pools[j]!, () => reason('filter.dominated.twin', 'dominated', { by }));
            }
            break;
          }
          const why = evaluate(w, spec, pool, start);
          if (why >= 0) {
            rejectBy(why, pool);
            if (filters[why]!.regionBlind && k + 1 < cls.pools.length) {
              // The rest of the class differs only in region and price: this filter rejects them all alike.
              counts[filters[why]!.name]! += cls.pools.length - k - 1;
              if (explaining) for (let j = k + 1; j < cls.pools.length; j++) detail(spec, cls.pools[j]!);
              break;
            }
            continue;
          }
          kept = pool;
          cands.push(candidates.length);
          candidates.push(candidateOf(itemIndex, w, ctx));
        }
      }
      if (explaining)
        for (const cls of allClasses) if (!classes.includes(cls)) for (const pool of cls.pools) detail(spec, pool);
      // Shapes of one pool's terms: a block (whole instances) with no more GPUs, serving no fewer units, at no higher
      // price than another's makes the other useless to this item (shape.ts blockDominates).
      if (cands.length > 1 && sharesTerms(candidates, firstCandidate, supply.pools, termsOf)) {
        const mineC = candidates.splice(firstCandidate);
        const blocks = mineC.map((c) => {
          const pool = supply.pools[c.pool]!;
          const gpus = c.replicaGpus ?? c.gpusPerUnit;
          return {
            terms: termsOf[pool.index]!,
            gpus,
            units: c.unitsPerReplica ?? 1,
            price: gpus * pool.listPricePerGpuHour,
            perInstance: pool.gpusPerInstance,
          };
        });
        const by = new Map<number, number>();
        const keep = undominatedBlocks(blocks, by);
        cands.length = 0;
        for (const j of keep) {
          cands.push(candidates.length);
          candidates.push(mineC[j]!);
        }
        if (by.size > 0) {
          for (const [j, i] of by) {
            // Counted only, the common case (as in rejectBy): the sample is taken and no one explains.
            if (samples['dominated'] !== undefined && !explaining) {
              counts['dominated']! += 1;
              continue;
            }
            const [lost, winner] = [supply.pools[mineC[j]!.pool]!, supply.pools[mineC[i]!.pool]!];
            reject('dominated', () => reason('filter.dominated.holds', 'dominated', { by: winner.id }), lost.id);
          }
        }
      }
      if (cands.length === 0) {
        // No pool admits the item: ask every filter about every pool of an accepted GPU, to say which one binds.
        const diag = new DiagnosisBuilder();
        for (const cls of classesFor(w.gpus)) {
          for (const pool of cls.pools) {
            const failing: number[] = [];
            evaluate(w, spec, pool, start, failing);
            diag.add(
              ctx,
              failing.map((i) => filters[i]!),
            );
          }
        }
        diagnoses.set(itemIndex, diag.done());
      }
      const units = spec.units;
      const maxUnitsPerProvider =
        survival && w.kind === 'inference' ? units - Math.ceil(units * survival.fraction) : units;
      const item: { -readonly [K in keyof Item]: Item[K] } = {
        index: itemIndex,
        workloadId: w.id,
        kind: w.kind,
        units,
        divisible: w.kind === 'inference',
        priority: w.priority,
        team: w.team,
        class: w.class,
        firstRefusal,
        maxUnitsPerProvider,
        minProviders: w.kind === 'inference' ? w.minProviders : 1,
        candidates: cands,
      };
      if (spec.geo !== undefined) item.geo = spec.geo; // assigned, not spread: spreads are V8's slow path
      items.push(item);
      mine.push(itemIndex);
    }
    itemsOf.set(w.id, mine);
    rejectionCounts.set(w.id, counts);
    rejectionSamples.set(w.id, samples);
    if (explaining) rejections.set(w.id, detailed);
  }

  const maxSpendShare: Record<string, number> = {};
  const maxGpuShare: Record<string, number> = {};
  for (const p of snapshot.providers) {
    maxSpendShare[p.id] = snapshot.policy.maxSpendShareByProvider[p.id] ?? snapshot.policy.maxSpendShare;
    maxGpuShare[p.id] = snapshot.policy.maxGpuShareByProvider[p.id] ?? snapshot.policy.maxGpuShare;
  }
  const problem: Problem = {
    buckets,
    pools: supply.pools,
    groups: supply.groups,
    commitments: supply.commitments,
    items,
    candidates,
    providers: snapshot.providers.map((p) => p.id),
    maxSpendShare,
    maxGpuShare,
    teamBudgets: snapshot.policy.teamBudgets,
    sunkCost: supply.sunkCost,
    sunkByProvider: supply.sunkByProvider,
  };
  return { problem, itemsOf, rejectionCounts, rejectionSamples, rejections, outsideHorizon, diagnoses };
}
