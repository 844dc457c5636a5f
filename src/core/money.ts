/**
 * Money with its unit in the type. Two units, never mixed without a named conversion:
 *
 * - `Cents`: exact integer US cents — what is output (plan JSON `…Cents` fields), booked (the ledger) and billed (the
 *   simulator). A branded number: only the functions below make one, and each checks that it is a safe integer, so a
 *   value of this type is whole cents. Arithmetic on it gives a plain number; `addCents`/`sumCents` keep the brand
 *   (and the check).
 * - `Usd`: dollars as a float — list prices per hour, rates, objective values, where fractions of a cent are
 *   meaningful until the one rounding into cents. A flavoured number: any number may be used as dollars, but a `Cents`
 *   may not (nor a `Usd` as `Cents`), so passing one unit where the other is expected is a type error.
 *
 * The one rounding from dollars to cents is `toCents` (half away from zero, as the ledger books).
 */

declare const unit: unique symbol;

/** Exact integer US cents (see the module comment). */
export type Cents = number & { readonly [unit]: 'cents' };

/** US dollars as a float (see the module comment). */
export type Usd = number & { readonly [unit]?: 'usd' };

/** `n` as cents; throws a RangeError unless it is a safe integer. */
export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`cents must be a safe integer, got ${n}`);
  return n as Cents;
}

/** Zero cents. */
export const ZERO_CENTS: Cents = 0 as Cents;

/** Dollars rounded once to the cent, half away from zero; throws a RangeError on a non-finite amount or one beyond
 * the exact integer range. */
export function toCents(usd: Usd): Cents {
  if (!Number.isFinite(usd)) throw new RangeError(`amount must be finite, got ${usd}`);
  return cents(Math.sign(usd) * Math.round(Math.abs(usd) * 100));
}

/** Cents as dollars (exact up to float division: for display and for float models, never to book again). */
export function toUsd(c: Cents): Usd {
  return c / 100;
}

/** a + b; throws a RangeError if the sum leaves the exact integer range. */
export function addCents(a: Cents, b: Cents): Cents {
  return cents(a + b);
}

/** a − b; throws a RangeError if the difference leaves the exact integer range. */
export function subCents(a: Cents, b: Cents): Cents {
  return cents(a - b);
}

/** The exact sum of `xs` (0 for none); throws a RangeError if a partial sum leaves the exact integer range. */
export function sumCents(xs: Iterable<Cents>): Cents {
  let s = 0;
  for (const x of xs) s = cents(s + x);
  return s as Cents;
}
