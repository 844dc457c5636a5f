/** The offline-optimal lower bound of one seed: its LP built by the simulator, solved through the LpSolver port. */
import type { SimInput } from '../sim/inputs.js';
import type { World } from '../sim/world.js';
import {
  answerColumns,
  type BoundModel,
  boundFromAnswer,
  boundModelTerms,
  type BoundOptions,
  buildBoundModel,
  checkBoundModelSize,
  type BoundResult,
  UNCONDITIONAL_BOUND,
} from '../sim/offline-optimal.js';
import { SIM_LIMITS } from '../sim/limits.js';
import { type LpPlan, planFromBound } from '../sim/policies/lp-plan.js';
import { setupInput } from '../sim/setup.js';
import type { Prepared } from './prepare-simulation.js';
import type { LpSolver } from './ports.js';
import { orThrow, withinLimits } from './sim-issues.js';

/** offline-optimal's LP size checked up front (compare: before any worker starts), from the first seed's input. */
export function checkOfflineBound(p: Prepared, seed: number): void {
  const input = orThrow(setupInput(p.scenario, p.world, p.setup, seed));
  withinLimits(() => checkBoundModelSize(input, p.world));
}

/** The bound for one seed's input (a model too large is a UserError `[sim.lp-too-large]`). */
export async function solveOfflineBound(input: SimInput, world: World, lp: LpSolver): Promise<BoundResult> {
  return (await solveBoundModel(input, world, lp)).bound;
}

/** The plan hindsight follows (sim/policies/lp-plan.ts): the solution of the bound's LP without its deadline and
 * spread rows (UNCONDITIONAL_BOUND, as before those rows existed) for this input; undefined when the LP would be larger
 * than the simulator's limit (hindsight then tries the online schedules only). */
export async function solveHindsightPlan(input: SimInput, world: World, lp: LpSolver): Promise<LpPlan | undefined> {
  if (boundModelTerms(input, world, UNCONDITIONAL_BOUND) > SIM_LIMITS.lpTerms) return undefined;
  const { model, bound } = await solveBoundModel(input, world, lp, UNCONDITIONAL_BOUND);
  return planFromBound(world, model.xColumns, bound.x);
}

async function solveBoundModel(
  input: SimInput,
  world: World,
  lp: LpSolver,
  opts?: BoundOptions,
): Promise<{ model: BoundModel; bound: BoundResult }> {
  const model = withinLimits(() => buildBoundModel(input, world, opts));
  const columns = answerColumns(model);
  const answer = await lp.solveLp(model.lp, columns);
  const primal = new Map(columns.map((name, k) => [name, answer.primal[k] ?? 0]));
  const bound = boundFromAnswer(model, world, {
    status: answer.status,
    objective: answer.objective,
    primal: (name) => primal.get(name) ?? 0,
  });
  return { model, bound };
}
