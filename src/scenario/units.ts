/**
 * Strict parsing of the quantities a scenario file writes with units. Every function returns a Result whose issue
 * has an empty path (the caller knows where the text came from) and a message that says what was expected.
 *
 *   money      '38B USD' '2.5M USD' '750k USD' '1200 USD'           -> USD
 *   duration   '7y' '6mo' '2w' '30d' '2h' '30min'                   -> hours (1y = 8760h, 1mo = 730h)
 *   fraction   '20%' or a bare fraction 0.2                         -> 0.2 (must lie in 0..1)
 *   GPU-hours  '500k GPU-h'                                         -> GPU-hours
 *   rate       '2.1 USD/GPU-h'                                      -> USD per GPU-hour
 *   tokens/s   '1.2M tokens/s'                                      -> tokens per second
 *   replicas   '12 replicas'                                        -> a count
 *   date       '2026-12-01' or '2026-12-01T06:00:00Z' (UTC)         -> epoch ms
 *
 * Scale suffixes: k / K = 10^3, M = 10^6, B = 10^9, T = 10^12 (never `m`: milli or mega is ambiguous).
 * Negatives, NaN and any other unit are rejected. `addDuration` adds y/mo as calendar months (UTC).
 */
import { excerpt, fail, issue, ok, type Issue, type Result } from '../core/issues.js';
import {
  MAX_DURATION_HOURS,
  MAX_DURATION_YEARS,
  MAX_GPU_HOURS,
  MAX_QUANTITY_CHARS,
  MAX_RATE_USD,
  MAX_REPLICAS,
  MAX_TOKENS_PER_SECOND,
  MAX_USD,
  MAX_YEAR,
  MIN_DURATION_HOURS,
  MIN_YEAR,
} from './limits.js';

const NUM = String.raw`(-?)(\d+(?:\.\d+)?|\.\d+)(?:[eE]([+-]?\d+))?`;
const SCALE: Readonly<Record<string, number>> = { '': 0, k: 3, K: 3, M: 6, B: 9, T: 12 };

const bad = (code: Issue['code'], message: string): Result<never> => fail([issue(code, [], message)]);
/** The input as a message quotes it: a short, escaped excerpt. */
const show = (text: unknown): string => (typeof text === 'string' ? `'${excerpt(text)}'` : excerpt(String(text)));

/** Text longer than any quantity could be is not run through a pattern at all. */
const tooLong = (text: string, what: string): Result<never> | undefined =>
  text.length > MAX_QUANTITY_CHARS
    ? bad('unit.invalid', `${show(text)} is too long to be ${what} (at most ${MAX_QUANTITY_CHARS} characters)`)
    : undefined;

/** `1e15` as people write it. */
export const plain = (n: number): string =>
  n >= 1e6 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : n.toLocaleString('en-US');

/** Exact decimal scaling: '2.5' × 10^6 is read as the decimal 2.5e6, never as the float product. */
function scaled(mantissa: string, exp: string | undefined, pow: number): number {
  return Number(`${mantissa}e${Number(exp ?? '0') + pow}`);
}

interface Quantity {
  readonly what: string; // "an amount of money"
  readonly units: readonly string[]; // accepted unit spellings, the first is canonical
  readonly caseInsensitive?: boolean;
  readonly scale: boolean; // k/M/B/T allowed
  readonly example: string;
  readonly max: number; // the documented limit (docs/limits.md), in the canonical unit
}

function parseQuantity(text: string, q: Quantity): Result<number> {
  if (typeof text !== 'string')
    return bad('unit.invalid', `expected ${q.what} as text like '${q.example}', got ${show(text)}`);
  const long = tooLong(text, q.what);
  if (long) return long;
  const t = text.trim();
  // One way to match any text (the suffix needs its letter, the unit takes the rest): no backtracking to speak of.
  const m = new RegExp(`^${NUM}(?:\\s*([kKMBT]))?\\s*([^]*)$`).exec(t);
  if (!m) return bad('unit.invalid', `cannot read ${show(text)} as ${q.what}: write it like '${q.example}'`);
  const [, sign, mantissa, exp, suffix = '', unitText = ''] = m;
  let unit = unitText;
  const pow = SCALE[suffix] ?? 0;
  if (!q.scale && suffix !== '')
    return bad('unit.invalid', `${show(text)}: ${q.what} takes no k/M/B/T suffix (write it like '${q.example}')`);
  const norm = (u: string) => (q.caseInsensitive ? u.toLowerCase() : u);
  if (!q.units.some((u) => norm(u) === norm(unit))) {
    if (unit === '' && suffix !== '') unit = suffix; // '12 B': the letter was meant as the unit
    const hint =
      /^[A-Z]{3}$/.test(unit) && q.units[0]?.startsWith('USD')
        ? `currency ${unit} is not supported, amounts are in USD`
        : unit === ''
          ? 'the unit is missing'
          : `unknown unit '${excerpt(unit)}'`;
    return bad('unit.wrong-unit', `${show(text)}: ${hint}; write ${q.what} like '${q.example}'`);
  }
  const value = scaled(mantissa ?? '', exp, pow);
  if (!Number.isFinite(value)) return bad('unit.invalid', `${show(text)} is not a finite number`);
  if (sign === '-' && value !== 0) return bad('value.negative', `${show(text)}: ${q.what} must not be negative`);
  if (value > q.max)
    return bad(
      'value.too-big',
      `${show(text)}: ${q.what} must be at most ${plain(q.max)} ${q.units[0]} (docs/limits.md)`,
    );
  return ok(value);
}

