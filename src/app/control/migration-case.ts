/**
 * What moving one running, checkpointed job (training or batch) to another pool of the fleet would cost and save over
 * the rest of its run, in the engine's one cost model (engine/effective-cost.ts, as the simulator's re-optimisation
 * step prices it, sim/job-migration.ts): its remaining work's effective cost where it runs (`stay`) and on the new pool
 * (`move`), each from the fleet's cost (fleet-world.ts: deadlineAwareCost), and `migrationCost` — the work since its
 * last checkpoint redone on the new pool plus MIGRATION_WARMUP_HOURS, on the new pool's GPUs at its list price. The
 * move pays when `migrationSaving` > 0. Pure.
 */
import type { Workload } from '../../core/types.js';
import { MIGRATION_WARMUP_HOURS, migrationCost, migrationSaving } from '../../engine/effective-cost.js';
import type { Placement, WorkloadRecord } from '../../control/records.js';
import type { FleetWorld } from './fleet-world.js';
import { lostWork } from './lost-work.js';

export interface MigrationCase {
  /** H100 GPU-hours done since the last checkpoint: thrown away by the move, redone on the new pool. */
  readonly lostWork: number;
  /** H100 GPU-hours left after what it has done so far (checkpoint and since). */
  readonly remaining: number;
  readonly stayUsd: number;
  readonly moveUsd: number;
  readonly migrationUsd: number;
  /** `migrationSaving(stay, move, migration)`: positive = the move pays. */
  readonly savingUsd: number;
}

/** The case for moving job `w`, running on `placement` with its last reported `checkpoint`, to pool `toPool` at
 * `now`; undefined when either pool is not a candidate of the job or nothing remains to run. */
export function migrationCase(
  fw: FleetWorld,
  w: Workload,
  placement: Placement,
  checkpoint: WorkloadRecord['checkpoint'],
  toPool: string,
  now: number,
): MigrationCase | undefined {
  if (w.kind === 'inference') return undefined;
  const pools = fw.world.pools;
  const cands = fw.candidates(w);
  const from = cands.find((c) => pools[c.pool]?.id === placement.pool);
  const to = cands.find((c) => pools[c.pool]?.id === toPool);
  const toP = to ? pools[to.pool] : undefined;
  if (!from || !to || !toP) return undefined;
  const lost = lostWork(placement, checkpoint, now, fw.rel(w, placement.gpu));
  const remaining = w.work - (checkpoint?.workDone ?? 0) - lost;
  if (!(remaining > 0)) return undefined;
  const stayUsd = fw.cost(w, from, remaining, now);
  const moveUsd = fw.cost(w, to, remaining, now);
  const lostHoursThere = lost / (w.gpuCount * to.rel);
  const migrationUsd = migrationCost(lostHoursThere, MIGRATION_WARMUP_HOURS, to.gpus, toP.listPricePerGpuHour);
  return {
    lostWork: lost,
    remaining,
    stayUsd,
    moveUsd,
    migrationUsd,
    savingUsd: migrationSaving(stayUsd, moveUsd, migrationUsd),
  };
}
