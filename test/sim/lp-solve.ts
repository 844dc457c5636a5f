/** HiGHS in-process for the bound's tests (the CLI runs it in a worker through the LP port). */
import * as highsModule from 'highs';
import type { LpSolve } from '../../src/sim/offline-optimal.js';

type Highs = {
  solve(
    lp: string,
    o: object,
  ): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number } | undefined> };
};
export async function lpSolve(): Promise<LpSolve> {
  const d = (highsModule as { default?: unknown }).default;
  const loader = (
    typeof d === 'function' ? d : (d as { default: () => Promise<Highs> }).default
  ) as () => Promise<Highs>;
  const h = await loader();
  return (lp) => {
    const r = h.solve(lp, { output_flag: false });
    return { status: r.Status, objective: r.ObjectiveValue, primal: (n) => r.Columns[n]?.Primal ?? 0 };
  };
}
