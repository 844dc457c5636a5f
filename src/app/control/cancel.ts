/** Cancelling a workload: the change goes through the plan applier (a conflict is re-read and tried again, at most
 * `maxApplyRetries` times); a launch it had is terminated at once (else the next sweep ends it). A service placed as
 * replica groups is cancelled with every group not yet final, in one batch; cancelling one of its groups cancels
 * the service (a group alone would leave the service short of its spread for good). */
import type { WorkloadChange } from '../../control/ports.js';
import type { WorkloadRecord } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { isFinal } from '../../control/state-machine.js';
import { ControlError, type Principal, type WorkloadView } from './api.js';
import type { ControlState } from './control-state.js';
import { apply } from './plan-applier.js';
import { serviceView } from './queries.js';
import { groupsOf } from './service-groups.js';

export async function cancelWorkload(s: ControlState, p: Principal, id: string): Promise<WorkloadView> {
  let rec = await s.visible(p, id);
  const service = rec.spec.group?.service;
  if (service !== undefined) return cancelWorkload(s, p, service);
  const by = p.team ?? 'admin';
  let cancelled = false;
  for (let round = 0; round <= s.maxRetries; round++) {
    if (!cancelled && isFinal(rec.state))
      throw new ControlError('control.illegal-transition', 409, { from: rec.state, to: 'cancelled' });
    const now = s.clock.now();
    const cancel = (r: WorkloadRecord): WorkloadChange => ({
      id: r.id,
      expectedVersion: r.version,
      state: 'cancelled',
      waitingFor: null,
      at: now,
      cause: { code: 'control.cancelled', source: 'api', params: { by } },
    });
    const groups = isService(rec) ? await groupsOf(s, rec) : [];
    const targets = [rec, ...groups].filter((r) => !isFinal(r.state));
    const res = await s.lock.run(() => apply(s, targets.map(cancel)));
    for (const r of targets) {
      if (!res.applied.some((a) => a.id === r.id)) continue;
      const launchId = r.placement?.launchId;
      const provider = r.placement ? s.providers.get(r.placement.provider) : undefined;
      if (launchId && provider) await provider.terminate(launchId).catch(() => undefined); // else the sweep ends it
    }
    const mine = res.applied.find((r) => r.id === id);
    if (mine) cancelled = true;
    rec = mine ?? (await s.visible(p, id));
    if (cancelled && res.conflicts.length === 0) return serviceView(s, rec);
    // A conflict (a tick moved one of them meanwhile): what is not cancelled yet is re-read and tried again.
  }
  throw new ControlError('control.conflict', 409, { id });
}
