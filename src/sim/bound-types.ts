/** The offline bound's options, model and result (the LP is built in offline-optimal.ts). */

export interface LpAnswer {
  readonly status: string;
  readonly objective: number;
  primal(name: string): number;
}

/** Solves an LP in CPLEX LP format (the shell runs HiGHS). */
export type LpSolve = (lp: string) => LpAnswer;

/** The constraints the bound adds to the fluid model (all on by default; `scripts/bound-diagnose.ts` turns them off one
 * by one to measure what each is worth). Each is a valid relaxation of every run in the bound's scope (proof in
 * offline-optimal.ts); gangs, parallelism and bigGangs of every run. */
export interface BoundOptions {
  /** Gangs: a job occupies whole instances (GPU-hours = occupied GPUs × hours, not its GPU count), a gang or an
   * inference block larger than a pool's capacity in a bucket never runs there, and no more whole gangs run at once
   * than fit. */
  readonly gangs: boolean;
  /** Per-class parallelism: a job runs one gang at a time, so a class's work in a bucket is at most its jobs' gang
   * rate × the hours each is present (from arrival) in that bucket, and no more than each job's own work. */
  readonly parallelism: boolean;
  /** Big gangs in a capacity group: two gangs each larger than half the group never run at once, and while one runs
   * the group's inference is at most what is left beside it (inference is served hour by hour, never ahead). */
  readonly bigGangs: boolean;
  /**
   * Deadlines (valid over schedules that meet every deadline; bound-deadlines.ts): each job's work is done by its due
   * instant — its deadline, or its earliest feasible finish when no schedule meets the deadline even alone — and it
   * runs only between its arrival and that instant. A class's useful work by the end of bucket b is at least the work
   * of its jobs due by then (rows dj, a shortfall there priced as unserved work: only when deadlines are jointly
   * infeasible, so the LP always has a solution).
   */
  readonly deadlines?: boolean;
  /**
   * The risk policy's survivability spread (valid over schedules that honour it): no provider serves more than
   * units − ceil(units × fraction) of a covered service's demand in any hour (engine/spread.ts, as the simulator's
   * inference.ts caps a provider's units), summed over the bucket.
   */
  readonly spread?: boolean;
}

/** Every constraint: the bound over schedules that meet every deadline and honour the risk policy's spread. */
export const ALL_BOUND_CONSTRAINTS: BoundOptions = {
  gangs: true,
  parallelism: true,
  bigGangs: true,
  deadlines: true,
  spread: true,
};

/** The bound over every schedule, deadlines met or not, spread or not (the bound before deadlines and spread). */
export const UNCONDITIONAL_BOUND: BoundOptions = { gangs: true, parallelism: true, bigGangs: true };

/** One column x_kpb of the LP: units of demand class `cls` on pool `pool` in bucket `b`, `gh` GPU-hours per unit. */
export interface BoundColumn {
  readonly name: string;
  /** Job classes: `j` + template index + `|` + gang size; inference: `s` + service index. */
  readonly cls: string;
  readonly template: number;
  readonly pool: number;
  readonly b: number;
  readonly gh: number;
  /** GPUs one gang (whole instances) or inference block of it holds on the pool. */
  readonly gpus: number;
}

export interface BoundModel {
  readonly lp: string;
  /** Every x column (what the LP places where, for the bound's money parts and the hindsight plan). */
  readonly xColumns: readonly BoundColumn[];
  /** Shortfall columns and their price per unit ((1 − carry-forward) × shortfall rate). */
  readonly shortfallColumns: readonly { readonly name: string; readonly price: number }[];
  /** Waste columns w_pb and their price per GPU-hour. */
  readonly wasteColumns: readonly { readonly name: string; readonly price: number }[];
  /** Reserved blocks: capacity group, USD per GPU-hour, GPU-hours of capacity over the horizon. */
  readonly reservedBlocks: readonly { readonly group: number; readonly rate: number; readonly gpuHours: number }[];
  /** Constant added to the LP objective: sunk reserved charges + penalty for work no pool can take. */
  readonly constant: number;
  readonly columns: number;
  readonly rows: number;
  readonly penaltyColumns: readonly { readonly name: string; readonly weight: number; readonly inference: boolean }[];
  readonly inferenceDemand: number;
  readonly unplaceableWork: number;
  /** Deadline shortfall columns (H100 GPU-hours of work due by a bucket's end that the LP could not fit), priced as
   * unserved work; and the jobs whose deadline was relaxed to their earliest feasible finish (bound-deadlines.ts). */
  readonly lateColumns: readonly string[];
  readonly relaxedDeadlines: readonly number[];
}

export interface BoundResult {
  readonly status: string;
  readonly effectiveUsd: number;
  readonly billedUsd: number;
  readonly unservedUsd: number;
  /** The bound's own commitment waste: shortfall it pays, GPU-hours it buys only to burn a minimum, and its reserved
   * blocks' idle GPU-hours at their rate (as money-breakdown.ts counts a run's). */
  readonly shortfallUsd: number;
  readonly unusedReservedUsd: number;
  /** Inference served / demanded; null without inference demand. */
  readonly attainment: number | null;
  readonly columns: number;
  readonly rows: number;
  /** Units each x column holds in the LP's optimum (BoundModel.xColumns order). */
  readonly x: Float64Array;
  /** H100 GPU-hours of work due by a deadline that the LP could not fit in time (in unservedUsd; > 0 only when the
   * deadlines are jointly infeasible, so no schedule meets them all), and the jobs whose deadline no schedule meets
   * even alone, relaxed to their earliest feasible finish. */
  readonly lateH100: number;
  readonly relaxedDeadlines: number;
}
