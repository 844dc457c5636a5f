/**
 * The tick's reconciliation of what the providers report: holding workloads move by their launch's state
 * (reconcile.ts), launches recorded as placed are adopted, launches nobody owns are terminated, and the work of
 * providers that are down goes back to admitted. Runs under the lock.
 */
import { offeringKey } from '../../control/blocklist.js';
import type { WorkloadChange } from '../../control/ports.js';
import type { Cause, WorkloadRecord } from '../../control/records.js';
import { type ControlState, tokenOf } from './control-state.js';
import { LAUNCH_FINAL } from './launch-placed.js';
import { apply } from './plan-applier.js';
import type { Poll } from './provider-poll.js';
import { followLaunch, lostChanges } from './reconcile.js';
import { requeueChange } from './requeue-change.js';

/** Moves the holding workloads of every provider that answered by what it reports (reconcile.ts), in one batch;
 * adopts launches recorded as placed; terminates launches no workload owns. Answers the preemptions it applied too. */
export async function reconcileLaunches(
  s: ControlState,
  polls: readonly Poll[],
  holding: readonly WorkloadRecord[],
  now: number,
): Promise<{ transitions: number; terminated: number; preempted: { provider: string; workloadId: string }[] }> {
  let terminated = 0;
  const owners = new Set<string>();
  for (const r of holding) owners.add(`${r.placement?.provider}\u0000${tokenOf(r)}`);
  const changes: WorkloadChange[] = [];
  const blocks: { key: string; cause: Cause }[] = [];
  for (const poll of polls) {
    if (!poll.ok) continue;
    const name = poll.provider.name;
    const byToken = new Map(poll.launches.map((l) => [l.clientToken, l]));
    const byId = new Map(poll.launches.map((l) => [l.launchId, l]));
    for (const rec of holding) {
      const p = rec.placement;
      if (p?.provider !== name) continue;
      const launch = (p.launchId ? byId.get(p.launchId) : undefined) ?? byToken.get(tokenOf(rec));
      // Without a reported end, lost work ends at the provider's last answer (after a restart: the record's last change).
      const r = followLaunch(rec, launch, now, s.relOf(rec), poll.previousAnswer ?? rec.updatedAt);
      changes.push(...r.changes);
      if (r.block) blocks.push({ key: offeringKey(p.provider, p.region, p.instanceType), cause: r.block });
    }
    for (const l of poll.launches) {
      if (LAUNCH_FINAL.has(l.state) || owners.has(`${name}\u0000${l.clientToken}`)) continue;
      try {
        await poll.provider.terminate(l.launchId);
        terminated++;
        s.emit({ kind: 'terminated-orphan', provider: name, launchId: l.launchId, clientToken: l.clientToken });
      } catch {
        // asked again at the next sweep
      }
    }
  }
  await s.blockOfferings(blocks, now);
  const res = await apply(s, changes);
  emitRequeues(s, res.applied);
  const applied = new Set(res.applied.map((r) => r.id));
  const preempted = changes
    .filter((c) => c.cause.code === 'control.preempted' && applied.has(c.id))
    .map((c) => ({ provider: String(c.cause.params?.provider ?? ''), workloadId: c.id }));
  return { transitions: res.applied.length, terminated, preempted };
}

/** The work of providers that are down goes back to admitted (placed work directly; launched work as lost). */
export async function requeueFromDownProviders(
  s: ControlState,
  holding: readonly WorkloadRecord[],
  now: number,
): Promise<number> {
  const changes: WorkloadChange[] = [];
  for (const rec of holding) {
    const p = rec.placement;
    const h = p ? s.health.get(p.provider) : undefined;
    if (!p || !h || h.up) continue;
    if (rec.state === 'placed') {
      const cause = h.cause ?? { code: 'control.provider-down', source: 'health', params: { provider: p.provider } };
      changes.push(requeueChange(rec, cause, now));
    } else changes.push(...lostChanges(rec, now, 'provider-down', h.lastSeen ?? rec.updatedAt, s.relOf(rec)));
  }
  const res = await apply(s, changes);
  emitRequeues(s, res.applied);
  return res.applied.length;
}

function emitRequeues(s: ControlState, applied: readonly WorkloadRecord[]): void {
  for (const r of applied)
    if (r.state === 'admitted' && r.attempt > 0 && r.placement === null && r.waitingFor === null)
      s.emit({ kind: 'requeued', workloadId: r.id, attempt: r.attempt });
}
