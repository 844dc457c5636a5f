/**
 * Team quotas: GPUs held at once, by GPU model. A workload holds the GPUs of its placement while it is placed,
 * provisioning or running. A model the team's quota does not name is not limited. Pure.
 */
import type { Cause, TeamRecord, WorkloadRecord } from './records.js';
import { HOLDING_STATES } from './state-machine.js';

/** GPUs held per model by `workloads` (those in a holding state with a placement). */
export function heldGpus(workloads: readonly WorkloadRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of workloads) {
    if (!w.placement || !HOLDING_STATES.includes(w.state)) continue;
    const p = w.placement;
    out.set(p.gpu, (out.get(p.gpu) ?? 0) + p.gpusPerInstance * p.instances);
  }
  return out;
}

/** Whether `needs` more GPUs of `gpu` fit the team's quota, given what it holds. */
export function quotaAllows(
  team: TeamRecord | undefined,
  held: ReadonlyMap<string, number>,
  gpu: string,
  needs: number,
): boolean {
  const q = team?.quotaGpus[gpu];
  return q === undefined || (held.get(gpu) ?? 0) + needs <= q;
}

/** Why the quota holds a workload back (`control.quota`: every accepted model is over), or undefined when one model
 * still has room for `needs` GPUs. */
export function quotaHold(
  team: TeamRecord | undefined,
  held: ReadonlyMap<string, number>,
  models: readonly string[],
  needs: number,
): Cause | undefined {
  if (!team || models.some((m) => quotaAllows(team, held, m, needs))) return undefined;
  return {
    code: 'control.quota',
    source: 'admission',
    params: {
      team: team.name,
      gpus: models.map((gpu) => ({ gpu, quota: team.quotaGpus[gpu] ?? 0, held: held.get(gpu) ?? 0, needs })),
    },
  };
}
