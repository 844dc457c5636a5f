/**
 * Use case `plan`: every workload of a scenario placed at the least effective cost (src/engine/plan.ts), with the
 * alternatives of the workloads to explain and, under price shocks or without providers, a variant plan and its
 * difference from the base. The exact solver comes through a port and is open only while planning.
 */
import type { Words } from '../engine/words.js';
import { MESSAGES } from '../messages/index.js';
import type { Scenario } from '../core/types.js';
import { plan, type PlanContext } from '../engine/plan.js';
import { DEFAULT_PROFILE } from '../engine/profile.js';
import { diffPlans, type PlanDiff } from '../engine/diff.js';
import type { Plan } from '../engine/plan-types.js';
import { withExactSolver } from './exact-solver.js';
import type { OpenExactSolver } from './ports.js';
import { checkExplain, nowOf, parseSolverChoice, variantOf } from './plan-request.js';
import { parseSeed } from './seed.js';

/** A plan request as given (the CLI's flags). */
export interface PlanRequest {
  /** greedy | exact | auto; checked first, before the scenario is read (parseSolverChoice). */
  readonly solver: string;
  readonly explain?: readonly string[];
  readonly whatIf?: readonly string[];
  readonly without?: readonly string[];
  /** The planning instant (a UTC date inside the horizon); default the horizon start. */
  readonly now?: string;
  readonly seed: string | number;
}

export interface PlanPorts {
  /** The words of the plan's text fields (violations, reasons, notes); the engine itself returns codes and params.
   * Default: English, `MESSAGES` of src/messages. */
  readonly words?: Words;
  /** The exact solver; without it (or with solver greedy) the greedy solver plans alone. */
  readonly openExact?: OpenExactSolver;
  /** Told when each phase of planning ends (the CLI's --timings reads its clock there). */
  readonly onPhase?: (phase: string) => void;
}

export interface PlanVariant {
  /** The shocks and removed providers, e.g. `aws.price=+20%, without gcp`. */
  readonly label: string;
  readonly plan: Plan;
  readonly diff: PlanDiff;
}

export interface PlanOutcome {
  readonly base: Plan;
  readonly variant?: PlanVariant;
}

/** `scenario` was read from `file` (named in messages). */
export async function planScenario(
  scenario: Scenario,
  file: string,
  request: PlanRequest,
  ports: PlanPorts = {},
): Promise<PlanOutcome> {
  const solver = parseSolverChoice(request.solver);
  const explain = request.explain ?? [];
  checkExplain(scenario, file, explain);
  const { snapshot, labels } = variantOf(scenario, request.whatIf ?? [], request.without ?? []);
  const profile = { ...DEFAULT_PROFILE, solver };
  const ctxBase = {
    now: nowOf(request.now, scenario),
    seed: parseSeed(request.seed),
    scenario: scenario.name,
    explain,
    words: ports.words ?? MESSAGES,
  };
  return withExactSolver(solver === 'greedy' ? undefined : ports.openExact, async (exact) => {
    const ctx: PlanContext = {
      ...ctxBase,
      ...(exact ? { exact } : {}),
      ...(ports.onPhase ? { onPhase: ports.onPhase } : {}),
    };
    const base = await plan(scenario.snapshot, scenario.request, profile, ctx);
    if (labels.length === 0) return { base };
    const variant = await plan(snapshot, scenario.request, profile, ctx);
    return { base, variant: { label: labels.join(', '), plan: variant, diff: diffPlans(base, variant) } };
  });
}
