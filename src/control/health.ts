/**
 * Provider health: a provider is down once DOWN_AFTER_FAILED_POLLS polls in a row failed, or no poll succeeded for
 * DOWN_AFTER_SILENCE_MS (whichever comes first); one successful poll brings it back. With the server's tick every
 * TICK_MS, a provider that stops answering is declared down within max(3 ticks, 45 s) of its last answer — at
 * the default 5 s tick, 45 s. (docs/control-plane.md, "Failure detection".) Pure: the clock comes in as `now`.
 */
import type { Cause } from './records.js';

export const DOWN_AFTER_FAILED_POLLS = 3;
export const DOWN_AFTER_SILENCE_MS = 45_000;

export interface ProviderHealth {
  readonly name: string;
  readonly up: boolean;
  readonly failedPolls: number;
  /** Last successful answer (epoch ms), or the time it was first watched. */
  readonly lastSeen: number | null;
  readonly since: number;
  readonly cause: Cause | null;
}

export function watched(name: string, now: number): ProviderHealth {
  return { name, up: true, failedPolls: 0, lastSeen: null, since: now, cause: null };
}

export function answered(h: ProviderHealth, now: number): ProviderHealth {
  return { name: h.name, up: true, failedPolls: 0, lastSeen: now, since: h.since, cause: null };
}

/** A failed poll: still up, or down with its cause (`control.provider-down`). */
export function failed(h: ProviderHealth, now: number, code: string): ProviderHealth {
  const failedPolls = h.failedPolls + 1;
  const silentMs = now - (h.lastSeen ?? h.since);
  const down = failedPolls >= DOWN_AFTER_FAILED_POLLS || silentMs >= DOWN_AFTER_SILENCE_MS;
  return {
    name: h.name,
    up: !down,
    failedPolls,
    lastSeen: h.lastSeen,
    since: h.since,
    cause: down
      ? {
          code: 'control.provider-down',
          source: 'health',
          params: { provider: h.name, failedPolls, silentMs, last: code },
        }
      : h.cause,
  };
}
