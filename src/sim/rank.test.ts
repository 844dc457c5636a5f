import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cheapest, rankOrder, type Floor } from './rank.js';
import type { Candidate, World } from './world.js';

/** The plain scan the ranking replaces: least cost among usable candidates, lowest index on ties. */
function fullScan(n: number, usable: (k: number) => boolean, cost: (k: number) => number): number {
  let best = -1;
  let bestCost = Infinity;
  for (let k = 0; k < n; k++) {
    if (!usable(k)) continue;
    const c = cost(k);
    if (c < bestCost) {
      bestCost = c;
      best = k;
    }
  }
  return best;
}

const world = {} as World; // the floors below do not look at the world
const cand = (pool: number, rel: number): Candidate => ({ pool, gpus: 8, rel });

test('rankOrder: increasing floor / rel, lower index first on equal keys; no floor keeps pool order and prunes nothing', () => {
  const cands = [cand(0, 1), cand(1, 2), cand(2, 1), cand(3, 0.5)];
  const floors = [4, 4, 1, 1];
  const floor: Floor = (_w, c) => floors[c.pool]!;
  const r = rankOrder(world, floor, cands, 0);
  assert.deepEqual([...r.order], [2, 1, 3, 0]); // keys 1, 2, 2, 4
  assert.deepEqual([...r.key], [1, 2, 2, 4]);
  const none = rankOrder(world, undefined, cands, 0);
  assert.deepEqual([...none.order], [0, 1, 2, 3]);
  assert.ok([...none.key].every((k) => k === -Infinity));
});

test('cheapest: stops at the first bound above the best cost, and at an infinite bound', () => {
  const cands = [cand(0, 1), cand(1, 1), cand(2, 1)];
  const run = (floors: number[], costs: number[]): { k: number; priced: number[] } => {
    const r = rankOrder(world, (_w, c) => floors[c.pool]!, cands, 0);
    const priced: number[] = [];
    const k = cheapest(
      r,
      1,
      () => true,
      (i) => {
        priced.push(i);
        return costs[i]!;
      },
    );
    return { k, priced };
  };
  // Best 3 on candidate 0; candidate 1 cannot cost less than 5: never priced.
  assert.deepEqual(run([0, 5, Infinity], [3, 5, 0]), { k: 0, priced: [0] });
  // Candidate 1 may cost as little as 1: priced, and wins; candidate 2 (infinite floor) is never priced.
  assert.deepEqual(run([0, 1, Infinity], [3, 1, 0]), { k: 1, priced: [0, 1] });
  // Equal costs: the lower index wins even when it is visited later.
  assert.deepEqual(run([2, 0, Infinity], [2, 2, 0]), { k: 0, priced: [1, 0] });
});

test('cheapest picks what a full scan in pool order picks, whatever the costs above their floors (property)', () => {
  const item = fc.record({
    floor: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(Infinity)),
    extra: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(Infinity)),
    rel: fc.constantFrom(0.5, 1, 1.7, 2),
    usable: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 12 }), fc.constantFrom(0.25, 1, 3.5), (items, h) => {
      const cands = items.map((it, k) => cand(k, it.rel));
      // cost on candidate k for hours = h / rel: at least floor × hours, as the policy contract says.
      const cost = (k: number): number => {
        const it = items[k]!;
        const hours = h / it.rel;
        return it.floor * hours + it.extra;
      };
      const r = rankOrder(world, (_w, c) => items[c.pool]!.floor, cands, 0);
      const usable = (k: number): boolean => items[k]!.usable;
      assert.equal(cheapest(r, h, usable, cost), fullScan(cands.length, usable, cost));
    }),
    { numRuns: 500 },
  );
});
