/** The read-only use cases of the API: a workload, a list, its events, why it is where it is, its logs, the fleet. */
import { activeEntries } from '../../control/blocklist.js';
import { ProviderError } from '../../control/ports.js';
import type { Cause, WorkloadEvent, WorkloadRecord, WorkloadState } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { isFinal } from '../../control/state-machine.js';
import { canSee, viewOf } from './access.js';
import { ControlError, type Explanation, type FleetStatus, type Principal, type WorkloadView } from './api.js';
import type { ControlState } from './control-state.js';
import { groupsOf } from './service-groups.js';

export async function getWorkload(s: ControlState, p: Principal, id: string): Promise<WorkloadView> {
  return serviceView(s, await s.visible(p, id));
}

/** The view of a record; a service placed as replica groups lists its groups. */
export async function serviceView(s: ControlState, rec: WorkloadRecord): Promise<WorkloadView> {
  if (!isService(rec)) return viewOf(rec);
  const groups = (await groupsOf(s, rec)).map((g) => ({
    id: g.id,
    geo: g.spec.group?.geo ?? '',
    state: g.state,
    placement: g.placement,
    waitingFor: g.waitingFor,
  }));
  return { ...viewOf(rec), groups };
}

export async function listWorkloads(
  s: ControlState,
  p: Principal,
  q: { readonly states?: readonly WorkloadState[]; readonly limit?: number; readonly after?: string },
): Promise<WorkloadView[]> {
  const team = p.admin && p.team === null ? undefined : (p.team ?? '\u0000none');
  const rows = await s.store.listWorkloads({
    ...(team !== undefined ? { team } : {}),
    ...(q.states ? { states: q.states } : {}),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.after !== undefined ? { after: q.after } : {}),
  });
  return rows.filter((r) => canSee(p, r)).map(viewOf);
}

export async function workloadEvents(s: ControlState, p: Principal, id: string): Promise<WorkloadEvent[]> {
  await s.visible(p, id);
  return s.store.listEvents(id);
}

export async function explainWorkload(s: ControlState, p: Principal, id: string): Promise<Explanation> {
  const rec = await s.visible(p, id);
  const w = isService(rec) ? null : s.parse(rec); // a service's placements are its groups' (explain each)
  let chosen: Explanation['chosen'] = null;
  if (rec.placement) {
    const events = await s.store.listEvents(id);
    const placed = [...events]
      .reverse()
      .find((e) => e.cause.code === 'control.placed' || e.cause.code === 'control.migrated');
    if (placed) {
      const cost = placed.cause.params?.effectiveCostUsd;
      chosen = {
        ...placed.cause,
        ...(typeof cost === 'number' ? { effectiveCostCents: Math.round(cost * 100) } : {}),
      };
    }
  }
  let live = s.lastRejections.get(id);
  if (!live && w && !isFinal(rec.state)) live = s.decide(rec, w, s.clock.now()).rejections;
  const staticOnes: Cause[] = w
    ? s.world.staticRejections(w).map((r) => ({ code: r.code, source: r.source, params: { pools: r.pools } }))
    : [];
  return {
    workloadId: id,
    state: rec.state,
    chosen,
    rejections: [...(live ?? []), ...staticOnes],
    waitingFor: rec.waitingFor,
  };
}

export async function workloadLogs(s: ControlState, p: Principal, id: string, tailLines: number): Promise<string> {
  const rec = await s.visible(p, id);
  if (isService(rec)) return serviceLogs(s, rec, tailLines);
  return launchLogs(s, rec, tailLines);
}

async function launchLogs(s: ControlState, rec: WorkloadRecord, tailLines: number): Promise<string> {
  const launchId = rec.placement?.launchId;
  const provider = rec.placement ? s.providers.get(rec.placement.provider) : undefined;
  if (!launchId || !provider) throw new ControlError('control.not-launched', 409, { id: rec.id, state: rec.state });
  try {
    return await provider.logs(launchId, tailLines);
  } catch (e) {
    throw new ControlError('control.provider-error', 502, {
      provider: provider.name,
      code: e instanceof ProviderError ? e.code : 'provider.unreachable',
    });
  }
}

/** A service's logs: each launched group's, under a `== <group id> ==` line; 409 when none is launched. */
async function serviceLogs(s: ControlState, rec: WorkloadRecord, tailLines: number): Promise<string> {
  const parts: string[] = [];
  for (const g of await groupsOf(s, rec)) {
    if (!g.placement?.launchId || isFinal(g.state)) continue;
    parts.push(`== ${g.id} ==\n${await launchLogs(s, g, tailLines)}`);
  }
  if (parts.length === 0) throw new ControlError('control.not-launched', 409, { id: rec.id, state: rec.state });
  return parts.join('\n');
}

export async function fleetStatus(s: ControlState, p: Principal): Promise<FleetStatus> {
  const team = p.admin && p.team === null ? undefined : (p.team ?? '\u0000none');
  const rows = await s.store.listWorkloads(team !== undefined ? { team } : {});
  const byState: Record<string, number> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
  const now = s.clock.now();
  return {
    providers: [...s.health.values()].map((h) => ({
      name: h.name,
      up: h.up,
      lastSeen: h.lastSeen,
      cause: h.cause,
    })),
    workloadsByState: byState,
    blocklist: activeEntries(s.blocklist, now),
  };
}
