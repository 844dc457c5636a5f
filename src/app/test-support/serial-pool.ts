/** A RunPool that runs every task in this thread, one after another: the use case's own task runner, no threads. */
import { createHighsSolver, type HighsSolver } from '../../solver-highs/highs-solver.js';
import { runCompareTask } from '../compare-scenario.js';
import type { RunPool } from '../ports.js';
import type { Prepared } from '../prepare-simulation.js';

export function serialPool(p: Prepared): RunPool & { close(): Promise<void> } {
  let lp: HighsSolver | undefined;
  return {
    run: async (tasks, onDone) => {
      const out = [];
      for (const t of tasks) {
        out.push(await runCompareTask(p, t, () => (lp ??= createHighsSolver())));
        onDone(out.length);
      }
      return out;
    },
    close: async () => {
      await lp?.close();
    },
  };
}
