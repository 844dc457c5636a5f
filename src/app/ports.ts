/**
 * The ports of the application layer: what a use case needs from the world, declared here and implemented by the
 * shell (the CLI wires them: src/cli/adapters/, src/solver-highs/). A use case never reads a file, the clock or a
 * thread itself.
 */
import type { ExactSolver } from '../engine/solvers/solver.js';
import type { RunSummary } from '../sim/metrics.js';

/** What a use case reads; each kind has its own size limit and words in messages (`cannot read the job trace: …`). */
export type InputKind =
  | 'scenario'
  | 'task file'
  | 'catalog'
  | 'throughput table'
  | 'job trace'
  | 'request trace'
  | 'incident archive';

/** Reads inputs when the use case needs them (so the order of its checks, and of its errors, is the use case's). A
 * failure is thrown as a UserError or IssuesError (src/app/errors.ts) saying what is wrong with the input. */
export interface InputFiles {
  /** The text of the user's input `name` (for the CLI, a path). */
  read(kind: InputKind, name: string): string;
  /** The text of a data file shipped with skyfleet, named from the package root, e.g. `data/gpu-catalog.csv`. */
  readBundled(kind: InputKind, name: string): string;
}

/** An exact solver open for one use case; closed when it ends. */
export interface ExactSolverSession extends ExactSolver {
  close(): Promise<void>;
}

/** Opens the exact solver (HiGHS in a worker: src/solver-highs). Without one, planning uses the greedy solver. */
export type OpenExactSolver = () => ExactSolverSession;

/** HiGHS's answer to an LP: status (`Optimal`, …), objective, primal values of the columns asked for, in order. */
export interface LpReport {
  readonly status: string;
  readonly objective: number;
  readonly primal: readonly number[];
}

/** Solves a linear program in CPLEX LP format (the offline-optimal bound), outside the calling thread. */
export interface LpSolver {
  solveLp(lp: string, columns: readonly string[]): Promise<LpReport>;
}

/** Progress of one simulation: events handled so far and the simulated instant (epoch ms). */
export type SimProgress = (events: number, now: number) => void;

/** One (policy, seed) run of a comparison. */
export interface RunTask {
  readonly id: number;
  readonly policy: string;
  readonly seed: number;
}

/** Runs a comparison's tasks, in parallel where it can (the CLI: worker threads), each answering its RunSummary;
 * `onDone` is told how many have finished. The summaries come back in the order of the tasks. */
export interface RunPool {
  run(tasks: readonly RunTask[], onDone: (finished: number) => void): Promise<RunSummary[]>;
}

/** An LP solver open for one use case (or one worker's life); closed when it ends. */
export interface LpSolverSession extends LpSolver {
  close(): Promise<void>;
}

/** Opens the LP solver (HiGHS in a worker: src/solver-highs), only when a use case needs the bound. */
export type OpenLpSolver = () => LpSolverSession;
