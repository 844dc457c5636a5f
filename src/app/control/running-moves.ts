/**
 * Running work the re-optimisation moves (docs/control-plane.md, "Moves"): a running training or batch job whose
 * preferred pool (the last re-optimisation's, replan.ts) differs from where it runs is moved there when
 *
 *   - it has reported a checkpoint (without one, a move throws all its work away: never moved);
 *   - the preferred pool is usable now: one evaluation (evaluate.ts, the job's own hold set aside) places it there —
 *     a live offering with room for the whole gang, the team's quota, the fleet's capacity groups, not blocklisted;
 *   - the saving over its remaining run beats the migration cost (`migrationSaving` > 0, migration-case.ts): a job
 *     near its end, or on a sunk reserved block, stays.
 *
 * Inference is never moved: a service moved by stopping its launch would stop serving until the new one is up (a
 * make-before-break move needs two launches of one workload at once, which the record does not hold). At most
 * MAX_MOVES_PER_REPLAN jobs move per re-optimisation, priority first (1 before 3), then largest saving; each is decided
 * again just before it is made (an earlier move may have taken the room).
 *
 * A move goes through the plan applier (optimistic concurrency) as one transition, running → placed, with the cause
 * `control.migrated` (from, to, the checkpoint it resumes from, the work lost, the expected saving), a new attempt and
 * the new placement; then the old launch is terminated (if that call fails, the orphan sweep ends it: its client token
 * is no longer owned), and the tick's launch step starts the whole gang on the new pool from the checkpoint. Runs under
 * the lock.
 */
import type { Workload } from '../../core/types.js';
import type { WorkloadChange } from '../../control/ports.js';
import type { WorkloadRecord } from '../../control/records.js';
import type { ControlState } from './control-state.js';
import { migrationCase } from './migration-case.js';
import { apply } from './plan-applier.js';

/** Most running jobs moved by one re-optimisation (a bound on the churn of one step, not a target). */
export const MAX_MOVES_PER_REPLAN = 8;

interface Proposal {
  readonly rec: WorkloadRecord;
  readonly w: Workload;
  readonly to: string;
  readonly priority: number;
  readonly saving: number;
}

/** Moves the running jobs worth moving (module comment); answers how many moved. */
export async function moveRunningWork(
  s: ControlState,
  live: readonly WorkloadRecord[],
  now: number,
  maxMoves = MAX_MOVES_PER_REPLAN,
): Promise<number> {
  const proposals: Proposal[] = [];
  for (const rec of live) {
    const p = candidateMove(s, rec, now);
    if (p) proposals.push(p);
  }
  proposals.sort((a, b) => a.priority - b.priority || b.saving - a.saving || (a.rec.id < b.rec.id ? -1 : 1));
  let moved = 0;
  for (const p of proposals) {
    if (moved >= maxMoves) break;
    if (await moveOne(s, p, now)) moved++;
  }
  return moved;
}

function candidateMove(s: ControlState, rec: WorkloadRecord, now: number): Proposal | undefined {
  const to = s.preferences.get(rec.id);
  const p = rec.placement;
  if (rec.state !== 'running' || !p || !p.launchId || to === undefined || p.pool === undefined || to === p.pool)
    return undefined;
  if (rec.checkpoint === null) return undefined;
  const w = s.parse(rec);
  if (!w || w.kind === 'inference') return undefined;
  const m = migrationCase(s.world, w, p, rec.checkpoint, to, now);
  if (!m || !(m.savingUsd > 0)) return undefined;
  return { rec, w, to, priority: w.priority, saving: m.savingUsd };
}

async function moveOne(s: ControlState, p: Proposal, now: number): Promise<boolean> {
  const { rec, w, to } = p;
  const from = rec.placement;
  if (!from?.launchId) return false;
  // Decided again against the ledger as it is now, the job's own hold set aside (it gives it up by moving).
  const own = s.ledger.holdOf(rec.id);
  s.ledger.remove(rec.id);
  const restore = (): false => {
    if (own) s.ledger.add(rec.id, own);
    return false;
  };
  const d = s.decide(rec, w, now);
  if (d.kind !== 'place' || d.placement.pool !== to) return restore();
  const m = migrationCase(s.world, w, from, rec.checkpoint, to, now);
  if (!m || !(m.savingUsd > 0)) return restore();
  const change: WorkloadChange = {
    id: rec.id,
    expectedVersion: rec.version,
    state: 'placed',
    placement: d.placement,
    attempt: rec.attempt + 1,
    checkpoint: rec.checkpoint,
    waitingFor: null,
    at: now,
    cause: {
      code: 'control.migrated',
      source: 'replan',
      params: {
        from: from.pool ?? null,
        to,
        provider: d.placement.provider,
        launchId: from.launchId,
        checkpoint: rec.checkpoint?.workDone ?? 0,
        lostWork: m.lostWork,
        effectiveCostUsd: m.moveUsd,
        migrationCostUsd: m.migrationUsd,
        savingUsd: m.savingUsd,
      },
    },
  };
  const res = await apply(s, [change]);
  if (!res.applied[0]) {
    // Changed meanwhile (a checkpoint, a cancel): not moved; the ledger follows the record as it is now.
    const fresh = await s.store.getWorkload(rec.id);
    if (fresh) s.track(fresh);
    else restore();
    return false;
  }
  const provider = s.providers.get(from.provider);
  await provider?.terminate(from.launchId).catch(() => undefined); // else the orphan sweep ends it
  s.emit({ kind: 'migrated', workloadId: rec.id, from: from.pool, to, savingUsd: m.savingUsd });
  return true;
}
