/**
 * Time buckets: the horizon cut at every `bucketHours` step and at every boundary that matters (contract terms,
 * commitment periods, reserved-block ramp steps), so that within a bucket prices, capacities and the commitment
 * period are constant.
 */
import type { Contract } from '../core/types.js';
import type { Bucket } from './problem.js';

const HOUR_MS = 3_600_000;

export function makeBuckets(start: number, end: number, bucketHours: number, boundaries: readonly number[]): Bucket[] {
  if (!(end > start)) return [];
  const cuts = new Set<number>([start, end]);
  const step = Math.max(1, bucketHours) * HOUR_MS;
  for (let t = start + step; t < end; t += step) cuts.add(t);
  for (const b of boundaries) if (b > start && b < end) cuts.add(b);
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Bucket[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i]!;
    const e = sorted[i + 1]!;
    out.push({ index: i, start: s, end: e, hours: (e - s) / HOUR_MS });
  }
  return out;
}

/** Every instant the buckets must be cut at: contract starts and ends, commitment periods, reserved-block ramp steps.
 * The planner (compile.ts) and the simulator (sim/world.ts) cut their buckets at the same instants. */
export function boundaries(contracts: readonly Contract[]): number[] {
  const out: number[] = [];
  for (const c of contracts) {
    out.push(c.start, c.end);
    for (const p of c.commitment?.periods ?? []) out.push(p.start, p.end);
    for (const b of c.reserved) for (const s of b.ramp) out.push(s.from);
  }
  return out;
}

/** The buckets of [start, end): every `bucketHours` step and every contract boundary (`boundaries`). */
export function contractBuckets(
  start: number,
  end: number,
  bucketHours: number,
  contracts: readonly Contract[],
): Bucket[] {
  return makeBuckets(start, end, bucketHours, boundaries(contracts));
}

/** Index of the bucket containing instant t (t in [start, end)), or -1 outside the horizon. Binary search. */
export function bucketAt(buckets: readonly Bucket[], t: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid]!;
    if (t < b.start) hi = mid - 1;
    else if (t >= b.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Hours of [from, to) that fall inside bucket b. */
export function overlapHours(b: Bucket, from: number, to: number): number {
  const s = Math.max(b.start, from);
  const e = Math.min(b.end, to);
  return e > s ? (e - s) / HOUR_MS : 0;
}

export const hoursToMs = (h: number): number => h * HOUR_MS;
