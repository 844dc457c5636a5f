/**
 * Reading HiGHS's answer back: the objective split into cost and penalties, the Solution (units per candidate), and the
 * interpretation of the solver's status. The model itself is built (and documented) in lp-model.ts.
 */
import type { Assignment, Problem, Solution } from '../problem.js';
import { reason, type Reason } from '../../core/codes.js';
import { fail, issue, ok, type Result } from '../../core/issues.js';
import type { LpModel } from './lp-model.js';
import { evaluate } from '../objective.js';

const TINY = 1e-6;

/** The part of HiGHS's answer this module reads (the `highs` package's legacy `solve()` result has this shape). */
export interface HighsLikeResult {
  readonly Status: string;
  readonly ObjectiveValue: number;
  readonly Columns: Readonly<Record<string, { readonly Primal?: number } | undefined>>;
}

/** The objective of a solution, split (USD). `cost` is objective.ts `evaluate().bill`; `penalty` prices unplaced units
 * and `rofr` units placed outside their first-refusal providers (integer mode only); `total` is what HiGHS minimised. */
export interface ObjectiveParts {
  readonly cost: number;
  readonly penalty: number;
  readonly rofr: number;
  readonly total: number;
}

const primal = (result: HighsLikeResult, name: string): number => result.Columns[name]?.Primal ?? Number.NaN;

/** The model's objective, from the raw column values. */
export function objectiveParts(problem: Problem, model: LpModel, result: HighsLikeResult): ObjectiveParts {
  let cost = problem.sunkCost;
  let penalty = 0;
  let rofr = 0;
  // A candidate with a block column (r) pays for whole blocks: its cost is counted there, not on x.
  const blocks = new Set<number>();
  for (const col of model.columns) if (col.kind === 'r') blocks.add(col.candidate);
  for (const col of model.columns) {
    const v = primal(result, col.name);
    if (!Number.isFinite(v)) continue;
    if (col.kind === 'x') {
      const c = problem.candidates[col.candidate]!;
      const item = problem.items[col.item]!;
      const units = v * col.unitsPerValue;
      if (!blocks.has(col.candidate)) cost += units * (c.spend.reduce((s, x) => s + x, 0) + c.preemptionCost);
      if (model.integer && item.firstRefusal.length > 0 && !item.firstRefusal.includes(problem.pools[c.pool]!.provider))
        rofr += units * model.rofrPenalty;
    } else if (col.kind === 'r') {
      const c = problem.candidates[col.candidate]!;
      cost += v * col.unitsPerValue * (c.spend.reduce((s, x) => s + x, 0) + c.preemptionCost);
    } else if (col.kind === 'u') penalty += v * col.unitsPerValue * model.unplacedPenalty[col.item]!;
    else if (col.kind === 's') {
      const t = problem.commitments[col.term]!;
      cost +=
        v *
        col.unitsPerValue *
        (1 - (t.next >= 0 ? t.carryForwardFraction : 0)) *
        (t.unit === 'usd' ? 1 : t.shortfallRate);
    }
  }
  return { cost, penalty, rofr, total: cost + penalty + rofr };
}

/** The model's objective for any solution (the greedy's too): its bill by objective.ts, plus the model's penalties
 * for what it leaves unplaced and (integer mode) places outside first-refusal providers. The MIP minimises exactly
 * this, so its optimum is never above the same score of any other plan. */
export function scoreOf(problem: Problem, model: LpModel, solution: Solution): ObjectiveParts {
  const cost = evaluate(problem, solution).bill;
  let penalty = 0;
  let rofr = 0;
  problem.items.forEach((item, i) => {
    const list = solution.assignments[i] ?? [];
    penalty += Math.max(0, item.units - list.reduce((s, a) => s + a.units, 0)) * model.unplacedPenalty[i]!;
    if (!model.integer || item.firstRefusal.length === 0) return;
    for (const a of list)
      if (!item.firstRefusal.includes(problem.pools[problem.candidates[a.candidate]!.pool]!.provider))
        rofr += a.units * model.rofrPenalty;
  });
  return { cost, penalty, rofr, total: cost + penalty + rofr };
}

/** Where a solve ended, from HiGHS's status: proven optimal, or stopped by a limit (see SolveOptions). */
export type ExactStatus = 'optimal' | 'node-limit' | 'iteration-limit' | 'time-limit';

/** HiGHS statuses that stop a solve early with (possibly) a usable point, and what they mean here. HiGHS ends a MIP
 * at its node limit (`mip_max_nodes`) with its "solution limit" status, which the `highs` package's legacy `solve()`
 * names `Unknown` (it has no name for it); no other limit that ends that way is set (run.ts), so for a MIP `Unknown`
 * is the node limit. */
const LIMITS: Readonly<Record<string, ExactStatus>> = {
  'Solution limit reached': 'node-limit',
  'Iteration limit reached': 'iteration-limit',
  'Time limit reached': 'time-limit',
};

