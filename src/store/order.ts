/**
 * The orders and windows every adapter answers with (the SQL adapter writes the same in SQL): workloads oldest
 * first by (createdAt, id) with ids in code point order, the keyset of pagination; usage by (start, id); a usage record is in the window
 * [from, to) when it overlaps it (a record still open, `end` null, runs on).
 */
import type { UsageRecord, WorkloadRecord } from '../control/records.js';

/** Text in Unicode code point order (= UTF-8 byte order: SQLite's BINARY, PostgreSQL's "C" collation). */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export function compareWorkloads(a: WorkloadRecord, b: WorkloadRecord): number {
  return a.createdAt - b.createdAt || compareText(a.id, b.id);
}

export function compareUsage(a: UsageRecord, b: UsageRecord): number {
  return a.start - b.start || compareText(a.id, b.id);
}

export function usageInWindow(u: UsageRecord, from: number | undefined, to: number | undefined): boolean {
  if (to !== undefined && u.start >= to) return false;
  if (from !== undefined && u.end !== null && u.end <= from) return false;
  return true;
}
