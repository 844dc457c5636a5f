/** The simulator's candidates come from the decision pipeline's online filters (engine/pipeline.ts): the static
 * stage always, the clause stage for policies that honour clauses, never the planning stage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batch, contract, request, snapshot, T0 } from '../../src/engine/test-support/build.js';
import { compile } from '../../src/engine/compile.js';
import { DEFAULT_PROFILE } from '../../src/engine/profile.js';
import { buildWorld } from '../../src/sim/world.js';

test('simulator candidates: clause stage only with clauses; planning stage (deadline, static capacity) never', () => {
  const snap = snapshot({ contracts: [contract('x', 'gcp', { exclusivity: ['batch'] })] });
  // A deadline no pool can meet, and a gang larger than any pool's static capacity over the plan.
  const w = batch('late', { gpuCount: 8, work: 8 * 24 * 30, deadline: T0 + 3_600_000 });
  const req = request([w]);
  const world = buildWorld({ name: 'w', snapshot: snap, request: req }, req.horizon);
  const providers = (clauses: boolean): string[] =>
    world.candidates(w, 8, { clauses }).map((c) => world.pools[c.pool]!.provider);
  assert.deepEqual(providers(true), ['gcp'], 'exclusivity: the clause stage');
  assert.deepEqual(providers(false).sort(), ['aws', 'gcp']);
  const planned = compile(snap, req, DEFAULT_PROFILE);
  assert.equal(planned.problem.candidates.length, 0, 'the planner, running the planning stage, admits none');
  assert.ok(planned.rejectionCounts.get('late')!['deadline']! > 0);
  assert.deepEqual(
    world.candidates(w, 4096, { clauses: false }).length,
    0,
    'a static filter (interconnect) still applies',
  );
});
