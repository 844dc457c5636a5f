/** The offline bound from its LP's answer (offline-optimal.ts builds the LP; a solver answers, maybe later in a worker). */
import { item } from '../core/item.js';
import type { BoundModel, BoundResult, LpAnswer } from './bound-types.js';
import type { World } from './world.js';

/** The columns whose values boundFromAnswer reads: penalties, shortfalls, waste and every x. */
export function answerColumns(model: BoundModel): string[] {
  return [
    ...model.penaltyColumns.map((c) => c.name),
    ...model.lateColumns,
    ...model.shortfallColumns.map((c) => c.name),
    ...model.wasteColumns.map((c) => c.name),
    ...model.xColumns.map((c) => c.name),
  ];
}

/** The bound from the LP's answer (for a solver that answers later, e.g. in a worker: build, solve, then this). */
export function boundFromAnswer(model: BoundModel, world: World, ans: LpAnswer): BoundResult {
  if (ans.status !== 'Optimal') throw new Error(`offline-optimal LP: HiGHS status ${ans.status}`);
  const P = world.unservedPricePerH100Hour;
  const val = (name: string): number => Math.max(0, ans.primal(name) || 0);
  let unservedH100 = model.unplaceableWork;
  let unservedInference = 0;
  for (const c of model.penaltyColumns) {
    const v = val(c.name);
    unservedH100 += v * c.weight;
    if (c.inference) unservedInference += v;
  }
  // Deadline work the LP could not fit in time is priced as unserved (it is also done, later, and billed).
  let lateH100 = 0;
  for (const c of model.lateColumns) lateH100 += val(c);
  unservedH100 += lateH100;
  let shortfallUsd = 0;
  for (const c of model.shortfallColumns) shortfallUsd += c.price * val(c.name);
  for (const c of model.wasteColumns) shortfallUsd += c.price * val(c.name);
  const x = Float64Array.from(model.xColumns, (c) => val(c.name));
  const usedByGroup = new Float64Array(world.groups.length);
  model.xColumns.forEach((c, i) => {
    for (const g of item(world.pools, c.pool).groups) usedByGroup[g]! += c.gh * item(x, i);
  });
  let unusedReservedUsd = 0;
  for (const r of model.reservedBlocks)
    unusedReservedUsd += Math.max(0, r.gpuHours - item(usedByGroup, r.group)) * r.rate;
  const effectiveUsd = model.constant + ans.objective;
  const unservedUsd = unservedH100 * P;
  return {
    status: ans.status,
    effectiveUsd,
    billedUsd: effectiveUsd - unservedUsd,
    unservedUsd,
    shortfallUsd,
    unusedReservedUsd,
    attainment: model.inferenceDemand > 0 ? 1 - unservedInference / model.inferenceDemand : null,
    columns: model.columns,
    rows: model.rows,
    x,
    lateH100,
    relaxedDeadlines: model.relaxedDeadlines.length,
  };
}
