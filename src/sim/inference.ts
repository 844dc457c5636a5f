/**
 * Inference in the simulator: each service × geography holds whole replicas on its candidate pools. Each hour the
 * policy sheds the dearest replicas while the rest still cover demand, then adds replicas where it finds them
 * cheapest per unit of demand. Demand and service are integrated over time (H100-replica unit-hours) for the result.
 *
 * Spread (policies with `spread`, services with minProviders > 1 or under a survivability rule), as the planner
 * places an inference item (engine/solvers/greedy.ts placeItem, engine/compile.ts maxUnitsPerProvider), with D the
 * demand now in H100 units and cap = D − ceil(D × fraction) under a survivability rule (∞ without one):
 *   1. one replica on each of min(minProviders, ceil(D)) providers, a new provider each time (cheapest first);
 *   2. fill up to demand where the policy finds it cheapest, never taking a provider's units above cap;
 *   3. availability first: what 1–2 could not place (no room elsewhere) goes wherever there is room, over the cap;
 *   4. shed beyond demand: units above a provider's cap first, then the dearest; never emptying a provider while
 *      that would leave fewer than min(minProviders, ceil(D)) providers.
 * Steps 1–2 count only the units within each provider's cap as covering demand, so a service pushed onto one
 * provider by an outage is spread again (new replicas elsewhere, then the excess shed) once capacity returns.
 */
import { maxUnitsPerProvider } from '../engine/spread.js';
import { bill, openSeg } from './billing.js';
import { REPLICA, SPREAD_EPS } from './candidate-scan.js';
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
  if (cur > 0) {
    r.svcUsageCents[s]! += bill(r, c.pool, cur * c.gpus, r.repSeg[s]![k]!, r.now);
    r.give(c.pool, cur * c.gpus);
  }
  r.replicas[s]![k] = n;
  r.repSeg[s]![k] = r.now;
  r.serving[s]! += (n - cur) * c.rel;
  const p = r.poolProv[c.pool]!;
  r.svcProvReps[s]![p]! += n - cur;
  r.svcProvUnits[s]![p]! += (n - cur) * c.rel;
  if (n > 0) {
    r.take(c.pool, n * c.gpus);
    openSeg(r, c.pool, n * c.gpus, r.now);
  }
}

/** Service s's demand in simulated hour `hour` (0 outside the service's life), in H100-replica units. */
export function demandAt(r: RunState, s: number, hour: number): number {
  const svc = r.services[s]!;
  const shape = r.input.demandShape;
  if (r.now < svc.start || r.now >= svc.end) return 0;
  return svc.units * (shape?.length ? shape[hour % shape.length]! : 1);
}

/** Matches service s's replicas to its demand now. */
export function adjustService(r: RunState, s: number): void {
  integrate(r, s);
  if (r.svcSpread[s]) {
    const D = r.demandNow[s]!;
    const f = r.svcSurvive[s]!;
    const cap = f < 0 ? Infinity : Math.max(0, maxUnitsPerProvider(D, f, SPREAD_EPS)); // engine/spread.ts, as the planner
    const need = Math.min(r.svcMinProv[s]!, Math.ceil(D - SPREAD_EPS));
    shedSpread(r, s, cap, need);
    addSpread(r, s, cap, need);
    addReplicas(r, s); // availability first: what the spread could not place goes wherever there is room
    shedSpread(r, s, cap, need); // replicas the spread made redundant (above a cap, beyond demand)
    return;
  }
  shedReplicas(r, s);
  addReplicas(r, s);
}

/** Providers holding some replica (reps: per provider index). */
function providersUsed(reps: Float64Array): number {
  let n = 0;
  for (let p = 0; p < reps.length; p++) if (reps[p]! > 0) n++;
  return n;
}

/** Units that count toward demand under the spread: each provider's, up to the cap. */
function covered(units: Float64Array, cap: number): number {
  let u = 0;
  for (let p = 0; p < units.length; p++) u += Math.min(units[p]!, cap);
  return u;
}

