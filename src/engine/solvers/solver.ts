/** The solver port: both the greedy heuristic and the exact LP/MIP answer the same compiled Problem. */
import type { Problem, Solution } from '../problem.js';

export interface SolveOptions {
  /** Integer (MIP) or relaxed (LP lower bound). */
  readonly integer: boolean;
  readonly timeLimitSeconds: number;
}

/** An exact solver runs outside the pure core (a worker thread), so it is asynchronous. */
export interface ExactSolver {
  readonly name: string;
  solve(problem: Problem, options: SolveOptions): Promise<Solution>;
}
