/**
 * Synthetic outages drawn from fitted statistics (stats.ts), for horizons longer than the real record or for
 * many seeds.
 *
 * Model, per provider p (stats = statsFor(stats, p), class = opts.kind, default 'compute'):
 * - provider-wide outages (region '*') arrive as a Poisson process with rate perYear × (1 − regionalShare) per year;
 * - each region r in opts.regions[p] has its own Poisson process with rate perYear × regionalShare / regionsObserved
 *   (no regions listed for p → no regional outages for p);
 * - each outage lasts exp(N(mu, sigma²)) minutes (the lognormal fit), optionally capped at opts.maxDurationMin;
 * - events are clipped to [start, end), and overlapping outages of the same (provider, region) merge into one.
 * Every (provider, region) stream draws from rng.fork(provider).fork(region), so adding a provider or a region does not
 * change the outages of the others, and the same seed always gives the same outages.
 */
import type { Rng } from '../../core/rng.js';
import type { Instant } from '../../core/types.js';
import { type OutageEvent, normalizeEvents } from './events.js';
import { type OutageStats, statsFor } from './stats.js';

export interface SampleOptions {
  readonly providers: readonly string[];
  /** Regions per provider that can fail on their own. */
  readonly regions?: Readonly<Record<string, readonly string[]>>;
  readonly start: Instant;
  readonly end: Instant;
  readonly kind?: 'compute' | 'all';
  /** Longest single outage in minutes (the lognormal tail is long: Azure's p99 is about 4 days). */
  readonly maxDurationMin?: number;
}

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;
const MS_PER_MIN = 60_000;

export function sampleOutages(stats: OutageStats, opts: SampleOptions, rng: Rng): OutageEvent[] {
  const events: OutageEvent[] = [];
  const cap = opts.maxDurationMin ?? Number.POSITIVE_INFINITY;
  for (const provider of [...new Set(opts.providers)]) {
    const s = statsFor(stats, provider)[opts.kind ?? 'compute'];
    const { mu, sigma } = s.duration.lognormal;
    const stream = (region: string, perYear: number): void => {
      if (!(perYear > 0)) return;
      const r = rng.fork(provider).fork(region);
      const ratePerMs = perYear / MS_PER_YEAR;
      for (let t = opts.start + r.exponential(ratePerMs); t < opts.end; t += r.exponential(ratePerMs)) {
        const minutes = Math.min(cap, r.lognormal(mu, sigma));
        events.push({ provider, region, start: Math.round(t), end: Math.round(t + minutes * MS_PER_MIN) });
      }
    };
    stream('*', s.perYear * (1 - s.regionalShare));
    const perRegion = s.regionsObserved > 0 ? (s.perYear * s.regionalShare) / s.regionsObserved : 0;
    for (const region of new Set(opts.regions?.[provider] ?? [])) if (region !== '*') stream(region, perRegion);
  }
  return normalizeEvents(events, opts.start, opts.end);
}
