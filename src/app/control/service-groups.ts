/**
 * Services as replica groups (docs/control-plane.md): an inference service that service-split.ts splits stays ONE
 * workload to its team — the record it submitted, which holds no placement of its own — and the control plane creates
 * its groups `<id>.g<k>`, each a normal workload of the same team (its geography's share of the demand, minProviders
 * 1), placed, launched, followed, requeued and re-placed by the normal path, independently. Evaluations keep a group
 * off the providers its same-geography siblings hold (evaluate.ts, `control.spread`); the service's state follows its
 * groups' (service-split.ts `serviceState`) through allowed transitions of the state machine. Runs under the lock.
 */
import type { InferenceWorkload, Workload } from '../../core/types.js';
import type { NewWorkload } from '../../control/ports.js';
import type { Cause, WorkloadRecord, WorkloadSpec, WorkloadState } from '../../control/records.js';
import { isService, pathTo, type ReplicaGroupShape, serviceState, splitService } from '../../control/service-split.js';
import { isFinal } from '../../control/state-machine.js';
import { survivalRuleOf } from '../../engine/spread.js';
import { admissionSteps } from './admission.js';
import type { ControlState } from './control-state.js';
import { apply } from './plan-applier.js';

export const groupId = (service: string, index: number): string => `${service}.g${index}`;

/** The replica groups `w` is split into, or undefined when it stays one workload (not a service, or one group). */
export function shapesOf(s: ControlState, w: Workload): ReplicaGroupShape[] | undefined {
  if (w.kind !== 'inference') return undefined;
  const shapes = splitService(w, s.scenario.snapshot.policy);
  return shapes.length > 1 ? shapes : undefined;
}

/** The workload of one group as the engine reads it: the service's, its geography's share of the demand. */
export function groupWorkload(w: InferenceWorkload, shape: ReplicaGroupShape): InferenceWorkload {
  return { ...w, demand: [{ geo: shape.geo, replicas: shape.replicas }], minProviders: 1 };
}

/** A submitted spec as stored: what only the control plane sets removed, the group count added for a service. */
export function storedSpec(spec: WorkloadSpec, shapes: readonly ReplicaGroupShape[] | undefined): WorkloadSpec {
  const { replicaGroups: _n, group: _g, ...own } = spec;
  return shapes ? { ...own, replicaGroups: shapes.length } : own;
}

function groupSpec(service: WorkloadRecord, shape: ReplicaGroupShape): WorkloadSpec {
  const { replicaGroups: _n, ...spec } = service.spec;
  return {
    ...spec,
    workload: { ...service.spec.workload, demand: { [shape.geo]: shape.replicas }, minProviders: 1 },
    group: {
      service: service.id,
      index: shape.index,
      geo: shape.geo,
      siblings: shape.siblings.map((i) => groupId(service.id, i)),
    },
  };
}

/** The groups of a service as the store holds them now, in index order (those not created yet left out). */
export async function groupsOf(s: ControlState, service: WorkloadRecord): Promise<WorkloadRecord[]> {
  const out: WorkloadRecord[] = [];
  for (let k = 0; k < (service.spec.replicaGroups ?? 0); k++) {
    const g = await s.store.getWorkload(groupId(service.id, k));
    if (g) out.push(g);
  }
  return out;
}

/**
 * Creates the groups of every admitted service among `recs` that has none yet: each admitted (or held) and evaluated
 * as a submission is (admission.ts), all in one store transaction; then the service records the split
 * (`control.split`, admitted again). Answers the services as they are now. A service whose groups exist already (a
 * restart after the groups were written) is only marked as expanded.
 */
