/** The exact solver around one use case: opened when it is wanted, closed when the use case ends. */
import type { ExactSolver } from '../engine/solvers/solver.js';
import type { OpenExactSolver } from './ports.js';

export async function withExactSolver<T>(
  open: OpenExactSolver | undefined,
  run: (solver: ExactSolver | undefined) => Promise<T>,
): Promise<T> {
  if (!open) return run(undefined);
  const solver = open();
  try {
    return await run(solver);
  } finally {
    await solver.close();
  }
}
