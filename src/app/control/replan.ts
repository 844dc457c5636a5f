/**
 * The full portfolio re-optimisation: the planner (engine/plan.ts, the greedy solver: deterministic and bounded)
 * over every live workload at once — what is left of its work, from now — on the fleet's providers that are up, with
 * the fleet's contracts (commitments, reserved blocks, clauses) and risk policy. Its answer is a preferred pool per
 * workload; the control plane's evaluations take a workload's preferred pool when it is usable now, so the moves go
 * through the same evaluation and plan applier as every other placement. Pure over its inputs.
 */
import { workloadId } from '../../core/ids.js';
import type { Scenario, Workload } from '../../core/types.js';
import { plan } from '../../engine/plan.js';
import { DEFAULT_PROFILE } from '../../engine/profile.js';
import { MESSAGES } from '../../messages/index.js';
import type { FleetWorld } from './fleet-world.js';

const HOUR_MS = 3_600_000;

export interface LiveWorkload {
  readonly id: string;
  readonly workload: Workload;
  /** H100 GPU-hours already done (its checkpoint). */
  readonly done: number;
}

/** Workload id → the id of the pool the planner puts it on (workloads it does not place are left out). */
export async function replanPreferences(
  fleet: Scenario,
  fw: FleetWorld,
  live: readonly LiveWorkload[],
  upProviders: ReadonlySet<string>,
  now: number,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (live.length === 0) return out;
  const bucketHours = fleet.request.bucketHours;
  const end = Math.max(fw.world.end, now + bucketHours * HOUR_MS);
  const workloads: Workload[] = live.map(({ id, workload: w, done }) => {
    const base = { ...w, id: workloadId(id), start: now };
    return w.kind === 'inference' ? base : { ...base, work: Math.max(w.work - done, 1e-6) };
  }) as Workload[];
  const snapshot = { ...fleet.snapshot, providers: fleet.snapshot.providers.filter((p) => upProviders.has(p.id)) };
  if (snapshot.providers.length === 0) return out;
  const result = await plan(
    snapshot,
    { workloads, horizon: { start: now, end }, bucketHours },
    { ...DEFAULT_PROFILE, solver: 'greedy' },
    { now, seed: 0, words: MESSAGES, skipSurvivability: true },
  );
  const pools = fw.world.pools;
  for (const wo of result.workloads) {
    const p = wo.placements[0];
    if (!p) continue;
    const pool = pools.find(
      (x) =>
        x.provider === p.provider &&
        x.region === p.region &&
        x.gpu === p.gpu &&
        x.tier === p.tier &&
        x.instanceType === p.instanceType &&
        (p.block === undefined || x.blockId === p.block),
    );
    if (pool) out.set(wo.id, pool.id);
  }
  return out;
}
