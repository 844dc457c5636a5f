/**
 * A policy that prices like `base` plus a steering term: the plan replay (lp-plan.ts) and foresight of outages
 * (hindsight.ts) both add to the base's cost and keep the rest of the base (clauses, blocklist, spread, preempt,
 * repack; `migrate` is not carried over).
 */
import type { Placement, PolicyView, SimPolicy } from '../policy.js';
import type { Candidate, World } from '../world.js';

/** What a steering adds to the base's finite cost: >= 0 (Infinity = never), so the base's floor still bounds the
 * cost from below. */
export type Steering = (view: PolicyView, c: Candidate, hours: number, p: Placement) => number;

/** `base` named `${base.name}+${suffix}`, its cost plus `steer` wherever the base's cost is finite. */
export function steeredPolicy(base: SimPolicy, suffix: string, steer: Steering): SimPolicy {
  const { floor } = base;
  return {
    name: `${base.name}+${suffix}`,
    clauses: base.clauses,
    blocklist: base.blocklist,
    ...(base.spread !== undefined ? { spread: base.spread } : {}),
    ...(base.preempt !== undefined ? { preempt: base.preempt } : {}),
    ...(base.repack !== undefined ? { repack: base.repack } : {}),
    cost: (view, c, hours, p) => {
      const k = base.cost(view, c, hours, p);
      return k === Infinity ? k : k + steer(view, c, hours, p);
    },
    ...(floor ? { floor: (w: World, c: Candidate, bucket: number) => floor.call(base, w, c, bucket) } : {}),
  };
}
