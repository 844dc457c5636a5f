/**
 * The planner's profile: its filters (every stage of the decision pipeline, pipeline.ts), scorers with weights, and
 * the solver.
 * Effective cost is not a scorer: it depends on everything else placed, so the solver computes it.
 */
import type { Filter } from './filters/filter.js';
import type { Scorer } from './scorers/scorer.js';
import { DEFAULT_PIPELINE } from './pipeline.js';
import { gpuPreference } from './scorers/gpu-preference.js';
import { tierPreference } from './scorers/tier-preference.js';
import { DEFAULT_LIMITS } from './solvers/solver.js';

export type SolverChoice = 'greedy' | 'exact' | 'auto';

export interface Profile {
  readonly name: string;
  /** The filters the planner runs, in order: DEFAULT_PIPELINE.planning (pipeline.ts) unless a test narrows them. */
  readonly filters: readonly Filter[];
  readonly scorers: readonly { readonly scorer: Scorer; readonly weight: number }[];
  readonly solver: SolverChoice;
  /** `auto` solves exactly (MIP) up to this many candidates, greedily above it. */
  readonly exactMaxCandidates: number;
  /** Deterministic limits of the exact solver: branch-and-bound nodes (MIP) and simplex iterations (LP). Where a
   * hard instance stops depends on these counts only, never on the machine's speed or load. */
  readonly mipMaxNodes: number;
  readonly lpIterationLimit: number;
  /** Wall-clock safety net per exact solve, seconds: far beyond what the deterministic limits allow on any sane
   * machine; should it ever fire, the plan's solver status is `time-limit` and a note says the plan depends on timing. */
  readonly safetyTimeLimitSeconds: number;
  /** Greedy re-placement passes after the first (each takes every item out and puts it back where cheapest; an item
   * already at its candidates' cost floor is skipped). One by default: with moves that must save at least a cent,
   * a second pass moved nothing on either example or on the 10,000-workload bench case (bench/RESULTS.md). */
  readonly improvementPasses: number;
}

export const DEFAULT_PROFILE: Profile = {
  name: 'default',
  filters: DEFAULT_PIPELINE.planning,
  scorers: [
    { scorer: gpuPreference, weight: 1 },
    { scorer: tierPreference, weight: 1 },
  ],
  solver: 'auto',
  exactMaxCandidates: 4000,
  mipMaxNodes: DEFAULT_LIMITS.mipMaxNodes,
  lpIterationLimit: DEFAULT_LIMITS.lpIterationLimit,
  safetyTimeLimitSeconds: 300,
  improvementPasses: 1,
};
