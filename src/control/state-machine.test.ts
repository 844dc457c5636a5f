import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { WorkloadState } from './records.js';
import { WORKLOAD_STATES } from './records.js';
import { canTransition, FINAL_STATES, isFinal, refuseTransition, replay, TRANSITIONS } from './state-machine.js';

test('the transitions of the issue are allowed; final states allow none', () => {
  const path: WorkloadState[] = ['submitted', 'admitted', 'placed', 'provisioning', 'running', 'succeeded'];
  for (let i = 1; i < path.length; i++) assert.ok(canTransition(path[i - 1]!, path[i]!), `${path[i - 1]} → ${path[i]}`);
  for (const s of ['preempted', 'lost'] as const)
    assert.ok(canTransition('running', s) && canTransition(s, 'admitted'));
  assert.ok(canTransition('submitted', 'held') && canTransition('held', 'admitted'));
  for (const f of FINAL_STATES) assert.deepEqual(TRANSITIONS[f], []);
  assert.deepEqual(refuseTransition('succeeded', 'cancelled'), {
    code: 'control.illegal-transition',
    source: 'state-machine',
    params: { from: 'succeeded', to: 'cancelled' },
  });
  assert.equal(canTransition('submitted', 'running'), false);
});

test('every state is reachable from submitted, and every non-final state can still end', () => {
  const seen = new Set<WorkloadState>(['submitted']);
  const todo: WorkloadState[] = ['submitted'];
  while (todo.length) for (const n of TRANSITIONS[todo.pop()!]) if (!seen.has(n) && seen.add(n)) todo.push(n);
  assert.deepEqual([...seen].sort(), [...WORKLOAD_STATES].sort());
  for (const s of WORKLOAD_STATES) if (!isFinal(s)) assert.ok(canTransition(s, 'cancelled'), s);
});

test('property: any sequence of requested transitions keeps a legal state, and the event log replays to it', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...WORKLOAD_STATES), { maxLength: 60 }), (asks) => {
      let state: WorkloadState = 'submitted';
      const log: { from: WorkloadState | null; to: WorkloadState }[] = [{ from: null, to: 'submitted' }];
      for (const to of asks) {
        const refused = refuseTransition(state, to);
        if (refused) {
          assert.equal(refused.code, 'control.illegal-transition');
          continue; // refused: nothing changes
        }
        log.push({ from: state, to });
        state = to;
      }
      assert.ok(WORKLOAD_STATES.includes(state));
      const r = replay(log);
      assert.ok(r.ok);
      assert.equal(r.state, state);
    }),
    { numRuns: 500, seed: 12 },
  );
});

test('replay refuses a log that breaks the rules, naming the first bad event', () => {
  const r = replay([
    { from: null, to: 'submitted' },
    { from: 'submitted', to: 'admitted' },
    { from: 'admitted', to: 'running' },
  ]);
  assert.ok(!r.ok && r.at === 2 && r.cause.code === 'control.illegal-transition');
  const gap = replay([
    { from: null, to: 'submitted' },
    { from: 'admitted', to: 'placed' },
  ]);
  assert.ok(!gap.ok && gap.at === 1);
  assert.equal(replay([]).ok, false);
});
