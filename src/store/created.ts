/** A workload as created, after the steps it takes in the same transaction (NewWorkload.steps), and those steps'
 * events: one rule for every adapter. */
import type { NewWorkload, WorkloadStep } from '../control/ports.js';
import type { WorkloadEvent, WorkloadRecord, WorkloadSpec } from '../control/records.js';

export function afterSteps(w: NewWorkload, spec: WorkloadSpec): WorkloadRecord {
  let rec: WorkloadRecord = {
    id: w.id,
    team: w.team,
    spec,
    state: 'submitted',
    version: 1,
    placement: null,
    checkpoint: null,
    attempt: 0,
    waitingFor: null,
    idempotencyKey: w.idempotencyKey,
    createdAt: w.at,
    updatedAt: w.at,
  };
  for (const s of w.steps ?? []) rec = stepped(rec, s);
  return rec;
}

/** The events of the steps after `submitted`, in order (their causes are the caller's objects: an adapter that keeps
 * them copies them). */
export function stepEvents(w: NewWorkload): Omit<WorkloadEvent, 'seq' | 'workloadId'>[] {
  const out: Omit<WorkloadEvent, 'seq' | 'workloadId'>[] = [];
  let from: WorkloadEvent['to'] = 'submitted';
  for (const s of w.steps ?? []) {
    out.push({ at: s.at, from, to: s.state, cause: s.cause });
    from = s.state;
  }
  return out;
}

/** The record after one step (the version bumped; omitted fields unchanged). */
export function stepped(rec: WorkloadRecord, c: WorkloadStep): WorkloadRecord {
  return {
    ...rec,
    state: c.state,
    version: rec.version + 1,
    placement: c.placement === undefined ? rec.placement : c.placement,
    checkpoint: c.checkpoint === undefined ? rec.checkpoint : c.checkpoint,
    attempt: c.attempt === undefined ? rec.attempt : c.attempt,
    waitingFor: c.waitingFor === undefined ? rec.waitingFor : c.waitingFor,
    updatedAt: c.at,
  };
}
