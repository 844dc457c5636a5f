/**
 * Inference in the simulator: each service × geography holds whole replicas on its candidate pools. Each hour the
 * policy sheds the dearest replicas while the rest still cover demand, then adds replicas where it finds them
 * cheapest per unit of demand. Demand and service are integrated over time (H100-replica unit-hours) for the result.
 */
import { bill, openSeg } from './billing.js';
import { REPLICA } from './candidate-scan.js';
import type { RunState } from './run-state.js';
import { HOUR_MS } from './world.js';

/** Accrues service s's demand and service up to now. */
export function integrate(r: RunState, s: number): void {
  const dt = (r.now - r.svcT[s]!) / HOUR_MS;
  if (dt > 0) {
    r.svcDemandUH[s]! += r.demandNow[s]! * dt;
    r.svcServedUH[s]! += Math.min(r.serving[s]!, r.demandNow[s]!) * dt;
  }
  r.svcT[s] = r.now;
}

/** Service s runs n replicas on its candidate k from now (billing the old count, taking or giving capacity). */
export function setReplicas(r: RunState, s: number, k: number, n: number): void {
  const c = r.svcCands[s]![k]!;
  const cur = r.replicas[s]![k]!;
  if (n === cur) return;
  integrate(r, s);
  if (cur > 0) { r.svcUsageCents[s]! += bill(r, c.pool, cur * c.gpus, r.repSeg[s]![k]!, r.now); r.give(c.pool, cur * c.gpus); }
  r.replicas[s]![k] = n;
  r.repSeg[s]![k] = r.now;
  r.serving[s]! += (n - cur) * c.rel;
  if (n > 0) { r.take(c.pool, n * c.gpus); openSeg(r, c.pool, n * c.gpus, r.now); }
}

/** Service s's demand in simulated hour `hour` (0 outside the service's life), in H100-replica units. */
export function demandAt(r: RunState, s: number, hour: number): number {
  const svc = r.services[s]!;
  const shape = r.input.demandShape;
  if (r.now < svc.start || r.now >= svc.end) return 0;
  return svc.units * (shape && shape.length ? shape[hour % shape.length]! : 1);
}

/** Matches service s's replicas to its demand now. */
export function adjustService(r: RunState, s: number): void {
  integrate(r, s);
  shedReplicas(r, s);
  addReplicas(r, s);
}

/** Sheds the dearest replicas while the rest still cover demand. */
function shedReplicas(r: RunState, s: number): void {
  const cands = r.svcCands[s]!;
  const D = r.demandNow[s]!;
  const reps = r.replicas[s]!;
  const serving = r.serving;
  for (let guard = 0; guard < cands.length && serving[s]! > D + 1e-9; guard++) {
    let worst = -1;
    let worstCost = -Infinity;
    for (let k = 0; k < cands.length; k++) {
      if (reps[k]! <= 0) continue;
      const cost = r.policy.cost(r.view, cands[k]!, 1, REPLICA) / cands[k]!.rel;
      if (cost > worstCost || worst < 0) { worstCost = cost; worst = k; }
    }
    if (worst < 0) break;
    const c = cands[worst]!;
    const drop = Math.min(reps[worst]!, Math.floor((serving[s]! - D) / c.rel + 1e-9));
    if (drop <= 0) break;
    setReplicas(r, s, worst, reps[worst]! - drop);
  }
}

/** Adds replicas where the policy finds them cheapest per unit, in batches (right of first refusal tried first). */
function addReplicas(r: RunState, s: number): void {
  const cands = r.svcCands[s]!;
  const D = r.demandNow[s]!;
  const reps = r.replicas[s]!;
  const serving = r.serving;
  const scan = r.scan;
  const rofr = scan.rofrOf(r.services[s]!.workload.class);
  for (let guard = 0; guard < 4 * cands.length + 4 && serving[s]! < D - 1e-9; guard++) {
    let k = rofr ? scan.chooseForReplica(cands, rofr) : -1;
    if (k < 0) k = scan.chooseForReplica(cands);
    if (k < 0) break;
    const c = cands[k]!;
    const want = Math.ceil((D - serving[s]!) / c.rel - 1e-9);
    const fit = Math.floor(r.free(c.pool) / c.gpus);
    // A committed pool is free only up to its gap: add in chunks so the ranking sees the gap shrink.
    const chunk = Math.max(1, Math.ceil(want / 4));
    const add = Math.min(want, fit, chunk);
    if (add <= 0) break;
    setReplicas(r, s, k, reps[k]! + add);
  }
}
