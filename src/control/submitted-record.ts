/** The record of a workload as submitted, before any step, for the control plane's group commit and the test
 * doubles. The store adapters build the same record in src/store/created.ts (afterSteps): the store imports only
 * types from control (docs/architecture.md). */
import type { NewWorkload } from './ports.js';
import type { WorkloadRecord, WorkloadSpec } from './records.js';

/** `w` submitted at `w.at`: version 1, nothing placed, no checkpoint, never launched, waiting for nothing. */
export function submittedRecord(
  w: Pick<NewWorkload, 'id' | 'team' | 'idempotencyKey' | 'at'>,
  spec: WorkloadSpec,
): WorkloadRecord {
  return {
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
}
