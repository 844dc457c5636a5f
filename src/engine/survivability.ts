/**
 * The survivability check: for each provider, what happens if it is lost. Placements elsewhere stay; the work on
 * the lost provider is re-placed greedily on what is left (share caps are not enforced in an emergency), and each
 * survivability rule is checked: the capacity a covered workload keeps at once (before any move) must be at least
 * the rule's fraction. Training gangs cannot keep part of themselves: they restart from their last checkpoint
 * wherever they are re-placed.
 */
import { addCents, sumCents, ZERO_CENTS } from '../core/money.js';
import type { Policy } from '../core/types.js';
import type { Assignment, Problem, Solution } from './problem.js';
import type { SurvivalOut } from './plan-types.js';
import { solveGreedy } from './solvers/greedy.js';
import { GreedyState } from './solvers/greedy-state.js';
import { cents } from './report.js';
import type { Words } from './words.js';
import { reason } from '../core/codes.js';

function uncapped(problem: Problem) {
  return {
    gpuShare: new Float64Array(problem.providers.length).fill(1),
    spendShare: new Float64Array(problem.providers.length).fill(1),
    estGpus: new Float64Array(problem.buckets.length),
    estSpend: 0,
  };
}

/** The plan's state (capacity used, commitments burned) with every placement applied, to be cloned per loss. */
export function planState(problem: Problem, solution: Solution): GreedyState {
  const state = new GreedyState(problem, uncapped(problem));
  solution.assignments.forEach((list, i) => {
    for (const a of list) state.apply(a.candidate, a.units, 0, problem.items[i]!.team);
  });
  return state;
}

/** What every loss starts from: the plan's state and bill, per provider the items with a placement on it, and per
 * item the value (USD) of one of its units left undone (unserved.ts). */
export interface LossBase {
  readonly state: GreedyState;
  readonly bill: number;
  readonly itemsOn: ReadonlyMap<string, readonly number[]>;
  readonly unservedPerUnit: Float64Array;
}

export function lossBase(problem: Problem, solution: Solution, unservedPerUnit: Float64Array): LossBase {
  const state = planState(problem, solution);
  const itemsOn = new Map<string, number[]>(problem.providers.map((p) => [p, []]));
  solution.assignments.forEach((list, i) => {
    for (const a of list) {
      const on = itemsOn.get(problem.pools[problem.candidates[a.candidate]!.pool]!.provider)!;
      if (on.at(-1) !== i) on.push(i); // items come in order: a repeat is always the last entry
    }
  });
  return { state, bill: state.bill(), itemsOn, unservedPerUnit };
}

/** Loses `provider`: its placements go, the displaced work is re-placed on what is left. The bill delta and the value
 * of the work that cannot move are kept apart: a loss that leaves work undone is not a saving. */
export function lossOf(
  problem: Problem,
  solution: Solution,
  provider: string,
  policy: Policy,
  seed: number,
  base: LossBase,
  words: Words,
): SurvivalOut {
  const providerOf = (a: Assignment): string => problem.pools[problem.candidates[a.candidate]!.pool]!.provider;
  const state = base.state.clone();
  const kept: (readonly Assignment[])[] = [...solution.assignments];
  const displaced = [...(base.itemsOn.get(provider) ?? [])];
  for (const i of displaced) {
    const list = solution.assignments[i]!;
    kept[i] = list.filter((a) => providerOf(a) !== provider);
    for (const a of list)
      if (providerOf(a) === provider) state.apply(a.candidate, a.units, 0, problem.items[i]!.team, -1);
  }
  const after = solveGreedy(problem, { seed, exclude: [provider], only: displaced, initial: kept, state });
  const moved: SurvivalOut['moved'][number][] = [];
  const lost: SurvivalOut['lost'][number][] = [];
  const rules: SurvivalOut['rules'][number][] = [];
  for (const i of displaced) {
    const item = problem.items[i]!;
    const keptUnits = kept[i]!.reduce((s, a) => s + a.units, 0);
    const afterUnits = (after.assignments[i] ?? []).reduce((s, a) => s + a.units, 0);
    const before = new Set(kept[i]!.map((a) => a.candidate));
    const to = [
      ...new Set((after.assignments[i] ?? []).filter((a) => !before.has(a.candidate) || a.units > 0).map(providerOf)),
    ];
    const name = item.geo ? `${item.workloadId}@${item.geo}` : item.workloadId;
    if (afterUnits > keptUnits) moved.push({ workload: name, from: provider, to, units: afterUnits - keptUnits });
    if (afterUnits < item.units - 1e-9) {
      // Only what the loss leaves undone: units the plan itself did not place are not the loss's doing.
      const before = solution.assignments[i]!.reduce((s, a) => s + a.units, 0);
      const undone = Math.min(before, item.units) - afterUnits;
      const why = after.unplacedReasons?.[i] ?? reason('unplaced.provider-lost', 'survivability');
      lost.push({
        workload: name,
        units: item.units - afterUnits,
        reason: words.reason(why),
        unservedCents: undone > 1e-9 ? cents(undone * base.unservedPerUnit[i]!) : ZERO_CENTS,
        code: why.code,
        source: why.source,
        params: why.params,
      });
    }
    const rule = policy.survivability.find((r) => r.tiers.includes(item.priority));
    if (rule) {
      const keptImmediately = item.divisible ? keptUnits / item.units : 0;
      const afterReplan = afterUnits / item.units;
      rules.push({
        workload: name,
        priority: item.priority,
        required: rule.fraction,
        keptImmediately: Math.round(keptImmediately * 1e4) / 1e4,
        afterReplan: Math.round(afterReplan * 1e4) / 1e4,
        ok: item.divisible ? keptImmediately >= rule.fraction - 1e-9 : afterReplan >= rule.fraction - 1e-9,
      });
    }
  }
  const billDeltaCents = cents(state.bill() - base.bill);
  const unservedCents = sumCents(lost.map((l) => l.unservedCents));
  return {
    provider,
    moved,
    lost,
    billDeltaCents,
    unservedCents,
    effectiveDeltaCents: addCents(billDeltaCents, unservedCents),
    rules,
    ok: rules.every((r) => r.ok),
  };
}

export function survivabilityCheck(
  problem: Problem,
  solution: Solution,
  policy: Policy,
  seed: number,
  unservedPerUnit: Float64Array,
  words: Words,
): SurvivalOut[] {
  const base = lossBase(problem, solution, unservedPerUnit);
  return problem.providers.map((p) => lossOf(problem, solution, p, policy, seed, base, words));
}
