/**
 * Results over seeds: per policy, the mean of each metric with a 95% confidence interval over the seeds, and regret
 * against offline-optimal (policy effective cost − bound, per seed, then summarised the same way).
 *
 * Every metric has a domain, and its interval stays inside it (docs/simulator.md, "Confidence intervals"):
 *   - a share in [0, 1] (inference served, commitment utilisation): the Student-t interval built on the logit scale of
 *     the mean (delta method: logit(m) ± t · se / (m (1 − m)), mapped back), which is asymmetric near 0% and 100% and
 *     never leaves (0, 1);
 *   - a quantity bounded on one side only (money, GPU-hours, hours and counts ≥ 0; a gross margin ≤ 100%): the
 *     Student-t interval mean ± t(0.975, n−1) · sd / √n cut at the bound. The true mean lies in the domain, so the cut
 *     interval covers it exactly as often as the t interval does; a log-scale interval was not used because with few
 *     seeds it explodes upwards (two seeds of $0 and $100 would give [$0.00, $16M]);
 *   - a quantity without a bound: the Student-t interval.
 * A value outside its domain widens the domain to include it (so nothing is hidden and the interval always contains
 * the mean). One value has no interval (lo = hi = null); no value at all has no mean (null). Pure and deterministic:
 * the same values give the same interval.
 *
 * Inference revenue and gross margin are summarised only over the runs that have them (a scenario with a price per
 * million tokens; not offline-optimal, an LP without per-service service).
 */
import type { MoneyBreakdown } from './money-breakdown.js';
import type { SimResult } from './result.js';

/** Where a metric's values can lie: `min` and/or `max` (inclusive). */
export interface Domain {
  readonly min?: number;
  readonly max?: number;
}

export type IntervalMethod = 'none' | 'student-t' | 'logit-t' | 'truncated-t';

/** The mean over seeds and its 95% confidence interval [lo, hi] (null with fewer than two values). */
export interface Interval {
  readonly mean: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
  /** How the interval was made: `none` (one value), `student-t`, `logit-t` (a share), `truncated-t` (cut at a bound). */
  readonly method: IntervalMethod;
}

export const SHARE: Domain = { min: 0, max: 1 };
export const NON_NEGATIVE: Domain = { min: 0 };

const T975 = [
  NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/** t(0.975, df): the table to 30 degrees of freedom, then the Cornish–Fisher expansion around z = 1.959964 (within
 * 1e-4 of the exact quantile from 30 on; the old code used 1.96 there, too narrow: t(0.975, 40) = 2.021). */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df < T975.length) return T975[df]!;
  const z = 1.959963984540054;
  const z3 = z ** 3,
    z5 = z ** 5,
    z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

const logit = (p: number): number => Math.log(p / (1 - p));
const logistic = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** The mean of `xs` and its 95% confidence interval inside `domain`; null when there is no value. */
export function interval(xs: readonly number[], domain: Domain = {}): Interval | null {
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, lo: null, hi: null, n, method: 'none' };
  let min = domain.min ?? -Infinity;
  let max = domain.max ?? Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  const inside = (lo: number, hi: number, method: IntervalMethod): Interval => ({
    mean,
    lo: Math.max(min, Math.min(lo, mean)),
    hi: Math.min(max, Math.max(hi, mean)),
    n,
    method,
  });
  if (Number.isFinite(min) && Number.isFinite(max) && max > min) {
    const w = max - min;
    const p = (mean - min) / w;
    if (p > 0 && p < 1) {
      const z = logit(p);
      const s = half / (w * p * (1 - p));
      return inside(min + w * logistic(z - s), min + w * logistic(z + s), 'logit-t');
    }
  }
  if (Number.isFinite(min) || Number.isFinite(max)) return inside(mean - half, mean + half, 'truncated-t');
  return { mean, lo: mean - half, hi: mean + half, n, method: 'student-t' };
}

/** One row per (policy, seed): the numbers a comparison summarises. An absent field is not measured for the run;
 * null is a mean or ratio over nothing (no inference demand, no job finished). */
