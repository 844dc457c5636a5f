/**
 * How FOCUS values are written (pure): decimals as plain decimal strings (no exponent, no thousands separator;
 * cents exactly as dollars with two decimals), date-times as ISO 8601 UTC `YYYY-MM-DDTHH:mm:ssZ`, null as an empty
 * field, and CSV fields quoted as RFC 4180 says (a field holding a comma, a quote or a line break is quoted, a quote
 * inside doubled). JSON values (Tags, ContractApplied, SkuPriceDetails) are serialised here with their numbers as the
 * same plain decimals.
 */

/** Integer cents as a plain decimal string of dollars: 12345 → "123.45", -5 → "-0.05". */
export function centsDecimal(c: number): string {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  const whole = Math.floor(a / 100);
  const frac = a - whole * 100;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** A quantity or unit price as a plain decimal string with at most `digits` decimals, trailing zeros dropped. */
export function decimal(x: number, digits = 6): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  let s = Math.abs(x) < 1e21 ? x.toFixed(digits) : BigInt(Math.round(x)).toString();
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

const isoSeen = new Map<number, string>();

/** Epoch ms as `YYYY-MM-DDTHH:mm:ssZ` (seconds truncated). Charge rows share few instants (days, months): the last
 * ones written are remembered. */
export function isoDateTime(t: number): string {
  const hit = isoSeen.get(t);
  if (hit !== undefined) return hit;
  const s = `${new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19)}Z`;
  if (isoSeen.size > 100_000) isoSeen.clear();
  isoSeen.set(t, s);
  return s;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, CRLF-terminated as RFC 4180 writes records. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A JSON object with string values (Tags, SkuPriceDetails), keys in the given order. */
export function jsonObject(o: Readonly<Record<string, string>>): string {
  return JSON.stringify(o);
}

/** A plain decimal string as its digits (sign and point dropped) and scale: "-12.5" → { neg, digits: "125", scale: 1 }. */
function scaled(s: string): { neg: boolean; digits: string; scale: number } {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new RangeError(`not a plain decimal: ${s}`);
  const frac = m[3] ?? '';
  return { neg: m[1] === '-', digits: `${m[2]}${frac}`, scale: frac.length };
}

/**
 * The exact product of two plain decimal strings, as a plain decimal string (trailing zeros dropped): what FOCUS
 * means by "ListCost MUST equal the product of ListUnitPrice and PricingQuantity" — no rounding, so a checker
 * multiplying the two cells it reads gets the third one. Integer arithmetic: in a double while the product has at
 * most 15 digits (exact), in BigInt beyond.
 */
export function decimalProduct(a: string, b: string): string {
  const x = scaled(a);
  const y = scaled(b);
  const p =
    x.digits.length + y.digits.length <= 15
      ? String(Number(x.digits) * Number(y.digits))
      : (BigInt(x.digits) * BigInt(y.digits)).toString();
  const scale = x.scale + y.scale;
  const digits = p.padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const s = frac === '' ? whole : `${whole}.${frac}`;
  return x.neg !== y.neg && s !== '0' ? `-${s}` : s;
}
