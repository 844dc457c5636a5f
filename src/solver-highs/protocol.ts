/** Messages between the main thread (highs-solver.ts) and the HiGHS worker (highs-worker.ts). Plain data only. */
import type { Code } from '../core/codes.js';
import type { Problem } from '../engine/problem.js';
import type { SolveOptions } from '../engine/solvers/solver.js';
import type { HighsReport, RunSettings } from './run.js';

export interface SolveRequest {
  readonly id: number;
  readonly problem: Problem;
  readonly options: SolveOptions;
  readonly settings: RunSettings;
}

export type SolveResponse =
  | { readonly id: number; readonly ok: true; readonly report: HighsReport }
  | { readonly id: number; readonly ok: false; readonly code: Code; readonly message: string };
