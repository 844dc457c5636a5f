/** The tick's usage recording: each provider that answered is asked for its usage since its cursor (the store's
 * meta `usage-since`, per provider), a little before the last poll so a record changed during the poll is not missed. */
import { USAGE_OVERLAP_MS, USAGE_SINCE_KEY } from './control-options.js';
import type { ControlState } from './control-state.js';
import type { Poll } from './provider-poll.js';

export async function recordUsage(s: ControlState, polls: readonly Poll[], now: number): Promise<void> {
  const cursor = ((await s.store.getMeta(USAGE_SINCE_KEY)) ?? {}) as Record<string, number>;
  const next = { ...cursor };
  for (const poll of polls) {
    if (!poll.ok) continue;
    const since = cursor[poll.provider.name] ?? 0;
    try {
      for (const u of await poll.provider.usage(since)) await s.store.putUsage(u);
      next[poll.provider.name] = Math.max(0, now - USAGE_OVERLAP_MS);
    } catch {
      // asked again from the same cursor next tick
    }
  }
  await s.store.setMeta(USAGE_SINCE_KEY, next);
}
