/** The tick's poll: every provider's offerings and launches at once; a provider that keeps failing is declared down
 * (control/health.ts) and its offerings are dropped from the live index. */
import { answered, failed, watched } from '../../control/health.js';
import type { LaunchStatus, Offering, Provider } from '../../control/ports.js';
import type { ControlState } from './control-state.js';
import { indexOfferings } from './evaluate.js';

export interface Poll {
  readonly provider: Provider;
  readonly ok: boolean;
  readonly offerings: readonly Offering[];
  readonly launches: readonly LaunchStatus[];
  /** When the provider last answered before this poll (null: not since this control plane started). */
  readonly previousAnswer: number | null;
}

async function poll(provider: Provider, previousAnswer: number | null): Promise<Poll> {
  try {
    const [offerings, launches] = await Promise.all([provider.offerings(), provider.listLaunches()]);
    return { provider, ok: true, offerings, launches, previousAnswer };
  } catch {
    return { provider, ok: false, offerings: [], launches: [], previousAnswer };
  }
}

/** Polls every provider, updates health and the live offerings; answers the polls and the providers that went down
 * or came back up. */
export async function pollProviders(
  s: ControlState,
  now: number,
): Promise<{ polls: readonly Poll[]; wentDown: readonly string[]; wentUp: readonly string[] }> {
  const polls = await Promise.all(
    [...s.providers.values()].map((p) => poll(p, s.health.get(p.name)?.lastSeen ?? null)),
  );
  const wentDown: string[] = [];
  const wentUp: string[] = [];
  for (const p of polls) {
    const before = s.health.get(p.provider.name) ?? watched(p.provider.name, now);
    const after = p.ok ? answered(before, now) : failed(before, now, 'provider.unreachable');
    s.health.set(p.provider.name, after);
    if (p.ok) s.live.set(p.provider.name, p.offerings);
    if (before.up && !after.up) {
      wentDown.push(p.provider.name);
      s.emit({ kind: 'provider-down', provider: p.provider.name, cause: after.cause });
    }
    if (!before.up && after.up) {
      wentUp.push(p.provider.name);
      s.emit({ kind: 'provider-up', provider: p.provider.name });
    }
    if (!after.up) s.live.delete(p.provider.name);
  }
  s.liveIndex = indexOfferings([...s.live.values()].flat());
  return { polls, wentDown, wentUp };
}
