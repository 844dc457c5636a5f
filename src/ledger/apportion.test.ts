/** apportionCents: the plain-number split and the BigInt split agree exactly, and the parts add up to the amount. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cents } from '../core/money.js';
import { apportionBig, apportionCents, apportionSmall } from './apportion.js';

test('the plain-number split equals the BigInt split whenever it applies; parts add up to the amount', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.array(fc.integer({ min: 0, max: 3e9 }), { minLength: 1, maxLength: 6 }),
      (c, w) => {
        const small = apportionSmall(cents(c), w);
        const big = apportionBig(cents(c), w);
        if (small) assert.deepEqual(small, big);
        const parts = apportionCents(cents(c), w);
        assert.equal(
          parts.reduce((s, x) => s + x, 0),
          c,
        );
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
});
