/**
 * Cutting time for charge rows (pure): a usage charge row covers one UTC day inside one billing period (so it never
 * crosses a billing period, a calendar month or a price change); a period-long charge (a reserved block's purchase,
 * its unused part) is cut at calendar months. The cents of a cut charge are split in proportion to the milliseconds in
 * each part (apportion.ts), so the parts add up to the charge exactly.
 */
import { DAY_MS } from './usage.js';

export interface Slice {
  readonly start: number;
  readonly end: number;
}

/** The UTC days of [start, end), cut at start and end. */
export function daySlices(start: number, end: number): Slice[] {
  const out: Slice[] = [];
  let from = start;
  while (from < end) {
    const next = Math.min(end, (Math.floor(from / DAY_MS) + 1) * DAY_MS);
    out.push({ start: from, end: next });
    from = next;
  }
  return out;
}

/** The first instant of the UTC calendar month holding t. */
export function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first instant of the UTC calendar month after the one holding t. */
export function nextMonthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The UTC calendar months of [start, end), cut at start and end. */
export function monthSlices(start: number, end: number): Slice[] {
  const out: Slice[] = [];
  let from = start;
  while (from < end) {
    const next = Math.min(end, nextMonthStart(from));
    out.push({ start: from, end: next });
    from = next;
  }
  return out;
}

/** `YYYY-MM` of the UTC month holding t. */
export function monthKey(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/** Index of the period holding t (periods sorted, contiguous or not); -1 when none does. */
export function periodIndexAt(periods: readonly Slice[], t: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = periods[mid];
    if (!p) return -1;
    if (t < p.start) hi = mid - 1;
    else if (t >= p.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
