/**
 * The plan applier: every state change goes through the store's applyChanges with the version it was decided on
 * (optimistic concurrency), keeping the capacity ledger in step; a placement that meets a conflict is re-read and
 * decided again, at most `maxApplyRetries` more rounds. Runs under the lock.
 */
import { holdOf } from '../../control/capacity-ledger.js';
import type { WorkloadChange } from '../../control/ports.js';
import type { WorkloadRecord } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { HOLDING_STATES } from '../../control/state-machine.js';
import { teamWeight } from '../../core/fair-share.js';
import { fairOrder } from '../../control/fair-order.js';
import { monthSpend } from './month-spend.js';
import type { ControlState } from './control-state.js';
import type { Decision } from './evaluate.js';

export interface Applied {
  readonly applied: WorkloadRecord[];
  readonly conflicts: string[];
}

/** The store's applyChanges, keeping the ledger in step with what was applied (a conflict releases its reservation). */
export async function apply(s: ControlState, changes: readonly WorkloadChange[]): Promise<Applied> {
  if (changes.length === 0) return { applied: [], conflicts: [] };
  const res = await s.store.applyChanges(changes);
  for (const rec of res.applied) s.track(rec);
  for (const id of res.conflicts) {
    s.conflicts++;
    const placed = changes.some((x) => x.id === id && x.state === 'placed');
    if (placed && !res.applied.some((r) => r.id === id && r.state === 'placed')) s.ledger.remove(id);
  }
  return res;
}

/** The change an evaluation's decision makes to an admitted record (place or hold it; note why it waits). */
export function changeFor(rec: WorkloadRecord, d: Decision, now: number): WorkloadChange {
  const base = { id: rec.id, expectedVersion: rec.version, at: now };
  if (d.kind === 'place') return { ...base, state: 'placed', placement: d.placement, waitingFor: null, cause: d.cause };
  return { ...base, state: d.kind === 'hold' ? 'held' : 'admitted', waitingFor: d.cause, cause: d.cause };
}

/**
 * Evaluates each admitted workload in turn — priority first, then the weighted fair share between teams (the team
 * furthest below its share of the GPUs held now goes first: control/fair-order.ts over core/fair-share.ts), then age —
 * reserving each winner in the ledger so the next evaluation (and the next team's standing) sees it, and commits the
 * batch with the versions it was decided on. Changes that meet a conflict are
 * released, re-read and, if still admitted, evaluated again against the ledger as it is then: at most
 * `maxApplyRetries` more rounds. Answers the number of transitions applied. Runs under the lock.
 */
export async function applyPlacements(s: ControlState, recs: readonly WorkloadRecord[], now: number): Promise<number> {
  await ensureLedger(s, now);
  const used = await teamsUsage(s, recs, now);
  const standing = (team: string) => ({
    gpusNow: sum(s.ledger.heldBy(team).values()),
    usedGpuH: used.get(team) ?? 0,
    weight: teamWeight(s.scenario.snapshot.policy.teamWeights, team),
  });
  let pending: readonly WorkloadRecord[] = recs;
  let applied = 0;
  for (let round = 0; round <= s.maxRetries && pending.length > 0; round++) {
    const changes: WorkloadChange[] = [];
    const waiting = pending.map((rec) => ({
      rec,
      id: rec.id,
      team: rec.team,
      priority: s.priorityOf(rec),
      arrival: rec.createdAt,
    }));
    for (const { rec } of fairOrder(waiting, standing)) {
      if (rec.state !== 'admitted' || isService(rec)) continue; // a service's groups are placed, not the service
      const w = s.parse(rec);
      if (!w) continue;
      const d = s.decide(rec, w, now);
      s.lastRejections.set(rec.id, d.rejections);
      if (d.kind === 'place') s.ledger.add(rec.id, d.hold);
      else if (d.kind === 'wait' && rec.waitingFor?.code === d.cause.code) continue; // nothing new to say
      changes.push(changeFor(rec, d, now));
    }
    if (changes.length === 0) break;
    const res = await apply(s, changes);
    applied += res.applied.length;
    const again: WorkloadRecord[] = [];
    for (const id of res.conflicts) {
      const fresh = await s.store.getWorkload(id);
      if (fresh?.state === 'admitted') again.push(fresh);
    }
    pending = again;
  }
  return applied;
}

export async function ensureLedger(s: ControlState, now: number): Promise<void> {
  if (!s.ledgerBuilt) await rebuildLedger(s, now);
}

/** The ledger from the store's holding workloads (after a poll: the live offerings count what was launched). */
export async function rebuildLedger(s: ControlState, _now: number): Promise<WorkloadRecord[]> {
  const holding = await s.store.listWorkloads({ states: HOLDING_STATES });
  s.ledger.clear();
  for (const rec of holding) {
    if (isService(rec)) s.services.add(rec.id); // after a restart: it follows its groups from this tick on
    const h = holdOf(rec, (pool) => s.poolGroups(pool));
    if (h) s.ledger.add(rec.id, h);
  }
  s.ledgerBuilt = true;
  return holding;
}

const sum = (xs: Iterable<number>): number => {
  let n = 0;
  for (const x of xs) n += x;
  return n;
};

/** The GPU-hours each team waiting in `recs` has used this month (the fair share's second key), read only when two
 * teams or more wait (with one, the order is priority then age whatever it used). */
async function teamsUsage(
  s: ControlState,
  recs: readonly WorkloadRecord[],
  now: number,
): Promise<ReadonlyMap<string, number>> {
  const teams = new Set(recs.filter((r) => r.state === 'admitted').map((r) => r.team));
  const out = new Map<string, number>();
  if (teams.size < 2) return out;
  for (const team of teams) out.set(team, (await monthSpend(s, team, now)).gpuHours);
  return out;
}
