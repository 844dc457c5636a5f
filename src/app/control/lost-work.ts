/** Work lost when a launch ends before it finishes: the H100 GPU-hours done since its last checkpoint (or since it
 * started running, when it reported none), which its next attempt redoes. Pure. */
import type { Placement, WorkloadRecord } from '../../control/records.js';

const HOUR_MS = 3_600_000;

export function lostWork(
  placement: Placement,
  checkpoint: WorkloadRecord['checkpoint'],
  endedAt: number,
  rel: number,
): number {
  const started = placement.startedAt;
  if (started === undefined) return 0; // it never ran
  const from = Math.max(started, checkpoint?.at ?? started);
  const hours = Math.max(0, endedAt - from) / HOUR_MS;
  return hours * placement.instances * placement.gpusPerInstance * rel;
}
