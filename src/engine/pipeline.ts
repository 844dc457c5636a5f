/**
 * The decision pipeline, declared once: every filter tagged with the stage it belongs to, by what it needs to answer.
 *
 *   static    workload × pool facts: GPU model, provider, region, tier, geography, residency, throughput, shape,
 *             interconnect. True for the planner and for an online placement alike.
 *   clause    contract clauses (exclusivity): asked only by those who know the contracts.
 *   planning  over the plan horizon: the deadline and the static capacity of the pool while the item runs. The
 *             simulator leaves these out: it tracks capacity instantly and a late job runs late (a deadline miss).
 *
 * The planner (compile.ts) runs every stage, in the declared order (cheapest first; that order also decides which
 * filter a rejection is counted under). The simulator's online candidates (sim/world.ts) ask `onlineFilters` for the
 * static stage, with the clause stage for policies that honour contracts. No caller names a filter to pick it.
 */
import type { Filter, FilterContext } from './filters/filter.js';
import { capacity } from './filters/capacity.js';
import { deadline } from './filters/deadline.js';
import { exclusivity } from './filters/exclusivity.js';
import { geoServed } from './filters/geo-served.js';
import { gpuModel } from './filters/gpu-model.js';
import { instanceShape } from './filters/instance-shape.js';
import { interconnect } from './filters/interconnect.js';
import { providerAllowed } from './filters/provider-allowed.js';
import { regionAllowed } from './filters/region-allowed.js';
import { residency } from './filters/residency.js';
import { throughputKnown } from './filters/throughput-known.js';
import { tierAllowed } from './filters/tier-allowed.js';

export type FilterStage = 'static' | 'clause' | 'planning';

export interface StagedFilter {
  readonly stage: FilterStage;
  readonly filter: Filter;
}

export interface Pipeline {
  /** The declaration: every filter with its stage, in the order the planner asks them. */
  readonly steps: readonly StagedFilter[];
  /** Every stage, in declared order: what the planner runs. */
  readonly planning: readonly Filter[];
  /** Static and clause stages, in declared order: an online placement by a policy that honours contract clauses. */
  readonly online: readonly Filter[];
  /** The static stage only: an online placement by a policy that knows no contracts. */
  readonly onlineWithoutClauses: readonly Filter[];
}

export function declarePipeline(steps: readonly StagedFilter[]): Pipeline {
  const of = (stages: readonly FilterStage[]): Filter[] =>
    steps.filter((s) => stages.includes(s.stage)).map((s) => s.filter);
  return {
    steps,
    planning: of(['static', 'clause', 'planning']),
    online: of(['static', 'clause']),
    onlineWithoutClauses: of(['static']),
  };
}

export const DEFAULT_PIPELINE: Pipeline = declarePipeline([
  { stage: 'static', filter: gpuModel },
  { stage: 'static', filter: providerAllowed },
  { stage: 'static', filter: regionAllowed },
  { stage: 'static', filter: tierAllowed },
  { stage: 'static', filter: geoServed },
  { stage: 'static', filter: residency },
  { stage: 'clause', filter: exclusivity },
  { stage: 'static', filter: throughputKnown },
  { stage: 'static', filter: instanceShape },
  { stage: 'static', filter: interconnect },
  { stage: 'planning', filter: deadline },
  { stage: 'planning', filter: capacity },
]);

/** The filters an online placement asks: the static stage, and the clause stage when the policy honours clauses. */
export function onlineFilters(pipeline: Pipeline, opts: { readonly clauses: boolean }): readonly Filter[] {
  return opts.clauses ? pipeline.online : pipeline.onlineWithoutClauses;
}

/** Whether `filter` rejects the pair in `ctx`: its fast answer when it has one, else whether it gives a reason. */
export function rejects(filter: Filter, ctx: FilterContext): boolean {
  return filter.rejects ? filter.rejects(ctx) : filter.check(ctx) !== undefined;
}

/** Whether every filter admits the pair in `ctx`. */
export function admits(filters: readonly Filter[], ctx: FilterContext): boolean {
  for (let i = 0; i < filters.length; i++) if (rejects(filters[i]!, ctx)) return false;
  return true;
}
