/** The solver port: both the greedy heuristic and the exact LP/MIP answer the same compiled Problem. */
import type { Problem, Solution } from '../problem.js';

/**
 * Limits of one exact solve. The deterministic ones (counted in nodes and iterations, never in seconds) decide
 * where a hard solve stops, so the same problem gives the same answer on any machine under any load; the
 * wall-clock one is only a safety net, far beyond them, and a plan it ever cuts short says so (status `time-limit`).
 */
export interface SolveOptions {
  /** Integer (MIP) or relaxed (LP lower bound). */
  readonly integer: boolean;
  /** Branch-and-bound nodes the MIP may process (HiGHS `mip_max_nodes`); default DEFAULT_LIMITS.mipMaxNodes. */
  readonly mipMaxNodes?: number;
  /** Simplex iterations the LP relaxation may take (HiGHS `simplex_iteration_limit`); default
   * DEFAULT_LIMITS.lpIterationLimit. */
  readonly lpIterationLimit?: number;
  /** Wall-clock safety net, seconds (HiGHS `time_limit`; the worker is killed at twice this plus a grace). Not a way
   * to bound the solve: a plan cut short by it depends on the machine's speed, and its status says `time-limit`. */
  readonly timeLimitSeconds: number;
}

/** The deterministic limits used when a solve does not set them. */
export const DEFAULT_LIMITS = { mipMaxNodes: 2000, lpIterationLimit: 1_000_000 } as const;

/** An exact solver runs outside the pure core (a worker thread), so it is asynchronous. */
export interface ExactSolver {
  readonly name: string;
  solve(problem: Problem, options: SolveOptions): Promise<Solution>;
}