export const parseMoney = (text: string): Result<number> =>
  parseQuantity(text, { what: 'an amount of money', units: ['USD'], scale: true, example: '2.5M USD', max: MAX_USD });

export const parseGpuHours = (text: string): Result<number> =>
  parseQuantity(text, {
    what: 'GPU-hours',
    units: ['GPU-h', 'GPU-hours'],
    caseInsensitive: true,
    scale: true,
    example: '500k GPU-h',
    max: MAX_GPU_HOURS,
  });

export const parseRate = (text: string): Result<number> =>
  parseQuantity(text, {
    what: 'a price per GPU-hour',
    units: ['USD/GPU-h', 'USD/GPU-hour'],
    caseInsensitive: true,
    scale: false,
    example: '2.1 USD/GPU-h',
    max: MAX_RATE_USD,
  });

export const parseTokensPerSecond = (text: string): Result<number> =>
  parseQuantity(text, {
    what: 'a token rate',
    units: ['tokens/s'],
    scale: true,
    example: '1.2M tokens/s',
    max: MAX_TOKENS_PER_SECOND,
  });

export const parseReplicas = (text: string): Result<number> =>
  parseQuantity(text, {
    what: 'a replica count',
    units: ['replicas', 'replica'],
    scale: true,
    example: '12 replicas',
    max: MAX_REPLICAS,
  });

const HOURS: Readonly<Record<string, number>> = { y: 8760, mo: 730, w: 168, d: 24, h: 1, min: 1 / 60 };

function splitDuration(text: string): Result<{ n: number; unit: string }> {
  if (typeof text !== 'string') return bad('unit.invalid', `expected a duration as text like '6mo', got ${show(text)}`);
  const long = tooLong(text, 'a duration');
  if (long) return long;
  const m = new RegExp(`^${NUM}\\s*([A-Za-z]*)$`).exec(text.trim());
  if (!m)
    return bad(
      'unit.invalid',
      `cannot read ${show(text)} as a duration: write it like '7y', '6mo', '2w', '30d', '2h' or '30min'`,
    );
  const [, sign, mantissa, exp, unit = ''] = m;
  if (!(unit in HOURS)) {
    const hint =
      unit === ''
        ? 'the unit is missing'
        : unit === 'm'
          ? "'m' is ambiguous (write mo for months, min for minutes)"
          : `unknown duration unit '${excerpt(unit)}'`;
    return bad('unit.wrong-unit', `${show(text)}: ${hint}; use y, mo, w, d, h or min`);
  }
  const n = scaled(mantissa ?? '', exp, 0);
  if (!Number.isFinite(n)) return bad('unit.invalid', `${show(text)} is not a finite number`);
  if (sign === '-' && n !== 0) return bad('value.negative', `${show(text)}: a duration must not be negative`);
  const hours = n * (HOURS[unit] ?? 1);
  if (hours > MAX_DURATION_HOURS)
    return bad(
      'value.too-big',
      `${show(text)}: a duration must be at most ${MAX_DURATION_YEARS} years (docs/limits.md)`,
    );
  if (hours > 0 && hours < MIN_DURATION_HOURS - 1e-12)
    return bad('value.too-small', `${show(text)}: a duration must be at least 1 minute (docs/limits.md)`);
  return ok({ n, unit });
}

/** A duration in hours (1y = 8760h, 1mo = 730h: the average, for rates and bucket sizes). */
export function parseDuration(text: string): Result<number> {
  const r = splitDuration(text);
  if (!r.ok) return r;
  const hours = r.value.n * (HOURS[r.value.unit] ?? 1);
  return ok(r.value.unit === 'min' ? r.value.n / 60 : hours);
}

