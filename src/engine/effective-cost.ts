/**
 * The marginal effective cost of one candidate, the one cost model the planner's candidate costing (compile's
 * costing stage: spend and preemption coefficients) and the simulator's online policy (sim/policy.ts) both use:
 *
 *   spend    = GPUs × hours × price                           (price × GPU-hours; a reserved pool is sunk: cost 0)
 *   rework   = preemptions/h × hours × lost hours × GPUs × list price       (spot only: work redone after a preemption)
 *   saving   = the shortfall a commitment term avoids when this spend burns its unburned minimum (the gap):
 *              USD terms: the spend up to the gap; GPU-hour terms: the GPU-hours up to the gap × the shortfall rate
 *   cost     = max(0, spend − saving + rework) + TIE_WEIGHT × spend
 *
 * and, for the simulator's re-optimisation step (sim/job-migration.ts), what moving a running job costs and saves:
 *   migration = (hours of work lost since its last checkpoint + MIGRATION_WARMUP_HOURS) × GPUs × the new list price
 *   saving    = cost of its remaining work where it runs − cost on the new pool − migration
 *
 * The planner settles commitments over the whole plan (objective.ts), so its candidates carry spend and rework only;
 * the simulator knows the gap of each term now and prices the saving as it goes. The arithmetic order of every formula
 * here is part of the output (plan bytes, simulation results): change it only on purpose.
 */
import type { Pool } from './problem.js';

/** Hours a spot-preempted inference replica is down before its replacement serves (an assumption, documented). */
export const INFERENCE_REPLACEMENT_HOURS = 0.5;

/** Weight of raw spend in the effective-cost ranking, a tie-breaker only: among equally free options, prefer the one
 * that spends (or burns) less — a sunk reserved block first, then the committed pool whose minimum it eats least of. */
export const TIE_WEIGHT = 1e-3;

/** The unburned part of the minimum of the commitment term a pool burns now, in the term's unit (USD or GPU-hours),
 * the hours left in its period, and what a GPU-hour of shortfall costs (1 for a USD term). */
export interface CommitmentGap {
  readonly unit: 'usd' | 'gpu-hours';
  readonly gap: number;
  readonly hoursLeft: number;
  readonly shortfallRate: number;
}

/** Work lost per preemption, hours: half a checkpoint interval for a gang, the replacement time for a replica. */
export function lostHoursPerPreemption(gang: boolean, checkpointEveryHours: number): number {
  return gang ? checkpointEveryHours / 2 : INFERENCE_REPLACEMENT_HOURS;
}

/** USD of `gpuHours` GPU-hours at `price` per GPU-hour. */
export function gpuHoursSpend(gpuHours: number, price: number): number {
  return gpuHours * price;
}

/** USD of `gpus` GPUs for `hours` at `price` per GPU-hour: (GPUs × hours) × price. */
export function spendUsd(gpus: number, hours: number, price: number): number {
  return gpuHoursSpend(gpus * hours, price);
}

/** Expected USD of work redone on spot: preemptions/h × hours × lost hours × GPUs × list price. */
export function expectedRework(
  preemptionsPerHour: number,
  hours: number,
  lostHours: number,
  gpus: number,
  listPricePerGpuHour: number,
): number {
  return preemptionsPerHour * hours * lostHours * gpus * listPricePerGpuHour;
}

/** What `gpus` GPUs for `hours` at `price` save of a commitment term's shortfall (0 without an open gap). */
export function commitmentSaving(gap: CommitmentGap | undefined, gpus: number, hours: number, price: number): number {
  if (!gap || !(gap.gap > 0)) return 0;
  const within = Math.min(hours, gap.hoursLeft);
  const use = gap.unit === 'usd' ? spendUsd(gpus, within, price) : gpus * within;
  const free = Math.min(use, gap.gap);
  return gap.unit === 'usd' ? free : free * gap.shortfallRate;
}

/** The effective cost from its parts (module comment): a reserved pool costs 0. */
export function effectiveCostOf(tier: Pool['tier'], spend: number, saving: number, rework: number): number {
  if (tier === 'reserved') return 0;
  return Math.max(0, spend - saving + rework) + TIE_WEIGHT * spend;
}

/** The price per GPU-hour of `pool` in `bucket` (its list price outside the buckets it is priced for). */
export function priceIn(pool: Pool, bucket: number): number {
  return pool.pricePerGpuHour[bucket] ?? pool.listPricePerGpuHour;
}

/**
 * Marginal effective cost of `gpus` GPUs of `pool` for `hours` at its price in `bucket`, with the commitment `gap`
 * its term has now: the simulator's online price of a candidate.
 */
export function marginalEffectiveCost(
  pool: Pool,
  bucket: number,
  gpus: number,
  hours: number,
  lostHours: number,
  preemptionsPerHour: number,
  gap: CommitmentGap | undefined,
): number {
  if (pool.tier === 'reserved') return 0;
  const price = priceIn(pool, bucket);
  const spend = spendUsd(gpus, hours, price);
  const rework =
    pool.tier === 'spot' ? expectedRework(preemptionsPerHour, hours, lostHours, gpus, pool.listPricePerGpuHour) : 0;
  return effectiveCostOf(pool.tier, spend, commitmentSaving(gap, gpus, hours, price), rework);
}

