/**
 * What changes between two plans of the same workloads: which workloads really move, and what the bill and the work
 * left undone do. A workload moves when the multiset of its placements — provider, region, GPU, tier, contract,
 * block, instance type, GPUs, replicas and units — differs; a placement that only costs more (a price shock) does not
 * move. Money in integer cents.
 */
import type { Plan, PlacementOut } from './plan-types.js';

export interface PlanDiff {
  readonly billDeltaCents: number;
  readonly incrementalDeltaCents: number;
  /** What the variant leaves undone beyond the base (negative: it does more): never part of the bill delta. */
  readonly unservedDeltaCents: number;
  /** billDeltaCents + unservedDeltaCents. */
  readonly effectiveDeltaCents: number;
  readonly moved: readonly {
    readonly workload: string;
    readonly from: string;
    readonly to: string;
    readonly costDeltaCents: number;
  }[];
  readonly newlyUnplaced: readonly string[];
}

/** One placement's identity: everything that says where and how much, nothing about price. */
const key = (p: PlacementOut): string =>
  [
    p.provider,
    p.region,
    p.gpu,
    p.tier,
    p.contract ?? '',
    p.block ?? '',
    p.instanceType,
    p.gpus,
    p.replicas ?? '',
    p.units,
    (p as { instances?: number }).instances ?? '',
  ].join('|');

/** The placements as a person reads them, in a stable order: `aws us-east-1 H100 committed ×10` (replicas) or `… 64 GPUs`. */
const shown = (w: Plan['workloads'][number]): string =>
  w.placements.length === 0
    ? '(unplaced)'
    : w.placements
        .map(
          (p) =>
            `${p.provider} ${p.region} ${p.gpu} ${p.tier} ${p.replicas !== undefined ? `×${p.replicas}` : `${p.gpus} GPUs`}`,
        )
        .sort()
        .join(' + ');

/** True when two workloads' placements differ as multisets. */
export function placementsDiffer(a: readonly PlacementOut[], b: readonly PlacementOut[]): boolean {
  if (a.length !== b.length) return true;
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.some((k, i) => k !== kb[i]);
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const afterById = new Map(after.workloads.map((w) => [w.id, w]));
  const moved: PlanDiff['moved'][number][] = [];
  const newlyUnplaced: string[] = [];
  for (const w of before.workloads) {
    const a = afterById.get(w.id);
    if (!a) continue;
    if (placementsDiffer(w.placements, a.placements)) {
      moved.push({ workload: w.id, from: shown(w), to: shown(a), costDeltaCents: a.effectiveCents - w.effectiveCents });
    }
    if (w.status !== 'unplaced' && a.status === 'unplaced') newlyUnplaced.push(w.id);
  }
  const billDeltaCents = after.totals.billCents - before.totals.billCents;
  const unservedDeltaCents = after.totals.unservedCents - before.totals.unservedCents;
  return {
    billDeltaCents,
    incrementalDeltaCents: after.totals.incrementalCents - before.totals.incrementalCents,
    unservedDeltaCents,
    effectiveDeltaCents: billDeltaCents + unservedDeltaCents,
    moved,
    newlyUnplaced,
  };
}
