/**
 * Use case `compare`: every (policy, seed) pair of a request through the simulator (offline-optimal through the LP
 * bound), run by a RunPool (the CLI's: worker threads, each preparing the inputs once and calling runCompareTask),
 * then the summary per policy with 95% confidence intervals over seeds and the regret against the bound.
 */
import { formatIssue } from '../core/issues.js';
import { HINDSIGHT, OFFLINE_OPTIMAL, parsePolicy } from '../sim/policies/index.js';
import { revenueSummary, summarise, type PolicySummary, type RunSummary } from '../sim/metrics.js';
import { type RegretSummary, summariseRegret } from '../sim/regret.js';
import { UserError } from './errors.js';
import { checkOfflineBound } from './offline-bound.js';
import type { CompareRequest } from './compare-request.js';
import type { LpSolver, RunPool, RunTask } from './ports.js';
import type { Prepared } from './prepare-simulation.js';
import { runOne } from './run-one.js';

export interface Comparison {
  readonly runs: readonly RunSummary[];
  readonly summaries: readonly PolicySummary[];
  /** Per policy: where the money goes, regret against offline-optimal in parts, gaps to the bound and to hindsight. */
  readonly regret: readonly RegretSummary[];
}

/** Every policy known to the scenario, and the bound's LP small enough, before any run starts. */
export function checkComparison(p: Prepared, request: CompareRequest): void {
  for (const name of request.policies) {
    const r = parsePolicy(name, p.world.providers);
    if (!r.ok) throw new UserError(r.issues.map(formatIssue).join('\n'));
  }
  const first = request.seeds[0];
  if (request.policies.includes(OFFLINE_OPTIMAL) && first !== undefined) checkOfflineBound(p, first);
}

/** The runs, policy by policy, seed by seed. */
export function compareTasks(request: CompareRequest): RunTask[] {
  const tasks: RunTask[] = [];
  for (const policy of request.policies)
    for (const seed of request.seeds) tasks.push({ id: tasks.length, policy, seed });
  return tasks;
}

/** One task of a comparison (what a pool's worker runs): its summary row, with revenue when the scenario has it. */
export async function runCompareTask(p: Prepared, task: RunTask, lp: () => LpSolver): Promise<RunSummary> {
  const { summary, result } = await runOne(
    p,
    task.policy,
    task.seed,
    task.policy === OFFLINE_OPTIMAL || task.policy === HINDSIGHT ? { lp: lp() } : {},
  );
  return result ? { ...summary, ...revenueSummary(result) } : summary;
}

export async function compareScenario(
  request: CompareRequest,
  pool: RunPool,
  onDone: (finished: number, total: number) => void,
): Promise<Comparison> {
  const tasks = compareTasks(request);
  const runs = await pool.run(tasks, (n) => onDone(n, tasks.length));
  return { runs, summaries: summarise(runs), regret: summariseRegret(runs) };
}
