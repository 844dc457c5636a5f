/**
 * Compile stage "costing": an admitted (item, pool) pair becomes a candidate with its per-bucket GPU-hours and the
 * coefficients the solvers price it by — spend (price × GPU-hours, and the part of it outside any commitment term),
 * list cost, expected spot rework (effective-cost.ts, the cost model the simulator prices with too), the scorers'
 * preference, and the block of whole instances it is bought in (shape.ts).
 */
import type { Workload } from '../../core/types.js';
import { expectedRework, gpuHoursSpend, lostHoursPerPreemption } from '../effective-cost.js';
import type { FilterContext } from '../filters/filter.js';
import type { Candidate } from '../problem.js';
import type { Profile } from '../profile.js';
import { blockInstances, blockReplicas, multiNodeOf } from '../shape.js';
import type { Timings } from './timing.js';

/**
 * A candidate as compile makes it: its per-bucket spend is gpuHours × the pool's price, computed the first time it
 * is read (a large portfolio has hundreds of thousands of candidates, and the greedy solver reads only the totals of
 * most of them).
 */
export class CompiledCandidate implements Candidate {
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
    if (!this.#spend)
      this.#spend = this.gpuHours.map((g, k) => gpuHoursSpend(g, this.price[this.firstBucket + k] ?? 0));
    return this.#spend;
  }
}

export class Costing {
  constructor(
    private readonly timings: Timings,
    private readonly scorers: Profile['scorers'],
  ) {}

  /** The candidate of the pair `ctx` holds (the admission stage admitted it), for item `itemIndex` of workload w. */
  candidate(itemIndex: number, w: Workload, ctx: FilterContext): Candidate {
    const { pool, provider, gpus } = ctx;
    const t = this.timings.of(w, pool.gpu, ctx.start);
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
      const usd = gpuHoursSpend(gpuHours[k]!, pool.pricePerGpuHour[t.first + k] ?? 0);
      spendTotal += usd;
      if (pool.burns[t.first + k]! < 0) spendOutsideTerms += usd;
    }
    const listCost = gpus * activeHours * pool.listPricePerGpuHour;
    const preemptionCost =
      pool.tier === 'spot'
        ? expectedRework(
            provider.spotPreemptionsPerHour,
            activeHours,
            lostHoursPerPreemption(gang, gang ? w.checkpointEvery : 0),
            gpus,
            pool.listPricePerGpuHour,
          )
        : 0;
    const scorers = this.scorers;
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
  }
}
