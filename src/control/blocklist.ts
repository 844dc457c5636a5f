/**
 * The blocklist (as SkyPilot keeps one): an offering — `provider/region/instanceType` — that failed a launch is
 * avoided until its entry expires. Kept durable in the store's meta under BLOCKLIST_KEY as plain JSON. Pure.
 */
import type { Cause } from './records.js';

export const BLOCKLIST_KEY = 'blocklist';

/** How long a failing offering is avoided: 10 minutes (documented in docs/control-plane.md). */
export const BLOCKLIST_TTL_MS = 10 * 60_000;

export interface BlockEntry {
  readonly key: string;
  readonly until: number;
  readonly cause: Cause;
}

export const offeringKey = (provider: string, region: string, instanceType: string): string =>
  `${provider}/${region}/${instanceType}`;

/** Entries still in force at `now`. */
export function activeEntries(list: readonly BlockEntry[], now: number): BlockEntry[] {
  return list.filter((e) => e.until > now);
}

/** The list with `key` blocked until now + ttl (an existing entry is extended, never shortened). */
export function block(
  list: readonly BlockEntry[],
  key: string,
  now: number,
  cause: Cause,
  ttl = BLOCKLIST_TTL_MS,
): BlockEntry[] {
  const until = now + ttl;
  const out = activeEntries(list, now).filter((e) => e.key !== key);
  const old = list.find((e) => e.key === key && e.until > now);
  out.push({ key, until: old && old.until > until ? old.until : until, cause });
  return out;
}

export function isBlocked(list: readonly BlockEntry[], key: string, now: number): boolean {
  return list.some((e) => e.key === key && e.until > now);
}

/** Reads the stored value back (anything that is not a list of entries is an empty list). */
export function parseBlocklist(v: unknown): BlockEntry[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (e): e is BlockEntry =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.key === 'string' &&
      typeof e.until === 'number' &&
      typeof e.cause === 'object',
  );
}
