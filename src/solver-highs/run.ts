/**
 * One exact solve, given a loaded HiGHS instance: build the LP text (engine/solvers/lp-model.ts), check its size,
 * run HiGHS, read the answer back. Runs inside the worker; no I/O of its own, so tests can call it directly.
 */
import { reason } from '../core/codes.js';
import type { Problem } from '../engine/problem.js';
import { DEFAULT_LIMITS, type SolveOptions } from '../engine/solvers/solver.js';
import { buildLpModel } from '../engine/solvers/lp-model.js';
import { interpretResult, type HighsLikeResult, type ModelAnswer } from '../engine/solvers/lp-solution.js';
import { fail, issue, ok, type Result } from '../core/issues.js';

/** The part of the `highs` package's API used here. */
export interface HighsLike {
  solve(text: string, options?: Readonly<Record<string, unknown>>): HighsLikeResult;
}

export interface RunSettings {
  /** Refuse models with more columns / nonzeros than this (callers fall back to the greedy solver). */
  readonly maxColumns: number;
  readonly maxNonzeros: number;
  /** HiGHS `mip_rel_gap`: relative gap at which a MIP counts as optimal. */
  readonly mipRelGap: number;
}

export const DEFAULT_SETTINGS: RunSettings = { maxColumns: 200_000, maxNonzeros: 4_000_000, mipRelGap: 1e-6 };

export interface HighsReport extends ModelAnswer {
  /** HiGHS's own status string, e.g. `Optimal`, `Solution limit reached` (the node limit), `Iteration limit reached`. */
  readonly highsStatus: string;
  readonly columns: number;
  readonly rows: number;
  readonly nonzeros: number;
}

/** A cheap lower bound on the number of columns, to refuse huge problems before building anything. */
export function roughColumns(problem: Problem): number {
  return problem.items.reduce((s, it) => s + it.candidates.length + 1, 0) + problem.commitments.length;
}

/**
 * HiGHS's options for one solve. Every limit that can stop it early is counted in work, not time: branch-and-bound
 * nodes for the MIP, simplex iterations for the LP; one thread and a fixed random seed. HiGHS is deterministic under
 * these (the same model text and options give the same answer), so the plan does not depend on the machine's speed
 * or load. `time_limit` is only the safety net (SolveOptions.timeLimitSeconds): should it ever stop a solve, the
 * status says `time-limit` and the plan says that it depends on timing.
 */
export function highsOptionsFor(options: SolveOptions, settings: RunSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {
    output_flag: false,
    mip_rel_gap: settings.mipRelGap,
    threads: 1,
    random_seed: 0,
    mip_max_nodes: whole(options.mipMaxNodes, DEFAULT_LIMITS.mipMaxNodes),
    simplex_iteration_limit: whole(options.lpIterationLimit, DEFAULT_LIMITS.lpIterationLimit),
  };
  if (Number.isFinite(options.timeLimitSeconds) && options.timeLimitSeconds > 0)
    out['time_limit'] = options.timeLimitSeconds;
  return out;
}

/** A count limit as HiGHS takes it: a whole number from 0 to 2^31 − 1 (its "no limit"). */
const whole = (v: number | undefined, fallback: number): number =>
  v === undefined || Number.isNaN(v) ? fallback : Math.max(0, Math.min(2 ** 31 - 1, Math.floor(v)));

function tooLarge(what: string, n: number, max: number): Result<never> {
  return fail([
    issue(
      'solver.too-large',
      [],
      `the exact model has ${n} ${what}, more than the limit of ${max}; ` +
        'use the greedy solver for an instance this size',
    ),
  ]);
}

export function solveModel(
  highs: HighsLike,
  problem: Problem,
  options: SolveOptions,
  settings: RunSettings,
): Result<HighsReport> {
  const rough = roughColumns(problem);
  if (rough > settings.maxColumns) return tooLarge('columns', rough, settings.maxColumns);
  const model = buildLpModel(problem, { integer: options.integer });
  if (model.columns.length > settings.maxColumns) return tooLarge('columns', model.columns.length, settings.maxColumns);
  if (model.nonzeros > settings.maxNonzeros) return tooLarge('nonzeros', model.nonzeros, settings.maxNonzeros);
  const size = { columns: model.columns.length, rows: model.rows, nonzeros: model.nonzeros };
  if (model.columns.length === 0) {
    // Nothing to decide (no placeable item, no commitment): the plan is empty and the bill is the sunk cost.
    const objective = { cost: problem.sunkCost, penalty: 0, rofr: 0, total: problem.sunkCost };
    const solution = {
      solver: options.integer ? 'highs-mip' : 'highs-lp',
      assignments: problem.items.map(() => []),
      status: 'optimal' as const,
      notes: [reason('note.nothing-to-place', 'lp')],
      unplacedReasons: problem.items.map(() => reason('unplaced.no-feasible-candidate', 'lp')),
      ...(options.integer ? {} : { lowerBound: problem.sunkCost }),
    };
    return ok({ solution, objective, highsObjective: problem.sunkCost, highsStatus: 'Empty', ...size });
  }
  const highsOptions = highsOptionsFor(options, settings);
  let result: HighsLikeResult;
  try {
    result = highs.solve(model.text, highsOptions);
  } catch (e) {
    return fail([issue('solver.error', [], `HiGHS failed: ${e instanceof Error ? e.message : String(e)}`)]);
  }
  const answer = interpretResult(problem, model, result);
  if (!answer.ok) return answer;
  return ok({ ...answer.value, highsStatus: result.Status, ...size });
}