/** The cheapest spread-keeping candidate for one more replica of s (right of first refusal tried first), -1 if none. */
function chooseSpread(r: RunState, s: number, cap: number, newOnly: boolean): number {
  const cands = r.svcCands[s]!;
  const scan = r.scan;
  const rofr = scan.rofrOf(r.services[s]!.workload.class);
  const reps = r.svcProvReps[s]!,
    units = r.svcProvUnits[s]!;
  let k = rofr ? scan.chooseForSpreadReplica(cands, rofr, reps, units, cap, newOnly) : -1;
  if (k < 0) k = scan.chooseForSpreadReplica(cands, undefined, reps, units, cap, newOnly);
  return k;
}

/** Steps 1–2 of the spread (module comment). */
function addSpread(r: RunState, s: number, cap: number, need: number): void {
  const cands = r.svcCands[s]!;
  const D = r.demandNow[s]!;
  if (D <= SPREAD_EPS) return;
  const reps = r.replicas[s]!;
  const provReps = r.svcProvReps[s]!,
    provUnits = r.svcProvUnits[s]!;
  let total = 0;
  for (let p = 0; p < provReps.length; p++) total += provReps[p]!;
  // 1: a replica on each of `need` providers — while demand is not met, or to re-spread replicas already held.
  for (let used = providersUsed(provReps); used < need && (r.serving[s]! < D - SPREAD_EPS || total >= need); used++) {
    const k = chooseSpread(r, s, cap, true);
    if (k < 0) break;
    setReplicas(r, s, k, reps[k]! + 1);
    total++;
  }
  // 2: fill within the cap.
  for (let guard = 0; guard < 4 * cands.length + 4; guard++) {
    const short = D - covered(provUnits, cap);
    if (short <= SPREAD_EPS) break;
    const k = chooseSpread(r, s, cap, false);
    if (k < 0) break;
    const c = cands[k]!;
    const want = Math.ceil(short / c.rel - SPREAD_EPS);
    const fit = Math.floor(r.free(c.pool) / c.gpus);
    const room = Math.floor((cap - provUnits[r.poolProv[c.pool]!]!) / c.rel + SPREAD_EPS);
    const add = Math.min(want, fit, room, Math.max(1, Math.ceil(want / 4))); // chunks, as addReplicas
    if (add <= 0) break;
    setReplicas(r, s, k, reps[k]! + add);
  }
}

/** Step 4 of the spread (module comment): sheds beyond demand, units above a provider's cap first. */
function shedSpread(r: RunState, s: number, cap: number, need: number): void {
  const cands = r.svcCands[s]!;
  const D = r.demandNow[s]!;
  const reps = r.replicas[s]!;
  const provReps = r.svcProvReps[s]!,
    provUnits = r.svcProvUnits[s]!;
  for (let guard = 0; guard < 2 * cands.length + 2 && r.serving[s]! > D + 1e-9; guard++) {
    const keep = providersUsed(provReps) <= need;
    let best = -1,
      bestDrop = 0,
      bestOver = false,
      bestCost = -Infinity;
    for (let k = 0; k < cands.length; k++) {
      if (reps[k]! <= 0) continue;
      const c = cands[k]!;
      const p = r.poolProv[c.pool]!;
      let drop = Math.min(reps[k]!, Math.floor((r.serving[s]! - D) / c.rel + 1e-9));
      if (keep) drop = Math.min(drop, provReps[p]! - 1); // never empty a provider the spread needs
      const over = provUnits[p]! > cap + SPREAD_EPS;
      if (over) drop = Math.min(drop, Math.ceil((provUnits[p]! - cap) / c.rel - SPREAD_EPS));
      if (drop <= 0 || (bestOver && !over)) continue;
      const cost = r.policy.cost(r.view, c, 1, REPLICA) / c.rel;
      if (best < 0 || (over && !bestOver) || cost > bestCost) {
        best = k;
        bestDrop = drop;
        bestOver = over;
        bestCost = cost;
      }
    }
    if (best < 0) break;
    setReplicas(r, s, best, reps[best]! - bestDrop);
  }
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
      if (cost > worstCost || worst < 0) {
        worstCost = cost;
        worst = k;
      }
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
