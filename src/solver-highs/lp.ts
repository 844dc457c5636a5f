/**
 * One LP solve from its text, given a loaded HiGHS instance: the simulator's offline-optimal bound (the LP is built
 * in src/sim/offline-optimal.ts). Runs inside the worker; no I/O of its own, so tests can call it directly.
 */
import type { LpReport } from '../app/ports.js';
import type { HighsLike } from './run.js';

/** The answer of the application's LP port (src/app/ports.ts); a column HiGHS does not report reads 0. */
export type { LpReport };

/** HiGHS's options for the bound: its defaults, quiet. */
export const LP_OPTIONS: Readonly<Record<string, unknown>> = { output_flag: false };

export function solveLpText(highs: HighsLike, lp: string, columns: readonly string[]): LpReport {
  const r = highs.solve(lp, LP_OPTIONS);
  return { status: r.Status, objective: r.ObjectiveValue, primal: columns.map((n) => r.Columns[n]?.Primal ?? 0) };
}
