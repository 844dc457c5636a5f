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
  const total = weights.reduce((s, w) => s + BigInt(w), 0n);
  const sign = cents < 0 ? -1n : 1n;
  const c = BigInt(Math.abs(cents));
  if (total === 0n) return weights.map((_, i) => (i === 0 ? cents : ZERO_CENTS)); // nothing to weigh by: all in the first part
  const parts = weights.map((w) => (c * BigInt(w)) / total);
  const rems = weights.map((w, i) => ({ i, r: (c * BigInt(w)) % total }));
  let left = c - parts.reduce((s, p) => s + p, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0n; k++, left--) parts[rems[k]!.i]! += 1n;
  return parts.map((p) => checkedCents(Number(p * sign)));
}
