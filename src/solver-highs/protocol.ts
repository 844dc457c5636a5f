/** Messages between the main thread (highs-solver.ts) and the HiGHS worker (highs-worker.ts). Plain data only. */
import type { Code } from '../core/codes.js';
import type { Problem } from '../engine/problem.js';
import type { SolveOptions } from '../engine/solvers/solver.js';
import type { HighsReport, RunSettings } from './run.js';
import type { LpReport } from './lp.js';

/** An exact solve of a compiled planning problem (the engine's ExactSolver port). */
export interface SolveRequest {
  readonly kind?: 'problem';
  readonly id: number;
  readonly problem: Problem;
  readonly options: SolveOptions;
  readonly settings: RunSettings;
}

/** A linear program given as CPLEX LP text (the simulator's offline-optimal bound), with the columns to read back. */
export interface LpRequest {
  readonly kind: 'lp';
  readonly id: number;
  readonly lp: string;
  readonly columns: readonly string[];
}

export type WorkerRequest = SolveRequest | LpRequest;

export type SolveResponse =
  | { readonly id: number; readonly ok: true; readonly report: HighsReport }
  | { readonly id: number; readonly ok: false; readonly code: Code; readonly message: string };

export type LpResponse =
  | { readonly id: number; readonly ok: true; readonly lp: LpReport }
  | { readonly id: number; readonly ok: false; readonly code: Code; readonly message: string };
