/**
 * Use case `simulate`: one policy, one seed, through the discrete-event simulator (or, for offline-optimal, the LP
 * lower bound). The inputs come prepared (prepare-simulation.ts); the policy is checked against the scenario.
 */
import { HINDSIGHT, OFFLINE_OPTIMAL, parsePolicy } from '../sim/policies/index.js';
import type { OpenLpSolver, SimProgress } from './ports.js';
import type { Prepared } from './prepare-simulation.js';
import { runOne, type RunOutcome } from './run-one.js';
import { orThrow } from './sim-issues.js';

/** The policy that is an LP bound, not a simulation: it has no time series (no --report, no --csv of its own). */
export { OFFLINE_OPTIMAL };

export interface SimulateRequest {
  readonly policy: string;
  readonly seed: number;
}

export interface SimulatePorts {
  /** Opened only for offline-optimal and hindsight (its LP plan), closed when the run is done. */
  readonly openLp: OpenLpSolver;
  readonly onProgress?: SimProgress;
}

/** The policy's name checked against the scenario's providers (a UserError with the issue lines when unknown). */
export function checkPolicy(p: Prepared, policy: string): void {
  orThrow(parsePolicy(policy, p.world.providers));
}

export async function simulateScenario(
  p: Prepared,
  request: SimulateRequest,
  ports: SimulatePorts,
): Promise<RunOutcome> {
  checkPolicy(p, request.policy);
  const progress = ports.onProgress ? { onProgress: ports.onProgress } : {};
  if (request.policy !== OFFLINE_OPTIMAL && request.policy !== HINDSIGHT)
    return runOne(p, request.policy, request.seed, progress);
  const lp = ports.openLp();
  try {
    return await runOne(p, request.policy, request.seed, { lp, ...progress });
  } finally {
    await lp.close();
  }
}
