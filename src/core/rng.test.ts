import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRng, type Rng } from './rng.js';

const draw = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.next());
const seedArb = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

test('same seed gives the same stream; different seeds differ', () => {
  fc.assert(
    fc.property(seedArb, (seed) => {
      assert.deepEqual(draw(createRng(seed), 20), draw(createRng(seed), 20));
      assert.notDeepEqual(draw(createRng(seed), 20), draw(createRng(seed === 0 ? 1 : -seed), 20));
    }),
  );
});

test('seeds that agree in their low 32 bits still give different streams', () => {
  assert.notDeepEqual(draw(createRng(1), 5), draw(createRng(1 + 2 ** 32), 5));
});

test('next() is in [0, 1) and roughly uniform', () => {
  const xs = draw(createRng(7), 20000);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const deciles = new Array<number>(10).fill(0);
  for (const x of xs) deciles[Math.floor(x * 10)]! += 1;
  for (const d of deciles) assert.ok(Math.abs(d - 2000) < 200, `decile count ${d}`);
});

test('int(lo, hi) covers both ends and stays inside', () => {
  fc.assert(
    fc.property(seedArb, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 5 }), (seed, lo, w) => {
      const r = createRng(seed);
      for (let i = 0; i < 50; i++) {
        const v = r.int(lo, lo + w);
        assert.ok(Number.isInteger(v) && v >= lo && v <= lo + w);
      }
    }),
  );
  const r = createRng(3);
  const seen = new Set(Array.from({ length: 200 }, () => r.int(1, 6)));
  assert.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => r.int(3, 2), RangeError);
  assert.throws(() => r.int(0.5, 2), RangeError);
});

test('exponential and lognormal have the right means', () => {
  const r = createRng(11);
  const n = 40000;
  let e = 0;
  let ln = 0;
  let ln2 = 0;
  for (let i = 0; i < n; i++) {
    e += r.exponential(4);
    const y = Math.log(r.lognormal(2, 0.5));
    ln += y;
    ln2 += y * y;
  }
  assert.ok(Math.abs(e / n - 0.25) < 0.01, `exp mean ${e / n}`);
  const mu = ln / n;
  const sd = Math.sqrt(ln2 / n - mu * mu);
  assert.ok(Math.abs(mu - 2) < 0.02, `ln mean ${mu}`);
  assert.ok(Math.abs(sd - 0.5) < 0.02, `ln sd ${sd}`);
  assert.throws(() => r.exponential(0), RangeError);
  assert.throws(() => r.lognormal(0, -1), RangeError);
});

test('fork depends on the seed and label path only, not on draws made by the parent', () => {
  fc.assert(
    fc.property(seedArb, fc.string(), fc.nat(30), (seed, label, k) => {
      const a = createRng(seed);
      const b = createRng(seed);
      draw(b, k);
      assert.deepEqual(draw(a.fork(label), 10), draw(b.fork(label), 10));
    }),
  );
  const root = createRng(5);
  assert.notDeepEqual(draw(root.fork('aws'), 10), draw(root.fork('gcp'), 10));
  assert.notDeepEqual(draw(root.fork('a').fork('b'), 10), draw(root.fork('a/b'), 10));
  assert.notDeepEqual(draw(root.fork('x'), 10), draw(createRng(5), 10));
  assert.equal(root.fork('aws').fork('us-east-1').key, '5/aws/us-east-1');
});

test('bad seeds are rejected', () => {
  assert.throws(() => createRng(1.5), RangeError);
  assert.throws(() => createRng(Number.NaN), RangeError);
});
