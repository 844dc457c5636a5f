/** What the use case `plan` returns, for the renderers (CLI text and JSON). */
export type { ExplainOut, Plan, WorkloadOut } from '../engine/plan-types.js';
export type { PlanDiff } from '../engine/diff.js';
/** The words of a why-not diagnosis (the engine's, until the renderer of codes replaces them). */
export { bindingText, othersText } from '../engine/why-not.js';