/** Where a solve ended, or undefined when HiGHS's status is neither optimal nor a known limit. */
export function statusOf(highsStatus: string, integer: boolean): ExactStatus | undefined {
  if (highsStatus === 'Optimal') return 'optimal';
  if (integer && highsStatus === 'Unknown') return 'node-limit';
  return LIMITS[highsStatus];
}

/** Units per candidate from HiGHS's column values: values below 1e-6 are dropped; integer columns are rounded. */
export function readSolution(problem: Problem, model: LpModel, result: HighsLikeResult): Solution {
  const assignments: Assignment[][] = problem.items.map(() => []);
  for (const col of model.columns) {
    if (col.kind !== 'x') continue;
    let v = Math.max(0, primal(result, col.name) || 0);
    if (col.integral) v = Math.round(v);
    const units = v * col.unitsPerValue;
    if (units >= TINY) assignments[col.item]!.push({ candidate: col.candidate, units });
  }
  const notes: Reason[] = [];
  const reasons: (Reason | undefined)[] = problem.items.map(() => undefined);
  let unplaced = 0;
  let outside = 0;
  problem.items.forEach((item, i) => {
    const placed = assignments[i]!.reduce((s, a) => s + a.units, 0);
    if (placed < item.units - TINY) {
      unplaced++;
      reasons[i] =
        item.candidates.length === 0
          ? reason('unplaced.no-feasible-candidate', 'lp')
          : reason('unplaced.no-room', 'lp');
    }
    if (
      model.integer &&
      item.firstRefusal.length > 0 &&
      assignments[i]!.some(
        (a) => !item.firstRefusal.includes(problem.pools[problem.candidates[a.candidate]!.pool]!.provider),
      )
    )
      outside++;
  });
  const status = statusOf(result.Status, model.integer) ?? 'time-limit';
  if (status !== 'optimal') notes.push(reason('note.solver-limit', 'lp', { status, integer: model.integer }));
  if (!model.integer) notes.push(reason('note.lp-relaxation', 'lp'));
  if (unplaced > 0) notes.push(reason('note.items-unplaced', 'lp', { items: unplaced }));
  if (outside > 0) notes.push(reason('note.outside-first-refusal', 'lp', { items: outside }));
  const solution: Solution = {
    solver: model.integer ? 'highs-mip' : 'highs-lp',
    assignments,
    status,
    notes,
    unplacedReasons: reasons,
  };
  if (model.integer || status !== 'optimal') return solution;
  return { ...solution, lowerBound: objectiveParts(problem, model, result).cost };
}

export interface ModelAnswer {
  readonly solution: Solution;
  readonly objective: ObjectiveParts;
  /** HiGHS's own objective value in USD (its ObjectiveValue × usdScale, plus the constant sunk cost). */
  readonly highsObjective: number;
}

/** Do the values satisfy every demand row? (HiGHS reports all-zero values when a limit stops it with no solution.) */
function meetsDemand(problem: Problem, model: LpModel, result: HighsLikeResult): boolean {
  const sums = new Map<number, number>();
  for (const col of model.columns) {
    if (col.kind !== 'x' && col.kind !== 'u') continue;
    const v = primal(result, col.name);
    if (!Number.isFinite(v)) return false;
    sums.set(col.item, (sums.get(col.item) ?? 0) + v);
  }
  for (const [i, sum] of sums) {
    const item = problem.items[i]!;
    const rhs = item.divisible ? item.units : 1;
    if (Math.abs(sum - rhs) > 1e-6 * Math.max(1, rhs)) return false;
  }
  return true;
}

/** Checks HiGHS's status, then reads the solution. Errors are values: `solver.infeasible`, `solver.no-solution`,
 * `solver.error`. */
export function interpretResult(problem: Problem, model: LpModel, result: HighsLikeResult): Result<ModelAnswer> {
  const s = result.Status;
  if (s === 'Infeasible' || s === 'Primal infeasible or unbounded' || s === 'Unbounded') {
    return fail([
      issue(
        'solver.infeasible',
        ['policy'],
        `HiGHS reports the model ${s.toLowerCase()}. Every item may stay ` +
          'unplaced, so only a spend-share cap broken by sunk reserved charges and commitment shortfalls, or a negative ' +
          'team budget, can cause this',
      ),
    ]);
  }
  const status = statusOf(s, model.integer);
  if (status === undefined) return fail([issue('solver.error', [], `HiGHS ended with status "${s}"`)]);
  if (!meetsDemand(problem, model, result))
    return fail([
      issue(
        'solver.no-solution',
        [],
        `HiGHS stopped ${status === 'node-limit' ? 'at its node limit' : `(${s})`} before finding any feasible plan`,
      ),
    ]);
  return ok({
    solution: readSolution(problem, model, result),
    objective: objectiveParts(problem, model, result),
    highsObjective: result.ObjectiveValue * model.usdScale + problem.sunkCost,
  });
}
