/** One (policy, seed) run: the simulator for an online policy (hindsight made for the run's outages), the LP bound for
 * offline-optimal. */
import { simulateHindsight } from '../sim/hindsight-run.js';
import { HINDSIGHT, OFFLINE_OPTIMAL, parsePolicy } from '../sim/policies/index.js';
import type { RunSummary } from '../sim/metrics.js';
import type { SimResult } from '../sim/result.js';
import { setupInput } from '../sim/setup.js';
import { idleBillCents, simulate } from '../sim/simulate.js';
import { skyfleetPolicy } from '../sim/policies/skyfleet.js';
import { toUsd } from '../core/money.js';
import { boundBreakdown } from '../sim/money-breakdown.js';
import { UserError } from './errors.js';
import { solveHindsightPlan, solveOfflineBound } from './offline-bound.js';
import type { LpSolver, SimProgress } from './ports.js';
import type { Prepared } from './prepare-simulation.js';
import { toSummary } from './run-summary.js';
import { orThrow, withinLimits } from './sim-issues.js';

export interface RunPorts {
  /** Needed by offline-optimal; hindsight uses it for its LP plan (without it, only the online schedules). */
  readonly lp?: LpSolver;
  readonly onProgress?: SimProgress;
}

/** The summary row of the run (offline-optimal's with its own money parts), and the full result when it was simulated
 * (offline-optimal has none). */
export interface RunOutcome {
  readonly summary: RunSummary;
  readonly result?: SimResult;
}

export async function runOne(p: Prepared, policyName: string, seed: number, ports: RunPorts = {}): Promise<RunOutcome> {
  const policy = orThrow(parsePolicy(policyName, p.world.providers));
  const input = orThrow(setupInput(p.scenario, p.world, p.setup, seed));
  if (policy === OFFLINE_OPTIMAL) {
    if (!ports.lp) throw new UserError('offline-optimal needs the HiGHS LP solver');
    const b = await solveOfflineBound(input, p.world, ports.lp);
    return {
      summary: {
        policy: policyName,
        seed,
        effectiveUsd: b.effectiveUsd,
        incrementalUsd: b.effectiveUsd - toUsd(idleBillCents(p.world, skyfleetPolicy)),
        billedUsd: b.billedUsd,
        shortfallUsd: b.shortfallUsd,
        attainment: b.attainment,
        outages: input.outages.length,
        breakdown: boundBreakdown(b),
        relaxedDeadlines: b.relaxedDeadlines,
        lateH100: b.lateH100,
      },
    };
  }
  const onProgress = ports.onProgress;
  const opts = {
    seed,
    world: p.world,
    ...(onProgress ? { onProgress: (x: { events: number; now: number }) => onProgress(x.events, x.now) } : {}),
  };
  const plan = policy === HINDSIGHT && ports.lp ? await solveHindsightPlan(input, p.world, ports.lp) : undefined;
  const r = withinLimits(() =>
    policy === HINDSIGHT ? simulateHindsight(input, opts, plan) : simulate(input, policy, opts),
  );
  return { summary: toSummary(r), result: r };
}
