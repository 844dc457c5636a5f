/**
 * Run as its own process by lifecycle.test.ts: solves once, then (unless `keep-open` is given) closes the solver,
 * and prints the result. The process must then exit on its own: a HiGHS worker never keeps it alive.
 */
import { createHighsSolver } from '../highs-solver.js';
import { tinyProblem } from '../../engine/solvers/test-support/fixtures.js';

const solver = createHighsSolver();
const problem = tinyProblem({
  pools: [
    { provider: 'a', price: 2 },
    { provider: 'b', price: 1 },
  ],
  items: [{}],
});
const solution = await solver.solve(problem, { integer: true, timeLimitSeconds: 10 });
if (process.argv[2] !== 'keep-open') await solver.close();
process.stdout.write(JSON.stringify(solution.assignments));
