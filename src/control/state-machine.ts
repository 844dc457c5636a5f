/**
 * The workload state machine (docs/control-plane.md draws it): which transitions are allowed, and the replay of an
 * event log to the state it leads to. Pure data and functions; every transition is an event whose cause is data.
 *
 *   submitted → admitted | held | cancelled
 *   held      → admitted | cancelled                      (quota or budget frees)
 *   admitted  → placed | held | cancelled | admitted     (admitted again: the reason it waits changed)
 *   placed    → provisioning | admitted | cancelled       (admitted again: the launch was refused, or its provider is down)
 *   provisioning → running | succeeded | failed | preempted | lost | cancelled
 *   running   → the same, running again                 (a new checkpoint reported),
 *               and placed                              (moved by the re-optimisation: a new attempt elsewhere)
 *   preempted, lost → admitted | cancelled                (requeued, to resume from the last checkpoint)
 *   succeeded, failed, cancelled: final.
 */
import type { Cause, WorkloadEvent, WorkloadState } from './records.js';

const T: Readonly<Record<WorkloadState, readonly WorkloadState[]>> = {
  submitted: ['admitted', 'held', 'cancelled'],
  held: ['admitted', 'cancelled'],
  admitted: ['admitted', 'placed', 'held', 'cancelled'],
  placed: ['provisioning', 'admitted', 'cancelled'],
  provisioning: ['running', 'succeeded', 'failed', 'preempted', 'lost', 'cancelled'],
  running: ['running', 'placed', 'succeeded', 'failed', 'preempted', 'lost', 'cancelled'],
  preempted: ['admitted', 'cancelled'],
  lost: ['admitted', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export const TRANSITIONS: Readonly<Record<WorkloadState, readonly WorkloadState[]>> = T;

export const FINAL_STATES: readonly WorkloadState[] = ['succeeded', 'failed', 'cancelled'];

/** States in which a workload holds (or is about to hold) provider capacity. */
export const HOLDING_STATES: readonly WorkloadState[] = ['placed', 'provisioning', 'running'];

export const isFinal = (s: WorkloadState): boolean => FINAL_STATES.includes(s);

export function canTransition(from: WorkloadState, to: WorkloadState): boolean {
  return T[from].includes(to);
}

/** undefined when `from → to` is allowed, else the refusal as data (`control.illegal-transition`). */
export function refuseTransition(from: WorkloadState, to: WorkloadState): Cause | undefined {
  return canTransition(from, to)
    ? undefined
    : { code: 'control.illegal-transition', source: 'state-machine', params: { from, to } };
}

/** The state an event log leads to: the first event is the submission (`from` null); each next one must start where
 * the last ended and be an allowed transition. Answers the refusal of the first event that breaks the rules. */
export function replay(
  events: readonly Pick<WorkloadEvent, 'from' | 'to'>[],
): { ok: true; state: WorkloadState } | { ok: false; at: number; cause: Cause } {
  let state: WorkloadState | undefined;
  for (const [i, e] of events.entries()) {
    if (state === undefined) {
      if (e.from !== null || e.to !== 'submitted') return { ok: false, at: i, cause: illegal(e.from ?? 'none', e.to) };
      state = 'submitted';
      continue;
    }
    if (e.from !== state) return { ok: false, at: i, cause: illegal(e.from ?? 'none', e.to) };
    const refused = refuseTransition(state, e.to);
    if (refused) return { ok: false, at: i, cause: refused };
    state = e.to;
  }
  if (state === undefined) return { ok: false, at: 0, cause: illegal('none', 'none') };
  return { ok: true, state };
}

const illegal = (from: string, to: string): Cause => ({
  code: 'control.illegal-transition',
  source: 'state-machine',
  params: { from, to },
});