export interface RunSummary {
  readonly policy: string;
  readonly seed: number;
  readonly effectiveUsd: number;
  /** effectiveUsd − the bill owed with nothing placed (sunk reserved + every minimum as shortfall; SimResult.cost). */
  readonly incrementalUsd?: number;
  readonly billedUsd: number;
  /** Shortfall paid (offline-optimal: with the GPU-hours it buys only to burn a minimum). */
  readonly shortfallUsd?: number;
  /** Inference served / demanded; null when there was no demand. */
  readonly attainment: number | null;
  readonly deadlineMisses?: number;
  readonly lostGpuHours?: number;
  readonly redoneGpuHours?: number;
  /** Runs stopped for priority-1 work and the GPU-hours they lost: only for a policy that preempts. */
  readonly priorityPreemptions?: number;
  readonly priorityLostGpuHours?: number;
  /** Running jobs moved to cheaper pools, the GPU-hours of work they lost, and the saving the moves were expected to
   * make (USD): only for a policy that migrates. */
  readonly migrations?: number;
  readonly migrationLostGpuHours?: number;
  readonly migrationSavingUsd?: number;
  /** Mean hours from arrival to completion of the finished jobs; null when none finished. */
  readonly meanCompletionHours?: number | null;
  readonly commitmentUtilisation?: number;
  /** Share of billed spend per provider; absent when nothing was billed. */
  readonly spendShare?: Readonly<Record<string, number>>;
  readonly outages?: number;
  readonly events?: number;
  /** Inference revenue (USD), its cost of serving (USD) and gross margin: only when the scenario prices tokens. */
  readonly revenueUsd?: number;
  readonly servingCostUsd?: number;
  /** (revenue − cost) / revenue; null when there was no revenue. */
  readonly grossMargin?: number | null;
  /** Where the effective cost went, in cents (money-breakdown.ts; offline-optimal: its LP's own, boundBreakdown). */
  readonly breakdown?: MoneyBreakdown;
  /** A simulated run: service beyond the survivability cap (H100-replica unit-hours, SimResult.inference), and
   * whether the run is in offline-optimal's scope (no deadline missed, no spread breach). */
  readonly spreadBreachUnitHours?: number;
  readonly inBoundScope?: boolean;
  /** offline-optimal: jobs whose deadline no schedule meets even alone (relaxed to their earliest feasible finish),
   * and H100 GPU-hours of deadline work its LP could not fit in time (deadlines jointly infeasible). */
  readonly relaxedDeadlines?: number;
  readonly lateH100?: number;
}

/** Within offline-optimal's scope: no deadline missed and the spread never breached (float slack 1e-6 unit-hours).
 * The bound is a lower bound on exactly these runs' effective cost (sim/offline-optimal.ts). */
export const BOUND_SCOPE_SLACK_UNIT_HOURS = 1e-6;
export function inBoundScope(r: { readonly deadlineMisses: number; readonly spreadBreachUnitHours: number }): boolean {
  return r.deadlineMisses === 0 && r.spreadBreachUnitHours <= BOUND_SCOPE_SLACK_UNIT_HOURS;
}

/** The revenue fields of a run's summary row: none when the run has no priced service. */
export function revenueSummary(r: SimResult): Pick<RunSummary, 'revenueUsd' | 'servingCostUsd' | 'grossMargin'> {
  const v = r.revenue;
  if (!v) return {};
  return { revenueUsd: v.revenueCents / 100, servingCostUsd: v.costCents / 100, grossMargin: v.grossMargin };
}

/** Per policy, each metric over its seeds: an Interval; null when the metric applies but no seed has a value (a mean
 * over nothing); absent when the policy does not measure it (offline-optimal has no shortfall, regret, jobs…). */
export interface PolicySummary {
  readonly policy: string;
  readonly effectiveUsd: Interval;
  readonly incrementalUsd?: Interval | null;
  readonly billedUsd: Interval;
  readonly shortfallUsd?: Interval | null;
  readonly attainment: Interval | null;
  readonly deadlineMisses?: Interval | null;
  readonly lostGpuHours?: Interval | null;
  readonly priorityPreemptions?: Interval | null;
  readonly priorityLostGpuHours?: Interval | null;
  readonly migrations?: Interval | null;
  readonly migrationLostGpuHours?: Interval | null;
  readonly migrationSavingUsd?: Interval | null;
  readonly meanCompletionHours?: Interval | null;
  readonly commitmentUtilisation?: Interval | null;
  readonly regretUsd?: Interval | null;
  readonly revenueUsd?: Interval | null;
  readonly grossMargin?: Interval | null;
  /** Simulated policies: how many of its runs are in offline-optimal's scope (regret against the bound is a gap to
   * a lower bound only for those), and its spread breach per run. offline-optimal: its relaxed deadlines and late
   * work, the most over seeds. */
  readonly boundScope?: { readonly inScope: number; readonly runs: number };
  readonly spreadBreachUnitHours?: Interval | null;
  readonly relaxedDeadlines?: number;
  readonly lateH100?: number;
}

/** The domain of each summarised metric (see the module comment). Regret is ≥ 0 because offline-optimal is a lower
 * bound on every policy's effective cost; a seed below it widens the domain rather than being hidden. */
