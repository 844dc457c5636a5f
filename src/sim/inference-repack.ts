/**
 * Re-packing inference replicas (policies with `repack`), at every hourly tick after the service is matched to its
 * demand: placements otherwise never move, so a replica that landed on a dear pool (the only room at the time, or
 * the second provider a spread needs) would stay there while a cheaper pool frees up. One replica at a time, the
 * dearest held replica (per H100 unit, the policy's own price) moves to the cheapest candidate with room that keeps
 * the spread (scan.chooseForSpreadReplica: a provider's units within the cap), when the move pays for its warm-up
 * (engine/effective-cost.ts `replicaMoveSaving`: the new replica billed INFERENCE_REPLACEMENT_HOURS beside the old
 * one). A move never leaves demand less covered (the new replicas serve at least the units of the old one) and
 * never empties a provider the spread needs.
 */
import { INFERENCE_REPLACEMENT_HOURS, replicaMoveSaving } from '../engine/effective-cost.js';
import { REPLICA, SPREAD_EPS } from './candidate-scan.js';
import { dearestSlot, providersUsed, setReplicas } from './inference.js';
import type { RunState } from './run-state.js';
import type { ServiceState } from './state/services.js';

/** Most replica moves per service per tick. */
export const MAX_MOVES_PER_TICK = 8;

/** Moves service sv's dearest replicas to cheaper pools while that pays (module comment); `cap` and `need` are the
 * spread's (Infinity and 0 without a spread). */
export function repackService(r: RunState, sv: ServiceState, cap: number, need: number): void {
  const { cands, provReps, provUnits } = sv;
  for (let move = 0; move < MAX_MOVES_PER_TICK; move++) {
    const dearest = dearestSlot(r, sv);
    if (!dearest) return;
    const { slot: worst, cost: worstCost } = dearest;
    const wp = r.poolProv[worst.cand.pool] ?? -1;
    if (provReps[wp] === 1 && providersUsed(provReps) <= need) return; // the spread needs that provider
    const k = r.scan.chooseForSpreadReplica(cands, undefined, provReps, provUnits, cap, false);
    const to = sv.slot(k);
    if (!to || to === worst) return;
    const c = to.cand;
    const toCost = r.policy.cost(r.view, c, 1, REPLICA) / c.rel;
    if (!(replicaMoveSaving(worstCost, toCost, INFERENCE_REPLACEMENT_HOURS) > 0)) return;
    const add = Math.ceil(worst.cand.rel / c.rel - SPREAD_EPS);
    if (Math.floor(r.capacity.free(c.pool) / c.gpus) < add) return;
    setReplicas(r, sv, to, to.n + add);
    setReplicas(r, sv, worst, worst.n - 1);
  }
}
