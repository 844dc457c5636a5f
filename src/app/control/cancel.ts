/** Cancelling a workload: the change goes through the plan applier (a conflict is re-read and tried again, at most
 * `maxApplyRetries` times); a launch it had is terminated at once (else the next sweep ends it). */
import type { WorkloadChange } from '../../control/ports.js';
import { isFinal } from '../../control/state-machine.js';
import { viewOf } from './access.js';
import { ControlError, type Principal, type WorkloadView } from './api.js';
import type { ControlState } from './control-state.js';
import { apply } from './plan-applier.js';

export async function cancelWorkload(s: ControlState, p: Principal, id: string): Promise<WorkloadView> {
  let rec = await s.visible(p, id);
  for (let round = 0; round <= s.maxRetries; round++) {
    if (isFinal(rec.state))
      throw new ControlError('control.illegal-transition', 409, { from: rec.state, to: 'cancelled' });
    const by = p.team ?? 'admin';
    const change: WorkloadChange = {
      id,
      expectedVersion: rec.version,
      state: 'cancelled',
      waitingFor: null,
      at: s.clock.now(),
      cause: { code: 'control.cancelled', source: 'api', params: { by } },
    };
    const res = await s.lock.run(() => apply(s, [change]));
    const done = res.applied[0];
    if (done) {
      const launchId = rec.placement?.launchId;
      const provider = rec.placement ? s.providers.get(rec.placement.provider) : undefined;
      if (launchId && provider) await provider.terminate(launchId).catch(() => undefined); // else the sweep ends it
      return viewOf(done);
    }
    rec = await s.visible(p, id);
  }
  throw new ControlError('control.conflict', 409, { id });
}