export const DOMAINS = {
  effectiveUsd: NON_NEGATIVE,
  // Not bounded below: burning a GPU-hour commitment whose shortfall rate is above the price bills less than idle.
  incrementalUsd: {},
  billedUsd: NON_NEGATIVE,
  shortfallUsd: NON_NEGATIVE,
  attainment: SHARE,
  deadlineMisses: NON_NEGATIVE,
  lostGpuHours: NON_NEGATIVE,
  priorityPreemptions: NON_NEGATIVE,
  priorityLostGpuHours: NON_NEGATIVE,
  migrations: NON_NEGATIVE,
  migrationLostGpuHours: NON_NEGATIVE,
  migrationSavingUsd: NON_NEGATIVE,
  meanCompletionHours: NON_NEGATIVE,
  commitmentUtilisation: SHARE,
  regretUsd: NON_NEGATIVE,
  spreadBreachUnitHours: NON_NEGATIVE,
  revenueUsd: NON_NEGATIVE,
  grossMargin: { max: 1 },
} as const satisfies Record<string, Domain>;

export function summarise(runs: readonly RunSummary[], bound = 'offline-optimal'): PolicySummary[] {
  const policies = [...new Set(runs.map((r) => r.policy))];
  const lb = new Map(runs.filter((r) => r.policy === bound).map((r) => [r.seed, r.effectiveUsd]));
  return policies.map((policy) => {
    const rs = runs.filter((r) => r.policy === policy);
    const opt = (
      k: keyof typeof DOMAINS,
      f: (r: RunSummary) => number | null | undefined,
    ): Interval | null | undefined => {
      const vs = rs.map(f);
      const xs = vs.filter((x): x is number => typeof x === 'number');
      if (xs.length) return interval(xs, DOMAINS[k]);
      return vs.some((x) => x === null) ? null : undefined;
    };
    const regret =
      policy === bound
        ? undefined
        : opt('regretUsd', (r) => (lb.has(r.seed) ? r.effectiveUsd - lb.get(r.seed)! : undefined));
    const incremental = opt('incrementalUsd', (r) => r.incrementalUsd);
    const out: Record<string, unknown> = {
      policy,
      effectiveUsd: interval(
        rs.map((r) => r.effectiveUsd),
        DOMAINS.effectiveUsd,
      ),
      ...(incremental !== undefined ? { incrementalUsd: incremental } : {}),
      billedUsd: interval(
        rs.map((r) => r.billedUsd),
        DOMAINS.billedUsd,
      ),
      attainment: opt('attainment', (r) => r.attainment) ?? null,
    };
    const add = (k: keyof typeof DOMAINS, v: Interval | null | undefined): void => {
      if (v !== undefined) out[k] = v;
    };
    add(
      'shortfallUsd',
      opt('shortfallUsd', (r) => r.shortfallUsd),
    );
    add(
      'deadlineMisses',
      opt('deadlineMisses', (r) => r.deadlineMisses),
    );
    add(
      'lostGpuHours',
      opt('lostGpuHours', (r) => r.lostGpuHours),
    );
    add(
      'priorityPreemptions',
      opt('priorityPreemptions', (r) => r.priorityPreemptions),
    );
    add(
      'priorityLostGpuHours',
      opt('priorityLostGpuHours', (r) => r.priorityLostGpuHours),
    );
    add(
      'migrations',
      opt('migrations', (r) => r.migrations),
    );
    add(
      'migrationLostGpuHours',
      opt('migrationLostGpuHours', (r) => r.migrationLostGpuHours),
    );
    add(
      'migrationSavingUsd',
      opt('migrationSavingUsd', (r) => r.migrationSavingUsd),
    );
    add(
      'meanCompletionHours',
      opt('meanCompletionHours', (r) => r.meanCompletionHours),
    );
    add(
      'commitmentUtilisation',
      opt('commitmentUtilisation', (r) => r.commitmentUtilisation),
    );
    add('regretUsd', regret);
    add(
      'revenueUsd',
      opt('revenueUsd', (r) => r.revenueUsd),
    );
    add(
      'grossMargin',
      opt('grossMargin', (r) => r.grossMargin),
    );
    add(
      'spreadBreachUnitHours',
      opt('spreadBreachUnitHours', (r) => r.spreadBreachUnitHours),
    );
    const scoped = rs.filter((r) => r.inBoundScope !== undefined);
    if (scoped.length) out.boundScope = { inScope: scoped.filter((r) => r.inBoundScope).length, runs: scoped.length };
    const most = (f: (r: RunSummary) => number | undefined): number | undefined => {
      const xs = rs.map(f).filter((x): x is number => x !== undefined);
      return xs.length ? Math.max(...xs) : undefined;
    };
    const relaxed = most((r) => r.relaxedDeadlines);
    if (relaxed !== undefined) out.relaxedDeadlines = relaxed;
    const late = most((r) => r.lateH100);
    if (late !== undefined) out.lateH100 = late;
    return out as unknown as PolicySummary;
  });
}
