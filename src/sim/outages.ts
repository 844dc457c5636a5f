/**
 * Outages in the simulator, provider-wide or one region: while a location is down its pools take nothing, jobs
 * there lose the work since their last checkpoint and are placed elsewhere or re-queued, and inference replicas
 * there stop serving until the next hourly tick re-places them — or, for a policy that tops services up
 * (SimPolicy.preempt), until the outage ends if that comes first. Overlapping outages of one location are counted.
 */
import { R_OUTAGE, R_RECOVER } from './event-kinds.js';
import { setReplicas } from './inference.js';
import { interrupt, retryPending } from './job-lifecycle.js';
import { topUpServices } from './preemption.js';
import type { RunState } from './run-state.js';

/** Queues the start and end of every outage of the run (those inside the horizon, on the world's providers). */
export function scheduleOutages(r: RunState): void {
  r.outages.list.forEach(({ event: o }, i) => {
    r.heap.push(Math.max(o.start, r.start), R_OUTAGE, i);
    if (o.end < r.end) r.heap.push(o.end, R_RECOVER, i);
  });
}

/** Outage i starts now. */
export function outageStart(r: RunState, i: number): void {
  const { locDown } = r.capacity;
  for (const loc of r.outages.list[i]?.locations ?? []) {
    const down = ++locDown[loc]!;
    if (down > 1) continue;
    for (const p of r.outages.poolsAt[loc] ?? []) {
      for (const j of [...(r.runs.running[p] ?? [])]) interrupt(r, j, 'outage');
      for (const sv of r.services) {
        const slot = sv.slots.find((s) => s.cand.pool === p);
        if (slot && slot.n > 0) setReplicas(r, sv, slot, 0);
      }
    }
  }
}

/** Outage i ends now: its locations take work again. */
export function outageEnd(r: RunState, i: number): void {
  const { locDown } = r.capacity;
  for (const loc of r.outages.list[i]?.locations ?? []) locDown[loc]!--;
  r.capacity.room.anyFreed();
  topUpServices(r); // replicas lost to the outage come back now (policies with preempt), not at the next tick
  retryPending(r);
}
