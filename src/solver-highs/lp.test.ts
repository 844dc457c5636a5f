import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { tinyProblem } from '../engine/solvers/test-support/fixtures.js';
import { createHighsSolver, HighsSolverError } from './highs-solver.js';
import { loadHighs } from './load.js';
import { solveLpText } from './lp.js';

// min x + y  s.t.  x + 2y >= 4,  3x + y >= 6: the corner x = 1.6, y = 1.2, objective 2.8.
const LP = 'Minimize\n obj: x + y\nSubject To\n c1: x + 2 y >= 4\n c2: 3 x + y >= 6\nEnd\n';

const solver = createHighsSolver();
after(() => solver.close());

test('an LP through the worker: status, objective and the primal values of the columns asked for, in order', async () => {
  const r = await solver.solveLp(LP, ['y', 'x', 'not-a-column']);
  assert.equal(r.status, 'Optimal');
  assert.ok(Math.abs(r.objective - 2.8) < 1e-9);
  assert.ok(Math.abs((r.primal[0] ?? Number.NaN) - 1.2) < 1e-9);
  assert.ok(Math.abs((r.primal[1] ?? Number.NaN) - 1.6) < 1e-9);
  assert.equal(r.primal[2], 0, 'a column HiGHS does not know reads 0');
});

test('the worker answers exactly what the same loader gives in this thread (one loader, one answer)', async () => {
  const local = solveLpText(await loadHighs(), LP, ['x', 'y']);
  assert.deepEqual(await solver.solveLp(LP, ['x', 'y']), local);
});

test('LP solves and exact solves share the worker, one at a time in the order asked', async () => {
  const problem = tinyProblem({ pools: [{ provider: 'a', price: 2 }], items: [{}] });
  const [lp1, mip, lp2] = await Promise.all([
    solver.solveLp(LP, ['x']),
    solver.solveDetailed(problem, { integer: true, timeLimitSeconds: 10 }),
    solver.solveLp('Minimize\n obj: z\nSubject To\n c1: z >= 2\nEnd\n', ['z']),
  ]);
  assert.equal(lp1.status, 'Optimal');
  assert.equal(mip.highsStatus, 'Optimal');
  assert.deepEqual(lp2, { status: 'Optimal', objective: 2, primal: [2] });
});

test('text HiGHS cannot read is answered, not thrown at the process; a closed solver refuses', async () => {
  const junk = await solver.solveLp('not an LP at all', ['x']);
  assert.notEqual(junk.status, 'Optimal');
  const closed = createHighsSolver();
  await closed.close();
  await assert.rejects(
    closed.solveLp(LP, ['x']),
    (e: unknown) => e instanceof HighsSolverError && e.code === 'solver.closed',
  );
});
