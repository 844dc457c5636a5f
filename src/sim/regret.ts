/**
 * Regret decomposition over seeds, per policy: its effective cost above the offline bound (regret), split part by part
 * against the bound's own money (both in money-breakdown.ts parts: the bound reports its commitment waste and unserved
 * work, money-breakdown.ts boundBreakdown), and its gaps to the bound and to the hindsight-feasible schedule.
 *
 * Per seed, in cents: regret = effective − bound, and
 *   regret = commitment waste + spot losses + outage losses + capacity losses + queueing/unserved + other, where
 *   - commitment waste = the policy's (shortfall paid + reserved blocks' idle GPU-hours at their rate) − the bound's
 *     (shortfall and GPU-hours bought only to burn a minimum + its idle reserved GPU-hours);
 *   - spot, outage and capacity losses = the policy's work thrown away there (the bound loses none);
 *   - queueing/unserved = the policy's unserved work − the bound's (valued at the same price per H100-hour);
 *   - other = the policy's useful spend − the bound's: buying the work dearer (pools, timing, instance rounding).
 * A part is negative where the policy does better than the bound's plan on that count (e.g. less reserved capacity
 * idle, paid for by dearer useful spend): each part compares like with like. A bound run without its own breakdown
 * (older summaries) counts as all useful spend and unserved, as before.
 * The parts add up to the regret to the cent by construction, seed by seed; the means over seeds are shown in USD.
 * Deadline misses are counted beside (they carry no money in the effective cost).
 */
import { type Cents, subCents, sumCents, toCents } from '../core/money.js';
import { type Interval, interval, type RunSummary } from './metrics.js';
import { boundBreakdown, type MoneyBreakdown } from './money-breakdown.js';

/** The regret of one run against one bound, in cents; the parts add up to `regretCents`. */
export interface RegretParts {
  readonly regretCents: Cents;
  readonly commitmentWasteCents: Cents;
  readonly spotLossCents: Cents;
  readonly outageLossCents: Cents;
  readonly capacityLossCents: Cents;
  /** The policy's unserved work minus the bound's. */
  readonly unservedCents: Cents;
  readonly otherCents: Cents;
}

/** The regret of run `b` against the bound whose own money is `bound` (boundBreakdown). */
export function regretParts(b: MoneyBreakdown, bound: MoneyBreakdown): RegretParts {
  const regretCents = subCents(b.effectiveCents, bound.effectiveCents);
  const unservedCents = subCents(b.unservedCents, bound.unservedCents);
  const commitmentWasteCents = subCents(
    sumCents([b.shortfallCents, b.unusedReservedCents]),
    sumCents([bound.shortfallCents, bound.unusedReservedCents]),
  );
  const named = sumCents([
    commitmentWasteCents,
    b.spotLossCents,
    b.outageLossCents,
    b.capacityLossCents,
    unservedCents,
  ]);
  return {
    regretCents,
    commitmentWasteCents,
    spotLossCents: b.spotLossCents,
    outageLossCents: b.outageLossCents,
    capacityLossCents: b.capacityLossCents,
    unservedCents,
    otherCents: subCents(regretCents, named),
  };
}

/** Means over seeds in USD of a policy's money breakdown and regret parts, and its gaps (per seed, then summarised). */
export interface RegretSummary {
  readonly policy: string;
  readonly seeds: number;
  /** Mean USD of each part of the effective cost (money-breakdown.ts; for offline-optimal its own plan's parts). */
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
    readonly capacityLosses: number;
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
        if (!l || !r.breakdown) return [];
        const own =
          l.breakdown ?? boundBreakdown({ effectiveUsd: l.effectiveUsd, unservedUsd: l.effectiveUsd - l.billedUsd });
        return [regretParts(r.breakdown, own)];
      });
      if (parts.length === rs.length && policy !== bound) {
        const p = (f: (x: RegretParts) => number): number => mean(parts.map(f)) / 100;
        out.regretUsd = {
          total: p((x) => x.regretCents),
          commitmentWaste: p((x) => x.commitmentWasteCents),
          spotLosses: p((x) => x.spotLossCents),
          queueingUnserved: p((x) => x.unservedCents),
          outages: p((x) => x.outageLossCents),
          capacityLosses: p((x) => x.capacityLossCents),
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
