/**
 * A simulation policy decides where a job or an inference replica goes, given the state of the world now. The
 * simulator does the bookkeeping (capacity, outages, billing); a policy only ranks the feasible candidates:
 * `cost` returns the USD it believes running `gpus` GPUs on the candidate for `hours` adds (lower is better;
 * Infinity = never). Ties go to the candidate listed first (pool order), so the choice is deterministic.
 */
import type { Candidate, World } from './world.js';

export interface PolicyView {
  readonly world: World;
  readonly now: number;
  /** Current time bucket. */
  readonly bucket: number;
  /**
   * The commitment term pool `pool` burns now, and how much of its minimum (in the term's unit: USD or GPU-hours)
   * is still unburned after counting what is billed so far and what the allocations running now will burn if they
   * run to the end of the period. Undefined when the pool burns no commitment now.
   */
  commitmentGap(pool: number):
    | {
        readonly unit: 'usd' | 'gpu-hours';
        readonly gap: number;
        readonly hoursLeft: number;
        readonly shortfallRate: number;
      }
    | undefined;
}

export interface Placement {
  /** 'job': a gang for `hours`; 'replica': one inference replica for one hour. */
  readonly kind: 'job' | 'replica';
  readonly checkpointH: number;
  /** Locations (World.poolLoc values) this job failed in before, for policies that blocklist. */
  readonly blocked?: ReadonlySet<number> | undefined;
}

export interface SimPolicy {
  readonly name: string;
  /** Honour contract clauses: exclusivity (candidate filter) and right of first refusal (tried first). */
  readonly clauses: boolean;
  /** Remember failed locations per job and avoid them on retry (SkyPilot's blocklist). */
  readonly blocklist: boolean;
  /**
   * Spread inference replicas as the planner does (inference.ts): each service × geography on at least its
   * `minProviders` providers and, under a survivability rule, no provider above units − ceil(units × fraction) —
   * whenever capacity allows (demand is served anyway when it does not). Absent = no spread.
   */
  readonly spread?: boolean;
  cost(view: PolicyView, c: Candidate, hours: number, p: Placement): number;
  /**
   * Optional, for speed: a lower bound per hour on `cost` for candidate `c` in time bucket `bucket`, whatever the
   * state (commitment gaps, blocklists, what is free): cost(view, c, hours, p) >= floor(world, c, bucket) × hours for
   * every hours >= 0 (up to float rounding). The simulator then prices candidates in increasing order of
   * floor / throughput and stops once no remaining one can beat (or tie) the best so far (rank.ts); the choice is the
   * same as pricing every candidate. Without it every candidate is priced.
   */
  floor?(world: World, c: Candidate, bucket: number): number;
}

/**
 * The engine's marginal effective cost (engine/objective.ts), online: a reserved block is sunk (0); spend on a pool
 * that burns a commitment term saves the shortfall it avoids — USD terms: the spend itself, up to the term's projected
 * unburned minimum (so that capacity is free until the minimum is burned); GPU-hour terms: the GPU-hours burned up to the
 * gap, valued at the term's shortfall rate (engine/pools.ts: its cheapest discounted GPU); spot adds its expected rework
 * (preemptions per hour × hours × half a checkpoint interval × GPUs × list price, as engine/compile.ts).
 */
export function effectiveCost(view: PolicyView, c: Candidate, hours: number, p: Placement): number {
  const pool = view.world.pools[c.pool]!;
  if (pool.tier === 'reserved') return 0;
  const price = pool.pricePerGpuHour[view.bucket] ?? pool.listPricePerGpuHour;
  const spend = price * c.gpus * hours;
  let cost = spend;
  const gap = view.commitmentGap(c.pool);
  if (gap && gap.gap > 0) {
    const within = Math.min(hours, gap.hoursLeft);
    const use = gap.unit === 'usd' ? price * c.gpus * within : c.gpus * within;
    const free = Math.min(use, gap.gap);
    cost -= gap.unit === 'usd' ? free : free * gap.shortfallRate;
  }
  if (pool.tier === 'spot') {
    const lost = p.kind === 'job' ? p.checkpointH / 2 : 0.5;
    cost += (view.world.preemptionsPerHour[pool.provider] ?? 0) * hours * lost * c.gpus * pool.listPricePerGpuHour;
  }
  // Among equally free options, prefer the one that spends (or burns) less: a sunk reserved block first, then the
  // committed pool whose minimum this work eats least of.
  return Math.max(0, cost) + TIE_WEIGHT * spend;
}

/** Weight of raw spend in the effective-cost ranking, a tie-breaker only. */
export const TIE_WEIGHT = 1e-3;

/**
 * Lower bound per hour of `effectiveCost` (SimPolicy.floor): 0 on a reserved block; on a pool that burns a commitment
 * term in this bucket the commitment may make the spend free, leaving the tie-breaker TIE_WEIGHT × spend; on any other
 * pool nothing is free, so at least (1 + TIE_WEIGHT) × spend (spot adds its rework on top).
 */
export function effectiveFloor(world: World, c: Candidate, bucket: number): number {
  const pool = world.pools[c.pool]!;
  if (pool.tier === 'reserved') return 0;
  const price = pool.pricePerGpuHour[bucket] ?? pool.listPricePerGpuHour;
  const burns = (pool.burns[bucket] ?? -1) >= 0;
  return (burns ? TIE_WEIGHT : 1 + TIE_WEIGHT) * price * c.gpus;
}

/** What a broker that knows only list prices sees: catalog price × GPU-hours; a reservation is priced at 0. */
export function listCost(view: PolicyView, c: Candidate, hours: number): number {
  const pool = view.world.pools[c.pool]!;
  return pool.tier === 'reserved' ? 0 : pool.listPricePerGpuHour * c.gpus * hours;
}

/** Lower bound per hour of `listCost` (exact: list price × GPUs, 0 for a reservation). */
export function listFloor(world: World, c: Candidate): number {
  const pool = world.pools[c.pool]!;
  return pool.tier === 'reserved' ? 0 : pool.listPricePerGpuHour * c.gpus;
}
