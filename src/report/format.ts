/** Text for the HTML report: escaping and number/date formats (en-US, UTC, so the output never depends on the machine). */
import { formatUsd } from '../core/money-text.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const DASH = '–';

/** A number with thousands separators and `d` decimals; – for null (a mean over nothing) or a value not finite. */
export function num(v: number | null, d = 0): string {
  if (v === null || !Number.isFinite(v)) return DASH;
  return v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
}

/** USD for a person (the one money formatter, src/core/money-text.ts, grouped): $12.34, $1,234.56, $41.2k, $16.83M,
 * $1.20B; – for null or a value not finite. */
export function usd(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return DASH;
  return formatUsd(v, 'grouped');
}

/** A short axis label: 0, 2.5, 150, 1.5k, 20M, 3B (at most three significant digits, trailing zeros dropped). */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  const trim = (x: number): string => String(Number(x.toPrecision(3)));
  if (a >= 1e9) return `${sign}${trim(a / 1e9)}B`;
  if (a >= 1e6) return `${sign}${trim(a / 1e6)}M`;
  if (a >= 1e3) return `${sign}${trim(a / 1e3)}k`;
  return `${sign}${trim(a)}`;
}

export const usdCompact = (v: number): string => (v < 0 ? `-$${compact(-v)}` : `$${compact(v)}`);

/** A share as a percentage with `d` decimals. */
export function pct(v: number | null, d = 1): string {
  return v !== null && Number.isFinite(v) ? `${(v * 100).toFixed(d)}%` : DASH;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2027-01-31 (UTC). */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 2027-01-31 14:05 UTC, minutes only when they are not zero. */
export function dayTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function monthName(month: number): string {
  return MONTHS[month] ?? '?';
}

/** Hours as a person reads a duration: 45 min, 3.2 h, 2.5 days. */
export function duration(hours: number): string {
  if (!Number.isFinite(hours)) return DASH;
  if (hours < 1) return `${num(hours * 60)} min`;
  if (hours < 48) return `${num(hours, 1)} h`;
  return `${num(hours / 24, 1)} days`;
}
