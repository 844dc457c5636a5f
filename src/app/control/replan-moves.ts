/**
 * The re-optimisation's moves: the planner over every live workload (replan.ts), on the providers up now; its
 * preferred pools steer the next evaluations. Placed work not yet launched whose preferred pool differs goes back to
 * admitted (a new attempt) to be placed again through the applier (a service placed as replica groups is planned
 * as its groups, and a group's preference for a provider its same-geography siblings hold is dropped, so the
 * re-optimisation never undoes the spread: service-groups.ts); running, checkpointed jobs move when the saving
 * over their remaining run beats the migration cost (running-moves.ts). Runs under the lock; tells `replanned` with
 * its trigger.
 */
import type { Cause } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import type { ControlState } from './control-state.js';
import { apply } from './plan-applier.js';
import { replanPreferences } from './replan.js';
import { moveRunningWork } from './running-moves.js';
import { requeueChange } from './requeue-change.js';
import { spreadPreferences } from './service-groups.js';

/** `trigger`: why it runs (a cause with one of the control.replan-… codes); `events`: how many big events it
 * answers (pending since the last re-plan). */
export async function replan(s: ControlState, now: number, trigger: Cause, events: number): Promise<number> {
  const live = await s.store.listWorkloads({ states: ['held', 'admitted', 'placed', 'provisioning', 'running'] });
  const items = [];
  for (const rec of live) {
    const w = s.parse(rec);
    if (w && !isService(rec)) items.push({ id: rec.id, workload: w, done: rec.checkpoint?.workDone ?? 0 });
  }
  s.preferences = spreadPreferences(s, live, await replanPreferences(s.scenario, s.world, items, s.upProviders(), now));
  s.emit({ kind: 'replanned', trigger, events, workloads: items.length, preferred: s.preferences.size });
  let n = 0;
  for (const rec of live) {
    const to = s.preferences.get(rec.id);
    const from = rec.placement?.pool;
    if (rec.state !== 'placed' || to === undefined || from === undefined || to === from) continue;
    const cause = { code: 'control.replan-move', source: 'replan', params: { from, to } } as const;
    const res = await apply(s, [requeueChange(rec, cause, now, null)]);
    n += res.applied.length;
  }
  return n + (await moveRunningWork(s, live, now, s.maxMovesPerReplan));
}
