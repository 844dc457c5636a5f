import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventHeap } from './heap.js';

test('reading the first event in place (peek…, removeTop) drains the heap in the order pop does (property)', () => {
  const ev = fc.record({
    time: fc.integer({ min: 0, max: 20 }),
    rank: fc.integer({ min: 0, max: 6 }),
    payload: fc.integer({ min: 0, max: 1e9 }),
  });
  fc.assert(
    fc.property(fc.array(ev, { maxLength: 60 }), (events) => {
      const a = new EventHeap();
      const b = new EventHeap();
      for (const e of events) {
        a.push(e.time, e.rank, e.payload);
        b.push(e.time, e.rank, e.payload);
      }
      const popped: [number, number, number][] = [];
      for (let e = a.pop(); e; e = a.pop()) popped.push([e.time, e.rank, e.payload]);
      const read: [number, number, number][] = [];
      while (b.size > 0) {
        read.push([b.peekTime(), b.peekRank(), b.peekPayload()]);
        b.removeTop();
      }
      assert.deepEqual(read, popped);
      assert.ok(Number.isNaN(b.peekPayload()));
      b.removeTop(); // removing from an empty heap does nothing
      assert.equal(b.size, 0);
    }),
    { numRuns: 300 },
  );
});

test('pushes and removals interleaved: events come out by (time, rank), ties in insertion order (property)', () => {
  const op = fc.oneof(
    fc.record({ time: fc.integer({ min: 0, max: 10 }), rank: fc.integer({ min: 0, max: 3 }) }),
    fc.constant('pop' as const),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const heap = new EventHeap();
      const pending: { time: number; rank: number; seq: number }[] = [];
      ops.forEach((o, seq) => {
        if (o !== 'pop') {
          heap.push(o.time, o.rank, seq);
          pending.push({ ...o, seq });
          return;
        }
        pending.sort((a, b) => a.time - b.time || a.rank - b.rank || a.seq - b.seq);
        const want = pending.shift();
        const got = heap.pop();
        assert.deepEqual(got && [got.time, got.rank, got.payload], want && [want.time, want.rank, want.seq]);
      });
      assert.equal(heap.size, pending.length);
    }),
    { numRuns: 300 },
  );
});
