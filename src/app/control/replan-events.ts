/**
 * The big events of a tick that call for a re-optimisation (control/replan-triggers.ts), gathered into
 * `ControlState.replanPending`: a provider declared down or back up; a region's offerings gone or back, an offering's
 * capacity removed or returned (each provider's capacity compared with its previous answer); spot preemptions; launches
 * refused for capacity. The tick decides from them (and the cadence) whether to re-plan.
 */
import { liveKey } from '../../control/capacity-ledger.js';
import type { Cause, WorkloadRecord } from '../../control/records.js';
import { capacityEvents, capacityOf } from '../../control/replan-triggers.js';
import { type ControlState, tokenOf } from './control-state.js';
import { LAUNCH_FINAL } from './launch-placed.js';
import type { Poll } from './provider-poll.js';

const event = (code: string, params: Readonly<Record<string, unknown>>): Cause => ({ code, source: 'replan', params });

/** Notes the events of one tick's poll: providers down or up, and each answering provider's capacity swings. `holding`:
 * the holding workloads (their live launches are this control plane's own capacity). */
export function notePollEvents(
  s: ControlState,
  polls: readonly Poll[],
  holding: readonly WorkloadRecord[],
  change: { readonly wentDown: readonly string[]; readonly wentUp: readonly string[] },
): void {
  for (const provider of change.wentDown) {
    s.capacitySeen.delete(provider);
    s.replanPending.push(event('control.replan-provider-down', { provider }));
  }
  for (const provider of change.wentUp) s.replanPending.push(event('control.replan-provider-up', { provider }));
  const byToken = new Map(holding.map((r) => [tokenOf(r), r]));
  for (const poll of polls) {
    const name = poll.provider.name;
    if (!poll.ok || s.health.get(name)?.up !== true) continue;
    const ours = new Map<string, number>();
    for (const l of poll.launches) {
      const p = LAUNCH_FINAL.has(l.state) ? undefined : byToken.get(l.clientToken)?.placement;
      if (!p || p.provider !== name) continue;
      const key = liveKey(p.provider, p.region, p.instanceType, p.spot);
      ours.set(key, (ours.get(key) ?? 0) + p.instances);
    }
    const after = capacityOf(poll.offerings, ours);
    const before = s.capacitySeen.get(name);
    // A provider first answering, or back up (its own event says so): its capacity is the new reference.
    if (before && !change.wentUp.includes(name)) s.replanPending.push(...capacityEvents(name, before, after));
    s.capacitySeen.set(name, after);
  }
}

/** Notes spot preemptions the reconciliation applied (per provider, how many workloads). */
export function notePreemptions(s: ControlState, preempted: readonly { readonly provider: string }[]): void {
  const count = new Map<string, number>();
  for (const p of preempted) count.set(p.provider, (count.get(p.provider) ?? 0) + 1);
  for (const [provider, workloads] of count)
    s.replanPending.push(event('control.replan-preempted', { provider, workloads }));
}

/** Notes launches refused for capacity (`provider.capacity`), per offering. */
export function noteCapacityRefusals(s: ControlState, offerings: readonly string[]): void {
  for (const offering of new Set(offerings)) s.replanPending.push(event('control.replan-launch-refused', { offering }));
}
