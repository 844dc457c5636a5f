/** The exact solver the CLI wires into planning: HiGHS in a worker thread (src/solver-highs). */
import type { OpenExactSolver, OpenLpSolver } from '../app/ports.js';
import { createHighsSolver } from '../solver-highs/highs-solver.js';

export const openExactSolver: OpenExactSolver = () => createHighsSolver();

/** The same adapter serves the simulator's LP bound (one HiGHS loader, one worker). */
export const openLpSolver: OpenLpSolver = () => createHighsSolver();
