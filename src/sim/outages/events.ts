/**
 * Outage events as the simulator consumes them: a provider (or one of its regions) is down over [start, end).
 * `region: '*'` means every region of the provider.
 */
import type { Instant } from '../../core/types.js';

export interface OutageEvent {
  readonly provider: string;
  readonly region: string; // a region id, or '*'
  readonly start: Instant;
  readonly end: Instant;
}

/** Events clipped to [from, to), overlapping or touching events of one (provider, region) merged, empty ones dropped;
 * sorted by start, then provider, region. */
export function normalizeEvents(events: readonly OutageEvent[], from: Instant, to: Instant): OutageEvent[] {
  const clipped = events
    .map((e) => ({ ...e, start: Math.max(e.start, from), end: Math.min(e.end, to) }))
    .filter((e) => e.end > e.start);
  clipped.sort((a, b) => cmp(a.provider, b.provider) || cmp(a.region, b.region) || a.start - b.start || a.end - b.end);
  const merged: OutageEvent[] = [];
  for (const e of clipped) {
    const last = merged[merged.length - 1];
    if (last && last.provider === e.provider && last.region === e.region && e.start <= last.end) {
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, e.end) };
    } else merged.push(e);
  }
  return merged.sort((a, b) => a.start - b.start || cmp(a.provider, b.provider) || cmp(a.region, b.region));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What is wrong with an event list the simulator is handed: out of order, outside [from, to), empty, or overlapping
 * (or touching) another event of the same (provider, region). Empty list = well formed. */
export function eventProblems(events: readonly OutageEvent[], from: Instant, to: Instant): string[] {
  const problems: string[] = [];
  const lastEnd = new Map<string, Instant>();
  events.forEach((e, i) => {
    if (!(e.start < e.end)) problems.push(`event ${i} is empty or reversed`);
    if (e.start < from || e.end > to) problems.push(`event ${i} lies outside the horizon`);
    const prev = events[i - 1];
    if (prev && prev.start > e.start) problems.push(`event ${i} starts before event ${i - 1}`);
    const key = `${e.provider}\u0000${e.region}`;
    const end = lastEnd.get(key);
    if (end !== undefined && e.start <= end)
      problems.push(`event ${i} overlaps an earlier ${e.provider}/${e.region} outage`);
    lastEnd.set(key, Math.max(end ?? e.end, e.end));
  });
  return problems;
}
