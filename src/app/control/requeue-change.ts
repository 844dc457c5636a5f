/** The change that takes a placed workload back to `admitted` as a new attempt (its placement dropped), waiting for
 * `waitingFor` (none: it is placed again at the next evaluation). One shape for every requeue of a placed workload:
 * a launch refused, its provider down, a re-plan move. */
import type { WorkloadChange } from '../../control/ports.js';
import type { Cause, WorkloadRecord } from '../../control/records.js';

export function requeueChange(
  rec: Pick<WorkloadRecord, 'id' | 'version' | 'attempt'>,
  cause: Cause,
  now: number,
  waitingFor: Cause | null = cause,
): WorkloadChange {
  return {
    id: rec.id,
    expectedVersion: rec.version,
    state: 'admitted',
    placement: null,
    attempt: rec.attempt + 1,
    waitingFor,
    at: now,
    cause,
  };
}
