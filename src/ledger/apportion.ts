/**
 * Splitting an amount of exact integer cents into parts proportional to integer weights (e.g. milliseconds of a time
 * bucket falling in each calendar month), so that the parts add up to the amount exactly: each part is the floor of
 * its exact share (computed in BigInt, so no product overflows), and the cents left over go one each to the parts with
 * the largest remainders (the earliest part first on ties). Pure.
 */
import { type Cents, cents as checkedCents, ZERO_CENTS } from '../core/money.js';

export function apportionCents(cents: Cents, weights: readonly number[]): Cents[] {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`apportionCents: cents must be a safe integer, got ${cents}`);
  if (weights.length === 0) throw new RangeError('apportionCents: no part to apportion to');
  for (const w of weights)
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`apportionCents: weights must be whole numbers ≥ 0, got ${w}`);
  return apportionSmall(cents, weights) ?? apportionBig(cents, weights);
}

/** The split in BigInt (any size); apportionCents uses it when a product would leave the exact number range. */
export function apportionBig(cents: Cents, weights: readonly number[]): Cents[] {
  const total = weights.reduce((s, w) => s + BigInt(w), 0n);
  const sign = cents < 0 ? -1n : 1n;
  const c = BigInt(Math.abs(cents));
  if (total === 0n) return weights.map((_, i) => (i === 0 ? cents : ZERO_CENTS)); // nothing to weigh by: all in the first part
  // Each part: its floor share and the remainder that ranks it for the cents left over.
  const parts = weights.map((w, i) => ({ i, cents: (c * BigInt(w)) / total, r: (c * BigInt(w)) % total }));
  let left = c - parts.reduce((s, p) => s + p.cents, 0n);
  const byRemainder = [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const p of byRemainder) {
    if (left <= 0n) break;
    p.cents += 1n;
    left--;
  }
  return parts.map((p) => checkedCents(Number(p.cents * sign)));
}

/** The same split in plain numbers when every product cents × weight stays exact (below 2^53): the quotient and the
 * remainder of integer division are exact there (`%` on integers is exact); undefined otherwise. */
export function apportionSmall(cents: Cents, weights: readonly number[]): Cents[] | undefined {
  let total = 0;
  for (const w of weights) total += w;
  const c = Math.abs(cents);
  if (total === 0 || !(c * total <= Number.MAX_SAFE_INTEGER)) return undefined;
  const sign = cents < 0 ? -1 : 1;
  const parts = weights.map((w, i) => {
    const a = c * w;
    const r = a % total;
    return { i, cents: (a - r) / total, r };
  });
  let left = c - parts.reduce((s, p) => s + p.cents, 0);
  if (left > 0) {
    const byRemainder = [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : b.r - a.r));
    for (const p of byRemainder) {
      if (left <= 0) break;
      p.cents += 1;
      left--;
    }
  }
  return parts.map((p) => checkedCents(p.cents * sign || 0));
}