/** `instant + duration`, with y and mo added as calendar months (UTC; the 31st + 1mo = the last day of next month). */
export function addDuration(instant: number, text: string): Result<number> {
  const r = splitDuration(text);
  if (!r.ok) return r;
  const { n, unit } = r.value;
  if (unit !== 'y' && unit !== 'mo')
    return ok(instant + (unit === 'min' ? n * 60_000 : n * (HOURS[unit] ?? 1) * 3_600_000));
  const months = unit === 'y' ? n * 12 : n;
  if (!Number.isInteger(months))
    return bad('unit.invalid', `${show(text)}: a calendar length must be a whole number of months`);
  const d = new Date(instant);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return ok(Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** '20%' or a bare fraction (0.2 or '0.2'); must lie in 0..1. */
export function parseFraction(value: string | number): Result<number> {
  let f: number;
  if (typeof value === 'number') f = value;
  else if (typeof value === 'string') {
    const m = value.length > MAX_QUANTITY_CHARS ? null : new RegExp(`^${NUM}\\s*(%?)$`).exec(value.trim());
    if (value.length > MAX_QUANTITY_CHARS || !m)
      return bad('unit.invalid', `cannot read ${show(value)} as a share: write it like '20%' or 0.2`);
    const [, sign, mantissa, exp, pct] = m;
    f = scaled(mantissa ?? '', exp, pct === '%' ? -2 : 0) * (sign === '-' ? -1 : 1);
  } else return bad('unit.invalid', `expected a share like '20%' or 0.2, got ${show(value)}`);
  if (!Number.isFinite(f)) return bad('unit.invalid', `${show(value)} is not a finite number`);
  if (f < 0) return bad('value.negative', `${show(value)}: a share must not be negative`);
  if (f > 1) return bad('value.out-of-range', `${show(value)}: a share must lie between 0% and 100%`);
  return ok(f);
}

/** A change per year: '-15%/y' or '+5%/y' → -0.15 / 0.05. Prices cannot fall by 100% or more. */
export function parseAnnualChange(text: string): Result<number> {
  if (typeof text !== 'string')
    return bad('unit.invalid', `expected a change per year like '-15%/y', got ${show(text)}`);
  const m = text.length > MAX_QUANTITY_CHARS ? null : /^([+-]?)(\d+(?:\.\d+)?|\.\d+)\s*%\s*\/\s*y$/.exec(text.trim());
  if (!m)
    return bad('unit.invalid', `cannot read ${show(text)} as a change per year: write it like '-15%/y' or '+5%/y'`);
  const f = (Number(m[2]) / 100) * (m[1] === '-' ? -1 : 1);
  if (!Number.isFinite(f)) return bad('unit.invalid', `${show(text)} is not a finite number`);
  if (f <= -1) return bad('value.out-of-range', `${show(text)}: a price cannot fall by 100% or more in a year`);
  if (f > 1)
    return bad('value.out-of-range', `${show(text)}: a price may rise by at most +100% a year (docs/limits.md)`);
  return ok(f);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** 'YYYY-MM-DD' (midnight UTC) or ISO-8601 in UTC ('2026-12-01T06:00:00Z') -> epoch ms. */
export function parseInstant(text: string): Result<number> {
  if (typeof text !== 'string') return bad('date.invalid', `expected a date like '2026-12-01', got ${show(text)}`);
  const m = text.length > MAX_QUANTITY_CHARS ? null : DATE.exec(text.trim());
  if (!m)
    return bad(
      'date.invalid',
      `cannot read ${show(text)} as a date: write 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' (UTC)`,
    );
  const [, ys, mos, ds, hs, mins, ss, ms, zone] = m;
  if (hs !== undefined && zone === undefined)
    return bad('date.invalid', `${show(text)}: a time needs a zone, and it must be UTC ('Z')`);
  if (zone !== undefined && zone !== 'Z' && zone !== '+00:00')
    return bad('date.invalid', `${show(text)}: times must be in UTC ('Z'), not ${zone}`);
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mins, ss].map((x) => Number(x ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milli = ms === undefined ? 0 : Number(ms.padEnd(3, '0'));
  if (y < MIN_YEAR || y > MAX_YEAR)
    return bad(
      'date.out-of-range',
      `${show(text)}: the year must lie between ${MIN_YEAR} and ${MAX_YEAR} (docs/limits.md)`,
    );
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as written (the range above excludes them
  // anyway, this keeps the arithmetic honest if the range ever widens).
  const at = new Date(0);
  at.setUTCFullYear(y, mo - 1, d);
  at.setUTCHours(h, mi, s, milli);
  const t = at.getTime();
  const back = new Date(t);
  if (
    mo < 1 ||
    mo > 12 ||
    back.getUTCFullYear() !== y ||
    back.getUTCDate() !== d ||
    back.getUTCMonth() !== mo - 1 ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return bad('date.invalid', `${show(text)} is not a valid calendar date/time`);
  }
  return ok(t);
}

/** Writes USD the way the file format reads it, with a k/M/B suffix when that is exact. */
export function formatMoney(usd: number): string {
  for (const [suffix, pow] of [
    ['B', 9],
    ['M', 6],
    ['k', 3],
  ] as const) {
    if (usd >= 10 ** pow) {
      const m = usd / 10 ** pow;
      if (scaled(String(m), undefined, pow) === usd && !String(m).includes('e')) return `${m}${suffix} USD`;
    }
  }
  return `${usd} USD`;
}

/** Writes hours as the largest unit that divides them exactly (y, mo, w, d), else in hours. */
export function formatDuration(hours: number): string {
  for (const unit of ['y', 'mo', 'w', 'd'] as const) {
    const per = HOURS[unit] ?? 1;
    if (hours > 0 && Number.isInteger(hours / per) && (hours / per) * per === hours) return `${hours / per}${unit}`;
  }
  return `${hours}h`;
}

/** An ISO date (YYYY-MM-DD when at midnight UTC). */
export function formatInstant(t: number): string {
  const iso = new Date(t).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
