/**
 * Replays the real 2018–2020 incident timeline onto a simulation horizon, the counterpart of sampleOutages for
 * "what would the real record have done to this portfolio".
 *
 * Mapping:
 * - The record's window is the whole calendar years its incidents start in (2018-01-01 to 2021-01-01 UTC for the
 *   bundled file: 1,096 days). An incident at offset d from the window start lands at start + d + k × window for every
 *   k >= 0 that falls before `end` (the record repeats to fill a long horizon).
 * - An incident lasts its duration_min; incidents without a positive duration are skipped.
 * - Scope: global → region '*'; region-scoped → one event per named region, kept only if the region is in
 *   opts.regions[provider] (when given); unknown scope → '*' (opts.unknownScope 'global', the default, pessimistic:
 *   the operator did not say where) or dropped ('drop').
 * - kind 'compute' (default) replays only the VM-service incidents; 'all' replays every incident.
 * - A provider with no incidents in the data (oci, lambda, …) has no outages unless opts.borrow names a provider whose
 *   timeline it takes (e.g. { oci: 'aws' }); a borrowed region-scoped incident lands in one of the borrower's regions
 *   chosen by a stable hash of the source region name (no regions listed → dropped).
 * Events are clipped to [start, end) and merged per (provider, region) as in sampleOutages.
 */
import type { Instant } from '../../core/types.js';
import { type OutageEvent, normalizeEvents } from './events.js';
import type { Incident } from './incidents.js';

export interface ReplayOptions {
  readonly providers: readonly string[];
  readonly regions?: Readonly<Record<string, readonly string[]>>;
  readonly start: Instant;
  readonly end: Instant;
  readonly kind?: 'compute' | 'all';
  readonly unknownScope?: 'global' | 'drop';
  readonly borrow?: Readonly<Record<string, string>>;
}

const MS_PER_MIN = 60_000;

/** [start, end) of the whole calendar years (UTC) the incidents start in. */
export function recordWindow(incidents: readonly Incident[]): { start: Instant; end: Instant } {
  const years = incidents.map((i) => new Date(i.start).getUTCFullYear());
  if (years.length === 0) return { start: 0, end: 0 };
  return { start: Date.UTC(Math.min(...years), 0, 1), end: Date.UTC(Math.max(...years) + 1, 0, 1) };
}

export function replayOutages(incidents: readonly Incident[], opts: ReplayOptions): OutageEvent[] {
  const window = recordWindow(incidents);
  const period = window.end - window.start;
  if (period <= 0 || opts.end <= opts.start) return [];
  const kind = opts.kind ?? 'compute';
  const events: OutageEvent[] = [];
  for (const provider of new Set(opts.providers)) {
    const own = incidents.some((i) => i.provider === provider);
    const source = own ? provider : opts.borrow?.[provider];
    if (source === undefined) continue;
    const allowed = opts.regions?.[provider];
    for (const inc of incidents) {
      if (inc.provider !== source || (kind === 'compute' && !inc.computeRelated)) continue;
      if (inc.durationMin === undefined || inc.durationMin <= 0) continue;
      const regions = targetRegions(inc, own, allowed, opts.unknownScope ?? 'global');
      if (regions.length === 0) continue;
      const length = inc.durationMin * MS_PER_MIN;
      for (let t = opts.start + (inc.start - window.start); t < opts.end; t += period) {
        for (const region of regions) events.push({ provider, region, start: t, end: t + length });
      }
    }
  }
  return normalizeEvents(events, opts.start, opts.end);
}

function targetRegions(
  inc: Incident,
  own: boolean,
  allowed: readonly string[] | undefined,
  unknown: 'global' | 'drop',
): readonly string[] {
  if (inc.scope === 'global') return ['*'];
  if (inc.scope === 'unknown') return unknown === 'global' ? ['*'] : [];
  if (own) return allowed ? inc.regions.filter((r) => allowed.includes(r)) : inc.regions;
  if (!allowed || allowed.length === 0) return [];
  return [...new Set(inc.regions.map((r) => allowed[fnv1a(r) % allowed.length]!))];
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
