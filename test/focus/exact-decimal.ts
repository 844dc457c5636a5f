/**
 * Exact decimal arithmetic for the conformance test (BigInt, no floating point), independent of the exporter's
 * format.ts: FOCUS says a cost "MUST equal the product" of a unit price and a quantity, and that sums of costs match;
 * compared as decimals, 0.1 × 3 is 0.3.
 */

/** FOCUS NumericFormat as skyfleet writes it: an optional minus, digits without leading zeros or separators, an
 * optional fraction; no exponent, no plus sign, no currency or unit. */
export const PLAIN_DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export interface Dec {
  readonly n: bigint;
  readonly scale: number;
}

export function dec(s: string): Dec {
  if (!PLAIN_DECIMAL.test(s)) throw new Error(`not a plain decimal: ${s}`);
  const [w = '', f = ''] = s.replace('-', '').split('.');
  const n = BigInt(w + f);
  return { n: s.startsWith('-') ? -n : n, scale: f.length };
}

const rescale = (a: Dec, scale: number): bigint => a.n * 10n ** BigInt(scale - a.scale);

export const mul = (a: Dec, b: Dec): Dec => ({ n: a.n * b.n, scale: a.scale + b.scale });

export function add(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { n: rescale(a, scale) + rescale(b, scale), scale };
}

export function cmp(a: Dec, b: Dec): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const ZERO: Dec = { n: 0n, scale: 0 };

export function show(a: Dec): string {
  const neg = a.n < 0n;
  const digits = (neg ? -a.n : a.n).toString().padStart(a.scale + 1, '0');
  const s = a.scale ? `${digits.slice(0, -a.scale)}.${digits.slice(-a.scale)}` : digits;
  return neg ? `-${s}` : s;
}

/** Whole cents of a decimal that has at most two decimals (throws otherwise). */
export function cents(a: Dec): bigint {
  if (a.scale > 2 && a.n % 10n ** BigInt(a.scale - 2) !== 0n) throw new Error(`${show(a)} is not whole cents`);
  return a.scale >= 2 ? a.n / 10n ** BigInt(a.scale - 2) : a.n * 10n ** BigInt(2 - a.scale);
}
