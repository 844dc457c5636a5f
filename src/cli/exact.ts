/** The exact solver for the CLI: HiGHS in a worker thread (src/solver-highs), closed when the command ends. */
import type { ExactSolver } from '../engine/solvers/solver.js';
import { createHighsSolver } from '../solver-highs/highs-solver.js';

export async function withExactSolver<T>(
  use: boolean,
  run: (solver: ExactSolver | undefined) => Promise<T>,
): Promise<T> {
  if (!use) return run(undefined);
  const solver = createHighsSolver();
  try {
    return await run(solver);
  } finally {
    await solver.close();
  }
}
