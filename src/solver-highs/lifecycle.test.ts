import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tinyProblem } from '../engine/solvers/test-support/fixtures.js';
import { createHighsSolver, HighsSolverError } from './highs-solver.js';

const gang = tinyProblem({
  pools: [
    { provider: 'a', price: 2 },
    { provider: 'b', price: 1 },
  ],
  items: [{}],
});
const opts = { integer: true, timeLimitSeconds: 10 };

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HighsSolverError);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

test('a model above the size guard is refused with a clear error, before any solving', async () => {
  const solver = createHighsSolver({ maxColumns: 2 });
  await rejectsWith(
    solver.solve(gang, opts),
    'solver.too-large',
    /columns, more than the limit of 2; use the greedy solver/,
  );
  await solver.close();
});

test('an infeasible policy is a rejected promise, and the solver keeps working afterwards', async () => {
  const solver = createHighsSolver();
  const broken = tinyProblem({
    pools: [{ provider: 'aws', price: 1 }],
    items: [{}],
    maxSpendShare: { aws: 0.5 },
    sunkByProvider: { aws: 10, gcp: 0 },
  });
  await rejectsWith(solver.solve(broken, opts), 'solver.infeasible', /infeasible.*spend-share cap/);
  const ok = await solver.solve(gang, opts);
  assert.deepEqual(ok.assignments, [[{ candidate: 1, units: 1 }]]);
  await solver.close();
});

test('concurrent solves are queued on one worker and each gets its own answer', async () => {
  const solver = createHighsSolver();
  const cheapFirst = tinyProblem({
    pools: [
      { provider: 'a', price: 1 },
      { provider: 'b', price: 2 },
    ],
    items: [{}],
  });
  const [x, y, z] = await Promise.all([
    solver.solve(gang, opts),
    solver.solve(cheapFirst, opts),
    solver.solve(gang, { ...opts, integer: false }),
  ]);
  assert.deepEqual(x.assignments, [[{ candidate: 1, units: 1 }]]);
  assert.deepEqual(y.assignments, [[{ candidate: 0, units: 1 }]]);
  assert.equal(z.solver, 'highs-lp');
  assert.equal(z.lowerBound, 8);
  await solver.close();
});

test('after close(), solve rejects', async () => {
  const solver = createHighsSolver();
  await solver.solve(gang, opts);
  await solver.close();
  await rejectsWith(solver.solve(gang, opts), 'solver.closed', /closed/);
});

test('a process using the solver exits by itself, with or without close()', () => {
  const script = fileURLToPath(new URL('./test-support/exit-check.ts', import.meta.url));
  for (const mode of ['close', 'keep-open']) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, mode], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, `${mode}: the process had to be killed (${r.stderr})`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '[[{"candidate":1,"units":1}]]');
  }
});
