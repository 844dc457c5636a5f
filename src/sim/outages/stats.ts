/**
 * Per-provider outage statistics fitted from real incidents (see incidents.ts), the input of sampleOutages.
 *
 * For each provider and each class of incident (`all`, and `compute` = the VM services, see locations.ts):
 * - count and incidents per year = count / the observation window in years. The window is the calendar years the
 *   incidents start in (2018–2020 → 3 years) unless `yearsObserved` overrides it per provider. Caveat: Azure 2020
 *   holds only 14 rows in the source (119 in 2018, 78 in 2019), so Azure's default rate is low; `byYear` shows it.
 * - duration: empirical quantiles of duration_min (linear interpolation between order statistics, R type 7), the mean,
 *   and a lognormal fit by maximum likelihood: mu and sigma are the mean and the (population) standard deviation of
 *   ln(minutes). Durations below 1 minute (6 GCP rows of a few seconds) count as 1 minute in the fit, where ln would
 *   blow up; incidents without a duration are left out.
 * - scope: incidents that name regions, that are global (`Global`, `Multi-region`, …), or whose location is unknown.
 *   regionalShare = regional / (regional + global): incidents of unknown scope are assumed to split the same way.
 *   regionsObserved = distinct regions named; the per-region rate sampleOutages uses is
 *   perYear × regionalShare / regionsObserved (the mean over regions that had an incident).
 *
 * Providers absent from the data (oci, lambda, nebius, coreweave, …) get `source: 'assumed'`: every number is the
 * mean of the fitted providers' (aws, azure, gcp), and `note` says so. No data says a GPU cloud fails more or less
 * often than a hyperscaler, so the mean is the neutral choice; pass your own stats to sampleOutages to change it.
 */
import type { Incident } from './incidents.js';

export interface DurationFit {
  /** Incidents with a duration. */
  readonly n: number;
  readonly meanMin: number;
  readonly quantilesMin: {
    readonly p10: number;
    readonly p25: number;
    readonly p50: number;
    readonly p75: number;
    readonly p90: number;
    readonly p99: number;
  };
  /** ln(minutes) ~ N(mu, sigma^2). */
  readonly lognormal: { readonly mu: number; readonly sigma: number };
}

export interface IncidentClassStats {
  readonly count: number;
  readonly perYear: number;
  /** Calendar year (UTC, of the start) → incidents. */
  readonly byYear: Readonly<Record<string, number>>;
  readonly duration: DurationFit;
  readonly regional: number;
  readonly global: number;
  readonly unknownScope: number;
  readonly regionalShare: number;
  readonly regionsObserved: number;
}

export interface ProviderOutageStats {
  readonly provider: string;
  readonly source: 'fitted' | 'assumed';
  readonly note: string;
  readonly yearsObserved: number;
  readonly all: IncidentClassStats;
  readonly compute: IncidentClassStats;
}

export interface OutageStats {
  /** Fitted providers, in alphabetical order. */
  readonly fitted: readonly ProviderOutageStats[];
}

export interface FitOptions {
  /** Observation window in years per provider, overriding the calendar years the data spans. */
  readonly yearsObserved?: Readonly<Record<string, number>>;
}

export function fitOutageStats(incidents: readonly Incident[], opts: FitOptions = {}): OutageStats {
  const years = incidents.map((i) => new Date(i.start).getUTCFullYear());
  const span = years.length ? Math.max(...years) - Math.min(...years) + 1 : 1;
  const providers = [...new Set(incidents.map((i) => i.provider))].sort();
  const fitted = providers.map((p): ProviderOutageStats => {
    const mine = incidents.filter((i) => i.provider === p);
    const y = opts.yearsObserved?.[p] ?? span;
    return {
      provider: p,
      source: 'fitted',
      note: `fitted from ${mine.length} incidents over ${y} year(s)`,
      yearsObserved: y,
      all: classStats(mine, y),
      compute: classStats(
        mine.filter((i) => i.computeRelated),
        y,
      ),
    };
  });
  return { fitted };
}

/** The provider's fitted stats, or the assumed ones (mean of the fitted providers) when the data has none. */
export function statsFor(stats: OutageStats, provider: string): ProviderOutageStats {
  const found = stats.fitted.find((s) => s.provider === provider);
  if (found) return found;
  const names = stats.fitted.map((s) => s.provider).join(', ');
  const mean = (f: (s: ProviderOutageStats) => number): number =>
    stats.fitted.length ? stats.fitted.reduce((a, s) => a + f(s), 0) / stats.fitted.length : 0;
  const cls = (pick: (s: ProviderOutageStats) => IncidentClassStats): IncidentClassStats => ({
    count: mean((s) => pick(s).count),
    perYear: mean((s) => pick(s).perYear),
    byYear: {},
    duration: {
      n: mean((s) => pick(s).duration.n),
      meanMin: mean((s) => pick(s).duration.meanMin),
      quantilesMin: {
        p10: mean((s) => pick(s).duration.quantilesMin.p10),
        p25: mean((s) => pick(s).duration.quantilesMin.p25),
        p50: mean((s) => pick(s).duration.quantilesMin.p50),
        p75: mean((s) => pick(s).duration.quantilesMin.p75),
        p90: mean((s) => pick(s).duration.quantilesMin.p90),
        p99: mean((s) => pick(s).duration.quantilesMin.p99),
      },
      lognormal: {
        mu: mean((s) => pick(s).duration.lognormal.mu),
        sigma: mean((s) => pick(s).duration.lognormal.sigma),
      },
    },
    regional: mean((s) => pick(s).regional),
    global: mean((s) => pick(s).global),
    unknownScope: mean((s) => pick(s).unknownScope),
    regionalShare: mean((s) => pick(s).regionalShare),
    regionsObserved: mean((s) => pick(s).regionsObserved),
  });
  return {
    provider,
    source: 'assumed',
    note: `no incident data for ${provider}: assumed the mean of ${names || 'nothing (no fitted providers)'}`,
    yearsObserved: mean((s) => s.yearsObserved),
    all: cls((s) => s.all),
    compute: cls((s) => s.compute),
  };
}

function classStats(incidents: readonly Incident[], yearsObserved: number): IncidentClassStats {
  const byYear: Record<string, number> = {};
  for (const i of incidents) {
    const y = String(new Date(i.start).getUTCFullYear());
    byYear[y] = (byYear[y] ?? 0) + 1;
  }
  const regional = incidents.filter((i) => i.scope === 'region').length;
  const global = incidents.filter((i) => i.scope === 'global').length;
  return {
    count: incidents.length,
    perYear: incidents.length / yearsObserved,
    byYear,
    duration: fitDurations(incidents.flatMap((i) => (i.durationMin === undefined ? [] : [i.durationMin]))),
    regional,
    global,
    unknownScope: incidents.length - regional - global,
    regionalShare: regional + global ? regional / (regional + global) : 0,
    regionsObserved: new Set(incidents.flatMap((i) => i.regions)).size,
  };
}

export function fitDurations(minutes: readonly number[]): DurationFit {
  const xs = [...minutes].sort((a, b) => a - b);
  const n = xs.length;
  const q = (p: number): number => quantile(xs, p);
  const logs = xs.map((x) => Math.log(Math.max(1, x)));
  const mu = n ? logs.reduce((a, b) => a + b, 0) / n : 0;
  const sigma = n ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / n) : 0;
  return {
    n,
    meanMin: n ? xs.reduce((a, b) => a + b, 0) / n : 0,
    quantilesMin: { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p99: q(0.99) },
    lognormal: { mu, sigma },
  };
}

/** R type-7 quantile of sorted values (0 for an empty list). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}
