/**
 * The tick's launches: every placed workload is launched on its provider with the idempotent client token
 * `${id}/${attempt}`, then the launches are recorded in one batch. A refused launch blocklists the offering and
 * places the work again as a new attempt; an unknown outcome keeps it placed for the same token.
 */
import { offeringKey } from '../../control/blocklist.js';
import { liveKey } from '../../control/capacity-ledger.js';
import { failed } from '../../control/health.js';
import { type Provider, ProviderError, type WorkloadChange } from '../../control/ports.js';
import type { Cause } from '../../control/records.js';
import { isFinal } from '../../control/state-machine.js';
import { type ControlState, tokenOf } from './control-state.js';
import { apply } from './plan-applier.js';
import { requeueChange } from './requeue-change.js';

/** A launch answered with one of these made nothing: the offering is refused (blocklisted, the work placed again as
 * a new attempt) even when the provider calls the error retryable — that flag says the same request may succeed
 * later (the sandbox cloud's `provider.capacity`, `provider.quota`, `provider.region-down` are), not that the call's
 * outcome is unknown. Only an unknown outcome (unreachable, a bad answer) keeps the work placed for the same token. */
const LAUNCH_REFUSALS: ReadonlySet<string> = new Set([
  'provider.capacity',
  'provider.quota',
  'provider.region-down',
  'provider.no-such-offering',
  'provider.bad-request',
  'provider.rejected',
]);
/** Launch states after which the launch holds nothing. */
export const LAUNCH_FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'preempted', 'lost', 'terminated']);

/** Launches every placed workload on its provider (the idempotent client token `${id}/${attempt}`), then records
 * the launches in one batch (under the lock). */
export async function launchPlaced(
  s: ControlState,
  now: number,
): Promise<{ launched: number; transitions: number; refusedForCapacity: string[] }> {
  const placed = await s.store.listWorkloads({ states: ['placed'] });
  const started: { change: WorkloadChange; provider: Provider; launchId: string }[] = [];
  const refused: { change: WorkloadChange; key: string }[] = [];
  /** Offerings (capacity-ledger.ts `liveKey`) whose launch was refused for want of capacity. */
  const refusedForCapacity: string[] = [];
  // Providers with a launch of unknown outcome this tick, with the last error's code. However many launches timed
  // out together, a provider gets one failed answer per tick, as a failed poll counts once: otherwise three slow
  // launches in one tick would declare a healthy provider down and its running work would be launched twice.
  const unanswered = new Map<string, string>();
  await Promise.all(
    placed.map(async (rec) => {
      const p = rec.placement;
      const provider = p ? s.providers.get(p.provider) : undefined;
      if (!p || !provider || s.health.get(p.provider)?.up !== true) return;
      const token = tokenOf(rec);
      try {
        const status = await provider.launch({
          clientToken: token,
          workloadId: rec.id,
          team: rec.team,
          region: p.region,
          instanceType: p.instanceType,
          instances: p.instances,
          spot: p.spot,
          ...(rec.spec.setup !== undefined ? { setup: rec.spec.setup } : {}),
          ...(rec.spec.run !== undefined ? { run: rec.spec.run } : {}),
          ...(rec.spec.envs !== undefined ? { envs: rec.spec.envs } : {}),
          ...(rec.spec.secrets !== undefined ? { secrets: rec.spec.secrets } : {}),
          resumeFrom: rec.checkpoint?.workDone ?? 0,
        });
        const params = { provider: p.provider, launchId: status.launchId, clientToken: token };
        started.push({
          provider,
          launchId: status.launchId,
          change: {
            id: rec.id,
            expectedVersion: rec.version,
            state: 'provisioning',
            placement: { ...p, launchId: status.launchId },
            at: now,
            cause: { code: 'control.launching', source: 'reconcile', params },
          },
        });
      } catch (e) {
        const code = e instanceof ProviderError ? e.code : 'provider.unreachable';
        if (e instanceof ProviderError && (!e.retryable || LAUNCH_REFUSALS.has(e.code))) {
          const params = { provider: p.provider, code, attempt: rec.attempt };
          const cause: Cause = { code: 'control.launch-refused', source: 'reconcile', params };
          refused.push({
            key: offeringKey(p.provider, p.region, p.instanceType),
            change: requeueChange(rec, cause, now),
          });
          if (code === 'provider.capacity')
            refusedForCapacity.push(liveKey(p.provider, p.region, p.instanceType, p.spot));
        } else {
          // Maybe launched, maybe not: the same token is sent again next tick (idempotent), or the provider is
          // declared down and the sweep ends whatever it started. Counted once per provider per tick, below.
          unanswered.set(p.provider, code);
        }
      }
    }),
  );
  for (const [name, code] of unanswered) {
    const h = s.health.get(name);
    if (h) s.health.set(name, failed(h, now, code));
  }
  return s.lock.run(async () => {
    await s.blockOfferings(
      refused.map((r) => ({ key: r.key, cause: r.change.cause })),
      now,
    );
    const res = await apply(s, [...started.map((x) => x.change), ...refused.map((r) => r.change)]);
    // Cancelled meanwhile: the launch has no owner; end it now rather than at the next sweep.
    for (const id of res.conflicts) {
      const st = started.find((x) => x.change.id === id);
      const fresh = st ? await s.store.getWorkload(id) : undefined;
      if (st && fresh && isFinal(fresh.state)) await st.provider.terminate(st.launchId).catch(() => undefined);
    }
    return { launched: started.length, transitions: res.applied.length, refusedForCapacity };
  });
}
