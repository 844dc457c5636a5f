/**
 * Work lost when a launch ends before it finishes: the H100 GPU-hours done since its last checkpoint (or since it
 * started running, when it reported none), which its next attempt redoes. Pure.
 *
 * Every time here is one the provider reported, never the control plane's clock when it noticed: `startedAt` and the
 * checkpoint's `at` as the provider reported them, and `endedAt`, the launch's reported end (a preemption, a failure,
 * the sandbox's stop). When the provider reports no end — it no longer knows the launch, or it is down — the caller
 * passes the provider's last answer, the last report of the launch alive: the work lost is then a lower bound.
 * (The control plane notices an end up to a tick later, or DOWN_AFTER_SILENCE_MS later for a provider that stops
 * answering; counting to that moment would charge the run for time it did not run.)
 */
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
