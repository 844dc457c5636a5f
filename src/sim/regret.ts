/**
 * Regret decomposition over seeds, per policy: its effective cost above the offline bound (regret), split into where
 * that money went, from each run's money breakdown (money-breakdown.ts), and its gaps to the bound and to the
 * hindsight-feasible schedule.
 *
 * Per seed, in cents: regret = effective − bound (the bound's effective cost rounded to the cent once), and
 *   regret = commitment waste + spot losses + outage losses + queueing/unserved + other, where
 *   - commitment waste = the policy's shortfall paid + its reserved blocks' idle GPU-hours at their rate;
 *   - spot and outage losses = the policy's work thrown away there (the bound, a fluid LP, loses none);
 *   - queueing/unserved = the policy's unserved work − the bound's (both valued at the same price per H100-hour;
 *     the bound's is its effective minus its billed cost);
 *   - other = regret − the four parts above = the policy's useful spend and capacity losses − the bound's billed cost.
 *     The LP does not report its own commitment waste, so that stays in other, which is negative when the bound
 *     wastes commitments too (on frontier-lab the sunk commitments nobody can burn are most of both bills).
 * The parts add up to the regret to the cent by construction, seed by seed; the means over seeds are shown in USD.
 * Deadline misses are counted beside (they carry no money in the effective cost).
 */
import { type Cents, subCents, sumCents, toCents } from '../core/money.js';
import { type Interval, interval, type RunSummary } from './metrics.js';
import type { MoneyBreakdown } from './money-breakdown.js';

/** The regret of one run against one bound, in cents; the parts add up to `regretCents`. */
export interface RegretParts {
  readonly regretCents: Cents;
  readonly commitmentWasteCents: Cents;
  readonly spotLossCents: Cents;
  readonly outageLossCents: Cents;
  /** The policy's unserved work minus the bound's. */
  readonly unservedCents: Cents;
  readonly otherCents: Cents;
}

/** `boundUsd`: the bound's effective cost; `boundUnservedUsd`: the part of it that is unserved work. */
export function regretParts(b: MoneyBreakdown, boundUsd: number, boundUnservedUsd = 0): RegretParts {
  const regretCents = subCents(b.effectiveCents, toCents(boundUsd));
  const unservedCents = subCents(b.unservedCents, toCents(boundUnservedUsd));
  const commitmentWasteCents = sumCents([b.shortfallCents, b.unusedReservedCents]);
  const named = sumCents([commitmentWasteCents, b.spotLossCents, b.outageLossCents, unservedCents]);
  return {
    regretCents,
    commitmentWasteCents,
    spotLossCents: b.spotLossCents,
    outageLossCents: b.outageLossCents,
    unservedCents,
    otherCents: subCents(regretCents, named),
  };
}

/** Means over seeds in USD of a policy's money breakdown and regret parts, and its gaps (per seed, then summarised). */
export interface RegretSummary {
  readonly policy: string;
  readonly seeds: number;
  /** Mean USD of each part of the effective cost (money-breakdown.ts); absent for offline-optimal. */
  readonly breakdownUsd?: {
    readonly effective: number;
    readonly useful: number;
    readonly commitmentWaste: number;
    readonly spotLosses: number;
    readonly outages: number;
    readonly capacityLosses: number;
    readonly unserved: number;
  };
  /** Mean USD of the regret's parts against offline-optimal; absent without the bound or a breakdown. */
  readonly regretUsd?: {
    readonly total: number;
    readonly commitmentWaste: number;
    readonly spotLosses: number;
    readonly queueingUnserved: number;
    readonly outages: number;
    readonly other: number;
  };
  readonly deadlineMisses?: number;
  /** effective − bound and effective − hindsight, per seed, summarised (95% CI); absent when that run is missing. */
  readonly gapToBoundUsd?: Interval | null;
  readonly gapToHindsightUsd?: Interval | null;
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export function summariseRegret(
  runs: readonly RunSummary[],
  bound = 'offline-optimal',
  hindsight = 'hindsight',
): RegretSummary[] {
  const byPolicy = (name: string): Map<number, RunSummary> =>
    new Map(runs.filter((r) => r.policy === name).map((r) => [r.seed, r]));
  const lb = byPolicy(bound);
  const hs = byPolicy(hindsight);
  const policies = [...new Set(runs.map((r) => r.policy))];
  return policies.map((policy) => {
    const rs = runs.filter((r) => r.policy === policy);
    const out: { -readonly [K in keyof RegretSummary]: RegretSummary[K] } = { policy, seeds: rs.length };
    const bs = rs.map((r) => r.breakdown).filter((b): b is MoneyBreakdown => b !== undefined);
    if (bs.length === rs.length && bs.length > 0) {
      const m = (f: (b: MoneyBreakdown) => number): number => mean(bs.map(f)) / 100;
      out.breakdownUsd = {
        effective: m((b) => b.effectiveCents),
        useful: m((b) => b.usefulCents),
        commitmentWaste: m((b) => b.shortfallCents + b.unusedReservedCents),
        spotLosses: m((b) => b.spotLossCents),
        outages: m((b) => b.outageLossCents),
        capacityLosses: m((b) => b.capacityLossCents),
        unserved: m((b) => b.unservedCents),
      };
      const parts = rs.flatMap((r) => {
        const l = lb.get(r.seed);
        return l && r.breakdown ? [regretParts(r.breakdown, l.effectiveUsd, l.effectiveUsd - l.billedUsd)] : [];
      });
      if (parts.length === rs.length) {
        const p = (f: (x: RegretParts) => number): number => mean(parts.map(f)) / 100;
        out.regretUsd = {
          total: p((x) => x.regretCents),
          commitmentWaste: p((x) => x.commitmentWasteCents),
          spotLosses: p((x) => x.spotLossCents),
          queueingUnserved: p((x) => x.unservedCents),
          outages: p((x) => x.outageLossCents),
          other: p((x) => x.otherCents),
        };
      }
    }
    const misses = rs.map((r) => r.deadlineMisses).filter((x): x is number => x !== undefined);
    if (misses.length) out.deadlineMisses = mean(misses);
    const gap = (ref: Map<number, RunSummary>): Interval | null | undefined => {
      if (ref.size === 0) return undefined;
      const xs = rs.flatMap((r) => {
        const x = ref.get(r.seed);
        return x ? [r.effectiveUsd - x.effectiveUsd] : [];
      });
      return xs.length ? interval(xs) : null;
    };
    if (policy !== bound) {
      const g = gap(lb);
      if (g !== undefined) out.gapToBoundUsd = g;
    }
    if (policy !== hindsight) {
      const g = gap(hs);
      if (g !== undefined) out.gapToHindsightUsd = g;
    }
    return out;
  });
}
