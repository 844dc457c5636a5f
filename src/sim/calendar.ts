/**
 * A run's spend and GPU-hours per reporting period for `simulate --csv --period …`: the simulator's own time buckets,
 * or calendar months, quarters or years in UTC. Pure.
 *
 * Calendar rows are cut from the ledger, exactly in cents: each bucket's usage and reserved charges are split over the
 * calendar periods it overlaps in proportion to the time in each (`apportionCents`: the parts add up to the bucket's
 * charge to the cent); a shortfall, paid when its commitment period ends, goes whole to the calendar period holding
 * the bucket's last instant. GPU-hours are split by time the same way. So the rows of every provider add up to its
 * billed total exactly, and all rows to the run's billed total. The first and last rows are cut at the horizon.
 */
import { subCents, sumCents, ZERO_CENTS } from '../core/money.js';
import { apportionCents } from '../ledger/apportion.js';
import type { SimResult } from './result.js';

export const CSV_PERIODS = ['bucket', 'month', 'quarter', 'year'] as const;
export type CsvPeriod = (typeof CSV_PERIODS)[number];

export interface PeriodRow {
  readonly start: number;
  readonly end: number;
  readonly spendCents: Readonly<Record<string, number>>;
  readonly gpuHours: Readonly<Record<string, number>>;
}

const MONTHS: Readonly<Record<Exclude<CsvPeriod, 'bucket'>, number>> = { month: 1, quarter: 3, year: 12 };

/** Calendar periods of `months` months (aligned to January) covering [start, end), cut at start and end (UTC). */
export function calendarPeriods(start: number, end: number, months: number): { start: number; end: number }[] {
  const d = new Date(start);
  let y = d.getUTCFullYear();
  let m = Math.floor(d.getUTCMonth() / months) * months;
  const out: { start: number; end: number }[] = [];
  let from = start;
  while (from < end) {
    m += months;
    const next = Date.UTC(y, m, 1);
    out.push({ start: from, end: Math.min(next, end) });
    from = next;
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
  }
  return out;
}

export function periodRows(r: Pick<SimResult, 'horizon' | 'periods' | 'ledger'>, period: CsvPeriod): PeriodRow[] {
  if (period === 'bucket')
    return r.periods.map((p) => ({ start: p.start, end: p.end, spendCents: p.spendCents, gpuHours: p.gpuHours }));
  const providers = [...new Set(r.periods.flatMap((p) => Object.keys(p.spendCents)))];
  const cal = calendarPeriods(r.horizon.start, r.horizon.end, MONTHS[period]);
  // One row per calendar period, built up front; each bucket adds its parts to the rows it overlaps.
  const rows = cal.map((c) => ({
    start: c.start,
    end: c.end,
    spend: new Map(providers.map((p) => [p, 0])),
    gpuH: new Map(providers.map((p) => [p, 0])),
  }));
  type Row = (typeof rows)[number];
  const add = (m: Map<string, number>, k: string, v: number): void => {
    m.set(k, (m.get(k) ?? 0) + v);
  };
  /** The calendar period holding instant t (the first or last one for instants outside the horizon). */
  const holding = (t: number): Row => {
    const row = rows.find((c) => c.start <= t && t < c.end) ?? (t < (rows[0]?.start ?? 0) ? rows[0] : rows.at(-1));
    if (!row) throw new RangeError('periodRows: the horizon holds no calendar period');
    return row;
  };
  /** The calendar periods bucket b overlaps, with the milliseconds in each. */
  const overlaps = (b: { start: number; end: number }): { row: Row; ms: number }[] => {
    const out: { row: Row; ms: number }[] = [];
    for (const row of rows) {
      const ms = Math.min(b.end, row.end) - Math.max(b.start, row.start);
      if (ms > 0) out.push({ row, ms });
    }
    if (out.length === 0) out.push({ row: holding(b.start), ms: 0 });
    return out;
  };
  r.periods.forEach((b, i) => {
    const parts = overlaps(b);
    const weights = parts.map((x) => x.ms);
    const last = holding(b.end - 1);
    const lines = r.ledger.lines.filter((l) => l.period === i);
    for (const p of providers) {
      const mine = lines.filter((l) => l.provider === p);
      const shortfall = sumCents(mine.filter((l) => l.kind === 'shortfall').map((l) => l.cents));
      // Usage and reserved: the bucket's spend less its shortfall (the ledger and the bucket agree to the cent).
      const spread = subCents(b.spendCents[p] ?? ZERO_CENTS, shortfall);
      const shares = apportionCents(spread, weights); // one per weight: one per part, in order
      parts.forEach((x, j) => {
        add(x.row.spend, p, shares[j] ?? ZERO_CENTS);
      });
      add(last.spend, p, shortfall);
      const total = weights.reduce((s, w) => s + w, 0);
      const gh = b.gpuHours[p] ?? 0;
      parts.forEach((x, j) => {
        add(x.row.gpuH, p, total > 0 ? (gh * x.ms) / total : j === 0 ? gh : 0);
      });
    }
  });
  return rows.map((row) => ({
    start: row.start,
    end: row.end,
    spendCents: Object.fromEntries(row.spend),
    gpuHours: Object.fromEntries(row.gpuH),
  }));
}
