/**
 * Compile stage "items": what each workload asks to place — a gang is one item; an inference service is one item per
 * geography it serves (its replicas there are the item's units) — with the contract and policy facts the solvers
 * read: right of first refusal and the spread rule (spread.ts: no provider above units − ceil(units × fraction)).
 */
import type { Contract, Policy, ProviderId, Workload } from '../../core/types.js';
import type { Item } from '../problem.js';
import { maxUnitsPerProvider as spreadCap } from '../spread.js';

export { survivalRuleOf } from '../spread.js';

export interface ItemSpec {
  readonly geo?: string;
  readonly units: number;
}

export function itemSpecs(w: Workload): ItemSpec[] {
  if (w.kind !== 'inference') return [{ units: 1 }];
  return w.demand.filter((d) => d.replicas > 0).map((d) => ({ geo: d.geo, units: d.replicas }));
}

/** The first instant anything of workload w may start: its own start, the horizon's, and the planning instant. */
export function startOf(w: Workload, horizonStart: number, now: number): number {
  return Math.max(w.start, horizonStart, now);
}

/** Whether workload w has nothing to plan in a horizon ending at h1 when it starts at `start`. */
export function outsideHorizon(w: Workload, start: number, h1: number): boolean {
  return start >= h1 || (w.kind === 'inference' && w.end !== undefined && w.end <= start);
}

/** Providers whose contracts in force at `start` hold a right of first refusal on w's class (contract order, once). */
export function firstRefusalOf(contracts: readonly Contract[], w: Workload, start: number): ProviderId[] {
  return [
    ...new Set(
      contracts
        .filter((c) => c.rightOfFirstRefusal.includes(w.class) && c.start <= start && start < c.end)
        .map((c) => c.provider),
    ),
  ];
}

/** The item of one spec of workload w, with its admitted candidates' indexes. */
export function makeItem(
  index: number,
  w: Workload,
  spec: ItemSpec,
  firstRefusal: readonly ProviderId[],
  survival: Policy['survivability'][number] | undefined,
  candidates: number[],
): Item {
  const units = spec.units;
  const maxUnitsPerProvider = survival && w.kind === 'inference' ? spreadCap(units, survival.fraction) : units;
  const item: { -readonly [K in keyof Item]: Item[K] } = {
    index,
    workloadId: w.id,
    kind: w.kind,
    units,
    divisible: w.kind === 'inference',
    priority: w.priority,
    team: w.team,
    class: w.class,
    firstRefusal,
    maxUnitsPerProvider,
    minProviders: w.kind === 'inference' ? w.minProviders : 1,
    candidates,
  };
  if (spec.geo !== undefined) item.geo = spec.geo; // assigned, not spread: spreads are V8's slow path
  return item;
}
