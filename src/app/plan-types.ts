/** What the use case `plan` returns, for the renderers (CLI text and JSON). */
export type { ExplainOut, Plan, WorkloadOut } from '../engine/plan-types.js';
export type { PlanDiff } from '../engine/diff.js';
