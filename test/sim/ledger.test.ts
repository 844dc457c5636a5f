import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ledger } from '../../src/ledger/ledger.js';

test('a ledger always reconciles: lines add up to the total, exactly, in cents', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 5 }),
          fc.constantFrom('aws', 'gcp'),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
        ),
        { maxLength: 200 },
      ),
      (xs) => {
        const l = new Ledger();
        let sum = 0;
        for (const [period, provider, usd] of xs)
          sum += l.post({ period, provider, kind: 'usage', tier: 'on-demand', contract: '' }, usd);
        assert.deepEqual(l.reconcile(), []);
        assert.equal(l.total, sum);
        assert.equal(
          l.entries().reduce((s, x) => s + x.cents, 0),
          l.total,
        );
        assert.ok(Number.isSafeInteger(l.total));
      },
    ),
  );
});

test('amounts are rounded to the cent once, half away from zero', () => {
  const l = new Ledger();
  const p = { period: 0, provider: 'aws', kind: 'usage' as const, tier: 'spot', contract: '' };
  assert.equal(l.post(p, 0.125), 13);
  assert.equal(l.post(p, 1.004), 100);
  assert.equal(l.post(p, 0.004), 0);
  assert.equal(l.total, 113);
  assert.equal(l.postings, 2);
  assert.throws(() => l.post(p, Number.POSITIVE_INFINITY), RangeError);
});