/**
 * Lower bound per hour of `marginalEffectiveCost` in `bucket`, whatever the gap: 0 on a reserved pool; on a pool that
 * burns a commitment term in this bucket the commitment may make the spend free, leaving TIE_WEIGHT × spend; on any
 * other pool nothing is free, so at least (1 + TIE_WEIGHT) × spend (spot adds its rework on top).
 */
export function marginalEffectiveFloor(pool: Pool, bucket: number, gpus: number): number {
  if (pool.tier === 'reserved') return 0;
  const price = priceIn(pool, bucket);
  const burns = (pool.burns[bucket] ?? -1) >= 0;
  return (burns ? TIE_WEIGHT : 1 + TIE_WEIGHT) * price * gpus;
}

/** Hours a preempted gang waits before its run resumes elsewhere: a new instance provisioned and the checkpoint
 * loaded (an assumption, documented in docs/simulator.md). Time lost, not money: the gang is not billed meanwhile. */
export const JOB_RESTART_HOURS = 0.25;

/**
 * Expected wall-clock hours a run of `hours` takes when preempted `preemptionsPerHour` times an hour, each preemption
 * redoing `lostHours` of work and waiting `restartHours` before it resumes (`hours` itself when it is not preempted).
 */
export function expectedRunHours(
  hours: number,
  preemptionsPerHour: number,
  lostHours: number,
  restartHours: number,
): number {
  return hours * (1 + preemptionsPerHour * (lostHours + restartHours));
}

/**
 * USD a run is charged for being expected to end past its deadline (`runHours` from now, its expected wall-clock
 * length, against `hoursToDeadline`): the whole of its work (`work`, H100-equivalent GPU-hours) valued as unserved
 * at `pricePerH100Hour` (the simulator
 * values unfinished work at the dearest list price per H100-equivalent GPU-hour) — work delivered late is treated as
 * not delivered, as the planner's deadline filter treats a pool that cannot meet it. 0 when the run is expected to
 * end in time or the job has no deadline (`hoursToDeadline` NaN or Infinity). A ranking term only: a candidate
 * expected to finish late (slow, or spot preempted often) then loses to any that finishes in time.
 */
export function lateRunCost(runHours: number, hoursToDeadline: number, work: number, pricePerH100Hour: number): number {
  return runHours > hoursToDeadline ? work * pricePerH100Hour : 0;
}

/**
 * What moving serving capacity from a pool costing `fromPerUnitHour` to one costing `toPerUnitHour` (USD per H100
 * unit-hour, each the marginal effective cost) saves in its first hour, after paying the new replica's warm-up
 * (`warmupHours` billed at the new price while the old one still serves): positive = the move pays within an hour.
 */
export function replicaMoveSaving(fromPerUnitHour: number, toPerUnitHour: number, warmupHours: number): number {
  return fromPerUnitHour - toPerUnitHour * (1 + warmupHours);
}

/** Hours a migrated gang is billed on its new pool before it makes progress again: instances provisioned, the
 * checkpoint loaded, the collectives set up (an assumption, documented in docs/simulator.md). Unlike the restart after
 * a preemption (`JOB_RESTART_HOURS`, time only), a planned move holds the new GPUs while it warms up, so it is billed. */
export const MIGRATION_WARMUP_HOURS = 0.25;

/** Burn per hour, in a commitment term's unit, of `gpus` GPUs at `price` per GPU-hour: USD for a USD term, GPU-hours
 * for a GPU-hour term. */
export function burnPerHour(unit: CommitmentGap['unit'], gpus: number, price: number): number {
  return unit === 'usd' ? price * gpus : gpus;
}

/**
 * What an allocation burning `burn` per hour (`burnPerHour`) burns of a term over `hours` of the `hoursLeft` in its
 * period (none for hours <= 0). The term's gap (`CommitmentGap`) projects every running allocation to the end of the
 * period; the re-optimisation step (sim/job-migration.ts) corrects it with this: a running job burns only until its
 * work is done (the projection beyond its run, `hoursLeft − run hours`, given back), and a job asked whether to stay
 * gets back its own burn over its run (so staying on a committed pool whose minimum it alone keeps burning is free).
 */
export function burnOver(burn: number, hours: number, hoursLeft: number): number {
  return burn * Math.min(Math.max(0, hours), hoursLeft);
}

/**
 * USD value of the GPU-hours moving a running job throws away: the work since its last checkpoint, redone on the new
 * pool (`lostHours` there), and the warm-up (`warmupHours`), on the new pool's `gpus` GPUs at its list price — the
 * price of GPU time that does no new work, as spot rework is valued (`expectedRework`). Never 0, even onto a sunk
 * reserved block: those hours of the block then serve no other work.
 */
export function migrationCost(
  lostHours: number,
  warmupHours: number,
  gpus: number,
  listPricePerGpuHour: number,
): number {
  return gpuHoursSpend((lostHours + warmupHours) * gpus, listPricePerGpuHour);
}

/**
 * What moving a running job saves over the rest of its run: the marginal effective cost of its remaining work where it
 * runs (`stay`, its own commitment burn given back: `burnOver`) minus that on the new pool (`move`) minus the
 * migration cost (`migrationCost`). Positive = the move pays for the work it throws away.
 */
export function migrationSaving(stay: number, move: number, migration: number): number {
  return stay - move - migration;
}
