/**
 * A simulation policy decides where a job or an inference replica goes, given the state of the world now. The
 * simulator does the bookkeeping (capacity, outages, billing); a policy only ranks the feasible candidates:
 * `cost` returns the USD it believes running `gpus` GPUs on the candidate for `hours` adds (lower is better;
 * Infinity = never). Ties go to the candidate listed first (pool order), so the choice is deterministic.
 */
import {
  type CommitmentGap,
  expectedRunHours,
  JOB_RESTART_HOURS,
  lateRunCost,
  lostHoursPerPreemption,
  marginalEffectiveCost,
  marginalEffectiveFloor,
} from '../engine/effective-cost.js';
import { type Candidate, HOUR_MS, type World } from './world.js';

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
  commitmentGap(pool: number): CommitmentGap | undefined;
}

export interface Placement {
  /** 'job': a gang for `hours`; 'replica': one inference replica for one hour. */
  readonly kind: 'job' | 'replica';
  readonly checkpointH: number;
  /** Locations (World.poolLoc values) this job failed in before, for policies that blocklist. */
  readonly blocked?: ReadonlySet<number> | undefined;
  /** The job's deadline, epoch ms; NaN or absent = none. */
  readonly deadline?: number | undefined;
  /** The job's template (JobSet.template), for policies that follow a plan made per template (lp-plan.ts). */
  readonly template?: number | undefined;
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
  /**
   * Priorities and preemption (preemption.ts): a priority-1 inference replica or priority-1 job that finds no free
   * room stops lower-priority jobs (requeued from their last checkpoint); replicas short of demand come back at the
   * next completion or bucket boundary; the waiting queue is shared fairly between teams. Absent = none of these.
   */
  readonly preempt?: boolean;
  /** Move inference replicas to cheaper pools at each hourly tick when the move pays (inference-repack.ts). */
  readonly repack?: boolean;
  /**
   * Re-optimise running jobs at a fixed cadence (job-migration.ts, every REOPTIMISE_EVERY_HOURS at the hourly tick):
   * a checkpointed job moves, whole gang, to a pool cheaper in effective terms when the saving over the rest of its
   * run beats the work the move throws away (engine/effective-cost.ts migrationSaving), never past its deadline.
   */
  readonly migrate?: boolean;
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

/** The engine's marginal effective cost (engine/effective-cost.ts), online: the candidate's price in the current
 * bucket, the gap its commitment term has now, spot rework for a job's checkpoint interval or a replica's replacement. */
export function effectiveCost(view: PolicyView, c: Candidate, hours: number, p: Placement): number {
  const pool = view.world.pools[c.pool]!;
  if (pool.tier === 'reserved') return 0; // sunk, whatever its term's gap (not asked for)
  // Preemption facts are looked up for spot only (the rework is 0 elsewhere): this runs for every candidate priced.
  const spot = pool.tier === 'spot';
  return marginalEffectiveCost(
    pool,
    view.bucket,
    c.gpus,
    hours,
    spot ? lostHoursPerPreemption(p.kind === 'job', p.checkpointH) : 0,
    spot ? (view.world.preemptionsPerHour[pool.provider] ?? 0) : 0,
    view.commitmentGap(c.pool),
  );
}

/**
 * `skyfleet`'s price of a candidate: the marginal effective cost (`effectiveCost`) plus, for a job with a deadline the
 * run is expected to miss, its whole work valued as unserved (engine/effective-cost.ts `lateRunCost`), its run time stretched on spot
 * by the expected preemptions, each redoing the work since the last checkpoint and waiting `JOB_RESTART_HOURS`
 * (`expectedRunHours`). So work is priced per unit done (hours = remaining work ÷ the candidate's speed) and a cheap
 * pool — slow, or spot preempted often — loses to a dearer one that meets the deadline. Never below `effectiveCost`,
 * so `effectiveFloor` still bounds it.
 */
export function deadlineAwareCost(view: PolicyView, c: Candidate, hours: number, p: Placement): number {
  const cost = effectiveCost(view, c, hours, p);
  const deadline = p.deadline;
  if (p.kind !== 'job' || deadline === undefined || Number.isNaN(deadline)) return cost;
  const pool = view.world.pools[c.pool];
  const lambda = pool?.tier === 'spot' ? (view.world.preemptionsPerHour[pool.provider] ?? 0) : 0;
  const runHours =
    lambda > 0
      ? expectedRunHours(hours, lambda, lostHoursPerPreemption(true, p.checkpointH), JOB_RESTART_HOURS)
      : hours;
  const toDeadline = (deadline - view.now) / HOUR_MS;
  return cost + lateRunCost(runHours, toDeadline, hours * c.gpus * c.rel, view.world.unservedPricePerH100Hour);
}

/** Lower bound per hour of `effectiveCost` (SimPolicy.floor): engine/effective-cost.ts marginalEffectiveFloor. */
export function effectiveFloor(world: World, c: Candidate, bucket: number): number {
  return marginalEffectiveFloor(world.pools[c.pool]!, bucket, c.gpus);
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
