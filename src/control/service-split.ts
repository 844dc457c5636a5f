/**
 * An inference service as replica groups (docs/control-plane.md, "Services as replica groups"). The control plane
 * places each group as one workload of its own — one offering of one provider — so a service whose demand spans
 * geographies, asks for several providers or falls under a survivability rule is split here, with the planner's own
 * definitions (never a second copy):
 *
 *   - one item per geography, its replicas there (engine/compile/items.ts `itemSpecs`, as the planner's items stage);
 *   - per geography, the spread cap under the risk policy's survivability rule covering the service's priority
 *     (engine/spread.ts `survivalRuleOf`, `maxUnitsPerProvider`);
 *   - per geography, n = max(min(minProviders, ⌈units⌉), ⌈units / cap⌉) groups of near-equal size (each ≤ cap),
 *     every two groups of one geography on different providers (evaluate.ts rejects a sibling's provider): so no
 *     provider holds more than the cap, and the geography is served by at least min(minProviders, ⌈units⌉) providers.
 *
 * A cap below one replica (one replica under a 50% rule) cannot be met by whole replicas: the planner leaves such an
 * item unplaced; the control plane serves it, one replica per provider, as spread as whole replicas allow.
 * Pure.
 */
import type { InferenceWorkload, Policy } from '../core/types.js';
import { itemSpecs } from '../engine/compile/items.js';
import { maxUnitsPerProvider, survivalRuleOf } from '../engine/spread.js';
import type { WorkloadSpec, WorkloadState } from './records.js';
import { TRANSITIONS } from './state-machine.js';

/** Whether a record is a service placed as replica groups (it is never evaluated nor launched itself). */
export const isService = (rec: { readonly spec: WorkloadSpec }): boolean => (rec.spec.replicaGroups ?? 0) > 0;

export interface ReplicaGroupShape {
  /** 0-based, in geography order, then within a geography. */
  readonly index: number;
  readonly geo: string;
  /** H100 replicas of demand this group serves (the item's units). */
  readonly replicas: number;
  /** Indexes of the other groups of the same geography: never on the same provider. */
  readonly siblings: readonly number[];
  /** The spread cap of its geography (units one provider may hold), or null without a survivability rule. */
  readonly maxUnitsPerProvider: number | null;
}

/** The replica groups of service `w` under `policy`: one group when nothing asks for a split (kept whole). */
export function splitService(w: InferenceWorkload, policy: Policy): ReplicaGroupShape[] {
  const rule = survivalRuleOf(policy, w.priority);
  const out: ReplicaGroupShape[] = [];
  for (const spec of itemSpecs(w)) {
    const units = spec.units;
    const cap = rule ? maxUnitsPerProvider(units, rule.fraction) : null;
    const perGroup = cap === null ? units : Math.max(cap, 1);
    const n = Math.max(1, Math.min(w.minProviders, Math.ceil(units)), Math.ceil(units / perGroup));
    const first = out.length;
    const indexes = Array.from({ length: n }, (_, k) => first + k);
    for (const [k, size] of sizes(units, n).entries())
      out.push({
        index: first + k,
        geo: spec.geo ?? '',
        replicas: size,
        siblings: indexes.filter((i) => i !== first + k),
        maxUnitsPerProvider: cap,
      });
  }
  return out;
}

/** `units` in `n` near-equal parts: whole replicas when `units` is whole (the first parts one larger), else equal. */
function sizes(units: number, n: number): number[] {
  if (!Number.isInteger(units)) return Array.from({ length: n }, () => units / n);
  const base = Math.floor(units / n);
  return Array.from({ length: n }, (_, k) => base + (k < units % n ? 1 : 0));
}

/** A service's state from its groups' (docs/control-plane.md): every group final → cancelled if one was, else
 * failed if one failed, else succeeded; otherwise, over the groups not final: running when every one runs,
 * provisioning when every one is launched, placed when every one is placed or launched, else admitted. */
export function serviceState(groups: readonly WorkloadState[]): WorkloadState {
  const live = groups.filter((g) => !FINAL.has(g));
  if (live.length === 0) {
    if (groups.includes('cancelled')) return 'cancelled';
    return groups.includes('failed') ? 'failed' : 'succeeded';
  }
  if (live.every((g) => g === 'running')) return 'running';
  if (live.every((g) => g === 'running' || g === 'provisioning')) return 'provisioning';
  if (live.every((g) => g === 'running' || g === 'provisioning' || g === 'placed')) return 'placed';
  return 'admitted';
}

const FINAL: ReadonlySet<WorkloadState> = new Set(['succeeded', 'failed', 'cancelled']);
/** The states a service passes through on its way to another: never preempted, lost or held (its groups are). */
const VIA: ReadonlySet<WorkloadState> = new Set(['placed', 'provisioning', 'running']);

/** The shortest chain of allowed transitions (state-machine.ts) from `from` to `to`, passing only through placed,
 * provisioning and running: the states after `from`, `to` last; [] when equal; undefined when there is none. */
export function pathTo(from: WorkloadState, to: WorkloadState): WorkloadState[] | undefined {
  if (from === to) return [];
  const prev = new Map<WorkloadState, WorkloadState>();
  const queue: WorkloadState[] = [from];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i] as WorkloadState;
    for (const next of TRANSITIONS[at]) {
      if (next === from || prev.has(next)) continue;
      prev.set(next, at);
      if (next === to) {
        const path: WorkloadState[] = [to];
        for (let s = at; s !== from; s = prev.get(s) as WorkloadState) path.unshift(s);
        return path;
      }
      if (VIA.has(next)) queue.push(next);
    }
  }
  return undefined;
}
