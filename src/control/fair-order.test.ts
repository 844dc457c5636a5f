/** fairOrder: priority first, then the weighted fair share (core/fair-share.ts) from standings read at each step,
 * then age within a team. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fairOrder, type Waiting } from './fair-order.js';

const w = (id: string, team: string, priority: number, arrival: number): Waiting => ({ id, team, priority, arrival });

test('one team: priority, then age, then id', () => {
  const items = [w('c', 'a', 2, 1), w('b', 'a', 2, 1), w('a', 'a', 2, 5), w('d', 'a', 1, 9)];
  const order = [...fairOrder(items, () => ({ gpusNow: 0, usedGpuH: 0, weight: 1 }))].map((x) => x.id);
  assert.deepEqual(order, ['d', 'b', 'c', 'a']);
});

test('teams alternate by GPUs held now, read at each step; a higher priority goes first whatever its team holds', () => {
  const held = new Map([
    ['a', 0],
    ['b', 0],
  ]);
  const items = [w('a1', 'a', 2, 1), w('a2', 'a', 2, 2), w('a3', 'a', 2, 3), w('b1', 'b', 2, 10), w('b2', 'b', 2, 11)];
  items.push(w('a0', 'a', 1, 50));
  const order: string[] = [];
  for (const x of fairOrder(items, (t) => ({ gpusNow: held.get(t) ?? 0, usedGpuH: 0, weight: t === 'a' ? 2 : 1 }))) {
    order.push(x.id);
    held.set(x.team, (held.get(x.team) ?? 0) + 8); // the caller placed it
  }
  // a0 (priority 1) first; then teams a (weight 2) and b (weight 1) by GPUs held per weight, ties to the older job.
  assert.deepEqual(order, ['a0', 'b1', 'a1', 'a2', 'b2', 'a3']);
});
