/**
 * One round of the reconcile loop (docs/control-plane.md): poll every provider, rebuild the ledger from the store,
 * follow the launches and requeue the work of providers that are down, record usage, refresh the teams, re-optimise
 * on a cadence and after big events (replan-events.ts; at most one event-driven re-plan per debounce interval),
 * re-check held work, create the replica groups of services admitted without them, evaluate admitted work, launch
 * placed work, and let every service placed as groups follow them.
 */
import { replanTrigger } from '../../control/replan-triggers.js';
import { recheckHeld, refreshTeams } from './admission.js';
import type { TickReport } from './control-options.js';
import type { ControlState } from './control-state.js';
import { reconcileLaunches, requeueFromDownProviders } from './follow-launches.js';
import { launchPlaced } from './launch-placed.js';
import { applyPlacements, rebuildLedger } from './plan-applier.js';
import { pollProviders } from './provider-poll.js';
import { noteCapacityRefusals, notePollEvents, notePreemptions } from './replan-events.js';
import { replan } from './replan-moves.js';
import { expandServices, followServices } from './service-groups.js';
import { recordUsage } from './usage-recording.js';

export async function tick(s: ControlState): Promise<TickReport> {
  const now = s.clock.now();
  await s.ensureLoaded();
  const conflictsBefore = s.conflicts;
  const { polls, wentDown, wentUp } = await pollProviders(s, now);
  let transitions = 0;
  let launched = 0;
  let terminated = 0;
  await s.lock.run(async () => {
    const holding = await rebuildLedger(s, now);
    notePollEvents(s, polls, holding, { wentDown, wentUp });
    const r = await reconcileLaunches(s, polls, holding, now);
    transitions += r.transitions;
    terminated += r.terminated;
    notePreemptions(s, r.preempted);
    transitions += await requeueFromDownProviders(s, holding, now);
  });
  await recordUsage(s, polls, now);
  await refreshTeams(s, now);
  const due = replanTrigger(
    { last: s.lastReplan, lastEvent: s.lastEventReplan },
    s.replanPending,
    now,
    s.replanEvery,
    s.replanDebounce,
  );
  if (due) {
    const events = s.replanPending;
    s.replanPending = [];
    s.lastReplan = now;
    if (due.event) s.lastEventReplan = now;
    transitions += await s.lock.run(() => replan(s, now, due.trigger, events.length));
  }
  await s.lock.run(async () => {
    transitions += await recheckHeld(s, now);
    const admitted = await s.store.listWorkloads({ states: ['admitted'] });
    transitions += (await expandServices(s, admitted, now)).length;
    transitions += await applyPlacements(s, admitted, now);
  });
  const l = await launchPlaced(s, now);
  launched += l.launched;
  transitions += l.transitions;
  noteCapacityRefusals(s, l.refusedForCapacity);
  transitions += await s.lock.run(() => followServices(s, now));
  return {
    at: now,
    transitions,
    launched,
    terminated,
    conflicts: s.conflicts - conflictsBefore,
    providersDown: [...s.health.values()].filter((h) => !h.up).map((h) => h.name),
    replanned: due !== null,
    replanTrigger: due?.trigger.code ?? null,
  };
}
