/**
 * A time cell of a trace, read as one of two kinds (docs/simulator.md, "Trace formats"):
 *   - an offset: a plain decimal number of the column's unit below 1,000,000,000 s, kept as written (seconds from the
 *     trace's origin, which the simulator puts at the horizon start);
 *   - an absolute time: an ISO 8601 date-time (`2020-06-09 18:41:01`, `2023-11-16T18:15:46.6805900Z`,
 *     `2024-05-10 00:00:00.009+00:00`; no zone means UTC), or a number of at least 1,000,000,000 s (a Unix time,
 *     2001-09-09 or later). The reader makes absolute times offsets from the earliest time of the file.
 * A number of 100,000,000,000 s or more (a Unix time in milliseconds read as seconds, or the year 5138) is refused:
 * name the column with `_ms` (`timestamp_ms`) when it holds milliseconds. Pure.
 */
import { parseDecimal } from './table.js';

/** Numbers at or past this many seconds are Unix times, not offsets. */
export const UNIX_EPOCH_FROM_S = 1_000_000_000;
/** Numbers at or past this many seconds are refused (milliseconds read as seconds). */
export const UNIX_SECONDS_BELOW = 100_000_000_000;

export type TimeCell =
  | { readonly kind: 'offset' | 'absolute'; readonly s: number }
  | { readonly kind: 'bad'; readonly why: 'not-a-time' | 'negative' | 'milliseconds' };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** A time cell in seconds (`secondsPer`: seconds per unit of the column, for numbers). */
export function parseTimeCell(raw: string, secondsPer: number): TimeCell {
  const v = parseDecimal(raw);
  if (v !== undefined) {
    const s = v * secondsPer;
    if (s < 0) return { kind: 'bad', why: 'negative' };
    if (s >= UNIX_SECONDS_BELOW) return { kind: 'bad', why: 'milliseconds' };
    return { kind: s >= UNIX_EPOCH_FROM_S ? 'absolute' : 'offset', s };
  }
  const s = parseIsoSeconds(raw);
  return s === undefined ? { kind: 'bad', why: 'not-a-time' } : { kind: 'absolute', s };
}

/** An ISO 8601 date or date-time (see the module comment) as Unix seconds; undefined if it is not one or not a real
 * calendar time (month 13, 25:00, February 30). */
export function parseIsoSeconds(raw: string): number | undefined {
  const m = ISO.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone = ''] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  // setUTCFullYear keeps years 0–99 as written (Date.UTC would read them as 1900–1999).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  const ms = date.getTime();
  let offsetS = 0;
  if (zone !== '' && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!zm) return undefined;
    const zh = Number(zm[2]);
    const zmin = Number(zm[3] ?? '0');
    if (zh > 23 || zmin > 59) return undefined;
    offsetS = (zm[1] === '-' ? -1 : 1) * (zh * 3600 + zmin * 60);
  }
  const fracS = frac === '' ? 0 : Number(`0.${frac}`);
  const s = ms / 1000 + fracS - offsetS;
  return Number.isFinite(s) ? s : undefined;
}
