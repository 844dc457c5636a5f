/** Money units: the conversions are exact where they promise to be, and the type checker keeps the units apart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ledger, type Posting } from '../ledger/ledger.js';
import { apportionCents } from '../ledger/apportion.js';
import { providerId } from './ids.js';
import { addCents, type Cents, cents, subCents, sumCents, toCents, toUsd, type Usd, ZERO_CENTS } from './money.js';

const centsArb = fc.integer({ min: -1e12, max: 1e12 });
const usdArb = fc.double({ min: -1e9, max: 1e9, noNaN: true });
const POSTING: Posting = { period: 0, provider: providerId('aws'), kind: 'usage', tier: 'on-demand', contract: '' };

test('cents() accepts safe integers only', () => {
  assert.equal(cents(0), 0);
  assert.equal(cents(-12345), -12345);
  assert.throws(() => cents(1.5), RangeError);
  assert.throws(() => cents(Number.NaN), RangeError);
  assert.throws(() => cents(Number.MAX_SAFE_INTEGER + 1), RangeError);
  assert.throws(() => addCents(cents(Number.MAX_SAFE_INTEGER), cents(1)), RangeError);
  assert.throws(() => sumCents([cents(Number.MAX_SAFE_INTEGER), cents(1)]), RangeError);
});

test('toCents rounds once, half away from zero, and refuses what is not finite', () => {
  assert.equal(toCents(0.125), 13);
  assert.equal(toCents(-0.125), -13);
  assert.equal(toCents(1.004), 100);
  assert.equal(toCents(0.005), 1);
  assert.throws(() => toCents(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => toCents(Number.NaN), RangeError);
  fc.assert(
    fc.property(usdArb, (usd) => {
      const c = toCents(usd);
      assert.ok(Number.isSafeInteger(c));
      assert.ok(Math.abs(c - usd * 100) <= 0.5 + 1e-6 * Math.max(1, Math.abs(usd)), `${usd} → ${c}`);
      assert.equal(toCents(-usd) + 0, -c + 0); // symmetric (+ 0: −0 and 0 alike)
    }),
  );
});

test('whole cents survive the trip through dollars', () => {
  fc.assert(fc.property(centsArb, (n) => assert.equal(toCents(toUsd(cents(n))), n)));
});

test('sums reconcile exactly: sumCents = Σ in BigInt = the ledger total, in any order', () => {
  fc.assert(
    fc.property(fc.array(usdArb, { maxLength: 60 }), (amounts) => {
      const parts = amounts.map(toCents);
      const exact = parts.reduce((s, c) => s + BigInt(c), 0n);
      const total = sumCents(parts);
      assert.equal(BigInt(total), exact);
      assert.equal(sumCents([...parts].reverse()), total);
      assert.equal(
        parts.reduce((s, c) => addCents(s, c), ZERO_CENTS),
        total,
      );
      const ledger = new Ledger();
      for (const usd of amounts) ledger.post(POSTING, usd);
      assert.equal(ledger.total, total);
      assert.deepEqual(ledger.reconcile(), []);
      const [first, ...rest] = parts;
      if (first !== undefined) assert.equal(subCents(total, first), sumCents(rest));
    }),
  );
});

test('apportioned cents add up to the amount', () => {
  fc.assert(
    fc.property(centsArb, fc.array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 12 }), (n, weights) => {
      assert.equal(sumCents(apportionCents(cents(n), weights)), n);
    }),
  );
});

/**
 * Type-level, never called: every line after a `@ts-expect-error` must be a type error, or `npm run typecheck` (which
 * checks this file) fails.
 */
function unitsDoNotMix(ledger: Ledger, price: Usd, c: Cents): void {
  // @ts-expect-error a plain number is not cents: make it with cents() or toCents()
  const fromNumber: Cents = 250;
  // @ts-expect-error dollars are not cents
  const fromUsd: Cents = price;
  // @ts-expect-error cents are not dollars (toUsd converts)
  const fromCents: Usd = c;
  // @ts-expect-error the ledger books dollars with post(), not cents
  ledger.post(POSTING, c);
  // @ts-expect-error and cents with postCents(), not dollars
  ledger.postCents(POSTING, price);
  // @ts-expect-error adding dollars to cents
  addCents(c, price);
  // @ts-expect-error arithmetic gives a plain number, not cents
  const product: Cents = c * 2;
  // @ts-expect-error summing dollars as cents
  sumCents([price, price]);
  // @ts-expect-error apportioning dollars
  apportionCents(price, [1, 1]);
  const fine: Usd = 2.5; // any number may be dollars
  ledger.postCents(POSTING, addCents(c, toCents(price + fine)));
  void [fromNumber, fromUsd, fromCents, product];
}

void unitsDoNotMix;

test('what the types refuse, the ledger refuses at run time too: cents made by a cast are checked', () => {
  const ledger = new Ledger();
  assert.throws(() => ledger.postCents(POSTING, 1.25 as Cents), RangeError);
  assert.equal(ledger.postCents(POSTING, cents(125)), 125);
  assert.equal(ledger.total, 125);
});
