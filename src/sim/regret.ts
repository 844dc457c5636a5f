/**
 * Regret decomposition over seeds, per policy: its effective cost above the offline bound (regret), split into where
 * that money went, from each run's money breakdown (money-breakdown.ts), and its gaps to the bound and to the
 * hindsight-feasible schedule.
 *
 * Per seed, in cents: regret = effective − bound (the bound's effective cost rounded to the cent once), and
 *   regret = commitment waste (shortfall paid + unused reserved) + spot losses + outage losses + unserved + other,
 * where other = regret − the four named parts = useful spend + capacity losses − bound: what the policy paid for work
 * it kept beyond what the bound pays for everything (it may be negative: the bound's LP serves work the policy
 * leaves unserved and prices it). The parts add up to the regret to the cent by construction, seed by seed; the means
 * over seeds are shown in USD. Deadline misses are counted beside (they carry no money in the effective cost).
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
  readonly unservedCents: Cents;
  readonly otherCents: Cents;
}

export function regretParts(b: MoneyBreakdown, boundUsd: number): RegretParts {
  const regretCents = subCents(b.effectiveCents, toCents(boundUsd));
  const commitmentWasteCents = sumCents([b.shortfallCents, b.unusedReservedCents]);
  const named = sumCents([commitmentWasteCents, b.spotLossCents, b.outageLossCents, b.unservedCents]);
  return {
    regretCents,
    commitmentWasteCents,
    spotLossCents: b.spotLossCents,
    outageLossCents: b.outageLossCents,
    unservedCents: b.unservedCents,
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
        return l && r.breakdown ? [regretParts(r.breakdown, l.effectiveUsd)] : [];
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