export async function expandServices(
  s: ControlState,
  recs: readonly WorkloadRecord[],
  now: number,
): Promise<WorkloadRecord[]> {
  const done: WorkloadRecord[] = [];
  for (const rec of recs) {
    if (!isService(rec) || rec.state !== 'admitted') continue;
    s.services.add(rec.id);
    if (s.expanded.has(rec.id)) continue;
    if (await s.store.getWorkload(groupId(rec.id, 0))) {
      s.expanded.add(rec.id);
      continue;
    }
    const w = s.parse(rec);
    const shapes = w ? shapesOf(s, w) : undefined;
    if (w?.kind !== 'inference' || !shapes) continue;
    const news: NewWorkload[] = [];
    for (const shape of shapes) {
      const id = groupId(rec.id, shape.index);
      const spec = groupSpec(rec, shape);
      const gw = groupWorkload(w, shape);
      s.parsed.set(id, gw);
      const cause: Cause = {
        code: 'control.submitted',
        source: 'control',
        params: { team: rec.team, service: rec.id },
      };
      const stub: WorkloadRecord = {
        id,
        team: rec.team,
        spec,
        state: 'submitted',
        version: 1,
        placement: null,
        checkpoint: null,
        attempt: 0,
        waitingFor: null,
        idempotencyKey: null,
        createdAt: now,
        updatedAt: now,
      };
      const steps = await admissionSteps(s, stub, gw, now);
      news.push({ id, team: rec.team, spec, idempotencyKey: null, at: now, cause, steps });
    }
    try {
      const created = await s.store.createWorkloads(news);
      for (const c of created) s.track(c.workload);
    } catch (e) {
      for (const n of news) {
        s.ledger.remove(n.id);
        s.parsed.delete(n.id);
      }
      throw e;
    }
    s.expanded.add(rec.id);
    const split: Cause = {
      code: 'control.split',
      source: 'control',
      params: {
        groups: shapes.map((g) => ({ id: groupId(rec.id, g.index), geo: g.geo, replicas: g.replicas })),
        minProviders: w.minProviders,
        survivability: splitFraction(s, w) ?? null,
      },
    };
    const res = await apply(s, [
      { id: rec.id, expectedVersion: rec.version, state: 'admitted', waitingFor: split, at: now, cause: split },
    ]);
    done.push(...res.applied);
  }
  return done;
}

const splitFraction = (s: ControlState, w: Workload): number | undefined =>
  survivalRuleOf(s.scenario.snapshot.policy, w.priority)?.fraction;

/** The changes that take service `rec` to the state its groups lead to (service-split.ts `serviceState`), through
 * allowed transitions, each with the cause `control.service-groups`. */
export function followChanges(rec: WorkloadRecord, groups: readonly WorkloadRecord[], now: number) {
  const states = groups.map((g) => g.state);
  const path = pathTo(rec.state, serviceState(states));
  if (!path || path.length === 0) return [];
  const counts: Partial<Record<WorkloadState, number>> = {};
  for (const st of states) counts[st] = (counts[st] ?? 0) + 1;
  const cause: Cause = {
    code: 'control.service-groups',
    source: 'control',
    params: { groups: groups.length, states: counts },
  };
  return path.map((state, i) => ({
    id: rec.id,
    expectedVersion: rec.version + i,
    state,
    waitingFor: state === 'admitted' ? cause : null,
    at: now,
    cause,
  }));
}

/** Every live service (`only`, or those the control plane knows: ControlState.services) follows its groups
 * (followChanges); answers the transitions applied. */
export async function followServices(s: ControlState, now: number, only?: readonly WorkloadRecord[]): Promise<number> {
  const recs: WorkloadRecord[] = [];
  if (only) recs.push(...only);
  else
    for (const id of [...s.services]) {
      const rec = await s.store.getWorkload(id);
      if (rec && !isFinal(rec.state)) recs.push(rec);
      else s.services.delete(id);
    }
  const changes = [];
  for (const rec of recs) {
    if (!isService(rec) || isFinal(rec.state)) continue;
    const groups = await groupsOf(s, rec);
    if (groups.length < (rec.spec.replicaGroups ?? 0)) continue; // not split yet
    changes.push(...followChanges(rec, groups, now));
  }
  const res = await apply(s, changes);
  return res.applied.length;
}

/** The re-optimisation's preferred pools kept only where they keep a group off its same-geography siblings'
 * providers (where they are now, or where an earlier group's kept preference puts them): the planner sees each group
 * alone, and a preference the evaluation would refuse would only requeue placed work for nothing. */
export function spreadPreferences(
  s: ControlState,
  live: readonly WorkloadRecord[],
  prefs: Map<string, string>,
): Map<string, string> {
  const providerOfPool = new Map(s.world.world.pools.map((p) => [p.id, p.provider]));
  const byId = new Map(live.map((r) => [r.id, r]));
  for (const rec of live) {
    const g = rec.spec.group;
    const to = prefs.get(rec.id);
    if (!g || to === undefined) continue;
    const provider = providerOfPool.get(to);
    const clash = g.siblings.some((id) => {
      const sib = byId.get(id);
      const at = sib?.placement?.provider;
      const pref = prefs.get(id);
      return at === provider || (pref !== undefined && providerOfPool.get(pref) === provider);
    });
    if (clash) prefs.delete(rec.id);
  }
  return prefs;
}
