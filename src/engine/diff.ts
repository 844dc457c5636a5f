/** What changes between two plans of the same workloads: where each workload moves and what the bill does. */
import type { Plan } from './plan-types.js';

export interface PlanDiff {
  readonly billDelta: number;
  readonly incrementalDelta: number;
  readonly moved: readonly { readonly workload: string; readonly from: string; readonly to: string; readonly costDelta: number }[];
  readonly newlyUnplaced: readonly string[];
}

const where = (w: Plan['workloads'][number]): string =>
  w.placements.length === 0 ? '(unplaced)' : [...new Set(w.placements.map((p) => `${p.provider}/${p.gpu}/${p.tier}`))].sort().join(' + ');

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const afterById = new Map(after.workloads.map((w) => [w.id, w]));
  const moved: PlanDiff['moved'][number][] = [];
  const newlyUnplaced: string[] = [];
  for (const w of before.workloads) {
    const a = afterById.get(w.id);
    if (!a) continue;
    const from = where(w);
    const to = where(a);
    if (from !== to) moved.push({ workload: w.id, from, to, costDelta: Math.round((a.effectiveCost - w.effectiveCost) * 100) / 100 });
    if (w.status !== 'unplaced' && a.status === 'unplaced') newlyUnplaced.push(w.id);
  }
  return {
    billDelta: Math.round((after.totals.bill - before.totals.bill) * 100) / 100,
    incrementalDelta: Math.round((after.totals.incremental - before.totals.incremental) * 100) / 100,
    moved,
    newlyUnplaced,
  };
}
