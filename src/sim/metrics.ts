/**
 * Results over seeds: per policy, the mean of each metric with a 95% confidence interval (Student's t over the seeds:
 * mean ± t(0.975, n−1) · sd / √n; a single seed has no interval), and regret against offline-optimal
 * (policy effective cost − bound, per seed, then summarised the same way).
 * Inference revenue and gross margin are summarised only over the runs that have them (a scenario with a price per
 * million tokens; not offline-optimal, an LP without per-service service).
 */
import type { SimResult } from './result.js';

export interface Interval { readonly mean: number; readonly lo: number; readonly hi: number; readonly n: number }

const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function interval(xs: readonly number[]): Interval {
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const t = T975[n - 1] ?? 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** One row per (policy, seed): the numbers a comparison summarises. */
export interface RunSummary {
  readonly policy: string;
  readonly seed: number;
  readonly effectiveUsd: number;
  readonly billedUsd: number;
  readonly shortfallUsd?: number;
  readonly attainment: number;
  readonly deadlineMisses?: number;
  readonly lostGpuHours?: number;
  readonly redoneGpuHours?: number;
  readonly meanCompletionHours?: number;
  readonly commitmentUtilisation?: number;
  readonly spendShare?: Readonly<Record<string, number>>;
  readonly outages?: number;
  readonly events?: number;
  /** Inference revenue (USD), its cost of serving (USD) and gross margin: only when the scenario prices tokens. */
  readonly revenueUsd?: number;
  readonly servingCostUsd?: number;
  readonly grossMargin?: number;
}

/** The revenue fields of a run's summary row: none when the run has no priced service (or a margin without revenue). */
export function revenueSummary(r: SimResult): Pick<RunSummary, 'revenueUsd' | 'servingCostUsd' | 'grossMargin'> {
  const v = r.revenue;
  if (!v) return {};
  return { revenueUsd: v.revenueCents / 100, servingCostUsd: v.costCents / 100, ...(v.grossMargin !== null ? { grossMargin: v.grossMargin } : {}) };
}

export interface PolicySummary {
  readonly policy: string;
  readonly effectiveUsd: Interval;
  readonly billedUsd: Interval;
  readonly shortfallUsd?: Interval;
  readonly attainment: Interval;
  readonly deadlineMisses?: Interval;
  readonly lostGpuHours?: Interval;
  readonly meanCompletionHours?: Interval;
  readonly commitmentUtilisation?: Interval;
  readonly regretUsd?: Interval;
  readonly revenueUsd?: Interval;
  readonly grossMargin?: Interval;
}

export function summarise(runs: readonly RunSummary[], bound = 'offline-optimal'): PolicySummary[] {
  const policies = [...new Set(runs.map((r) => r.policy))];
  const lb = new Map(runs.filter((r) => r.policy === bound).map((r) => [r.seed, r.effectiveUsd]));
  return policies.map((policy) => {
    const rs = runs.filter((r) => r.policy === policy);
    const opt = (f: (r: RunSummary) => number | undefined): Interval | undefined => {
      const xs = rs.map(f).filter((x): x is number => x !== undefined);
      return xs.length ? interval(xs) : undefined;
    };
    const regret = policy === bound ? undefined : opt((r) => (lb.has(r.seed) ? r.effectiveUsd - lb.get(r.seed)! : undefined));
    const out: Record<string, unknown> = {
      policy, effectiveUsd: interval(rs.map((r) => r.effectiveUsd)), billedUsd: interval(rs.map((r) => r.billedUsd)),
      attainment: interval(rs.map((r) => r.attainment)),
    };
    const add = (k: string, v: Interval | undefined): void => { if (v) out[k] = v; };
    add('shortfallUsd', opt((r) => r.shortfallUsd));
    add('deadlineMisses', opt((r) => r.deadlineMisses));
    add('lostGpuHours', opt((r) => r.lostGpuHours));
    add('meanCompletionHours', opt((r) => r.meanCompletionHours));
    add('commitmentUtilisation', opt((r) => r.commitmentUtilisation));
    add('regretUsd', regret);
    add('revenueUsd', opt((r) => r.revenueUsd));
    add('grossMargin', opt((r) => r.grossMargin));
    return out as unknown as PolicySummary;
  });
}
