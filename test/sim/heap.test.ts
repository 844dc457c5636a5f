import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventHeap } from '../../src/sim/heap.js';

test('the heap pops in (time, rank, insertion) order, whatever the pushes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 })), { maxLength: 300 }),
      (xs) => {
        const h = new EventHeap();
        xs.forEach(([t, r], i) => {
          h.push(t, r, i);
        });
        const expected = xs
          .map(([t, r], i) => ({ t, r, i }))
          .sort((a, b) => a.t - b.t || a.r - b.r || a.i - b.i)
          .map((e) => e.i);
        const got: number[] = [];
        for (let e = h.pop(); e; e = h.pop()) got.push(e.payload);
        assert.deepEqual(got, expected);
        assert.equal(h.size, 0);
      },
    ),
  );
});

test('interleaved pushes and pops keep the order; an empty heap pops undefined', () => {
  const h = new EventHeap();
  assert.equal(h.pop(), undefined);
  h.push(5, 0, 1);
  h.push(1, 0, 2);
  assert.equal(h.pop()!.payload, 2);
  h.push(3, 1, 3);
  h.push(3, 0, 4);
  assert.deepEqual([h.pop()!.payload, h.pop()!.payload, h.pop()!.payload], [4, 3, 1]);
  assert.throws(() => h.push(Number.NaN, 0, 0), RangeError);
});
