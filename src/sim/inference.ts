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
import { repackService } from './inference-repack.js';
import type { RunState } from './run-state.js';
import type { ReplicaSlot, ServiceState } from './state/services.js';
import { HOUR_MS } from './world.js';

/** Accrues service sv's demand and service up to now. */
export function integrate(r: RunState, sv: ServiceState): void {
  const now = r.clock.now;
  const dt = (now - sv.t) / HOUR_MS;
  if (dt > 0) {
    sv.demandUH += sv.demandNow * dt;
    sv.servedUH += Math.min(sv.serving, sv.demandNow) * dt;
    if (sv.survive >= 0) sv.spreadBreachUH += spreadBreach(sv) * dt;
  }
  sv.t = now;
}

/** H100 units service sv serves now beyond what its providers' units within the survivability cap cover: 0 when
 * the risk policy's spread holds now (the offline bound's spread rows are valid for runs where it is always 0). */
function spreadBreach(sv: ServiceState): number {
  const D = sv.demandNow;
  const cap = Math.max(0, maxUnitsPerProvider(D, sv.survive, SPREAD_EPS));
  return Math.max(0, Math.min(sv.serving, D) - covered(sv.provUnits, cap));
}

/** Service sv runs n replicas on the candidate of `slot` from now (billing the old count, taking or giving capacity). */
export function setReplicas(r: RunState, sv: ServiceState, slot: ReplicaSlot, n: number): void {
  const c = slot.cand;
  const cur = slot.n;
  if (n === cur) return;
  integrate(r, sv);
  const now = r.clock.now;
  if (cur > 0) {
    sv.billed(bill(r, c.pool, cur * c.gpus, slot.segStart, now, sv.spec.workload));
    r.capacity.give(c.pool, cur * c.gpus, now);
  }
  slot.n = n;
  slot.segStart = now;
  sv.serving += (n - cur) * c.rel;
  const p = r.poolProv[c.pool]!;
  sv.provReps[p]! += n - cur;
  sv.provUnits[p]! += (n - cur) * c.rel;
  if (n > 0) {
    r.capacity.take(c.pool, n * c.gpus, now);
    openSeg(r, c.pool, n * c.gpus, now);
  }
}

/** Service sv's demand in simulated hour `hour` (0 outside the service's life), in H100-replica units. */
export function demandAt(r: RunState, sv: ServiceState, hour: number): number {
  const spec = sv.spec;
  const shape = r.input.demandShape;
  const now = r.clock.now;
  if (now < spec.start || now >= spec.end) return 0;
  return spec.units * (shape?.length ? shape[hour % shape.length]! : 1);
}

/** Matches service sv's replicas to its demand now. */
export function adjustService(r: RunState, sv: ServiceState): void {
  integrate(r, sv);
  if (sv.spread) {
    const D = sv.demandNow;
    const f = sv.survive;
    const cap = f < 0 ? Infinity : Math.max(0, maxUnitsPerProvider(D, f, SPREAD_EPS)); // engine/spread.ts, as the planner
    const need = Math.min(sv.minProviders, Math.ceil(D - SPREAD_EPS));
    shedSpread(r, sv, cap, need);
    addSpread(r, sv, cap, need);
    addReplicas(r, sv); // availability first: what the spread could not place goes wherever there is room
    shedSpread(r, sv, cap, need); // replicas the spread made redundant (above a cap, beyond demand)
    if (r.policy.repack) repackService(r, sv, cap, need);
    return;
  }
  shedReplicas(r, sv);
  addReplicas(r, sv);
  if (r.policy.repack) repackService(r, sv, Infinity, 0);
}

/** Providers holding some replica (reps: per provider index). */
export function providersUsed(reps: Float64Array): number {
  let n = 0;
  for (const x of reps) if (x > 0) n++;
  return n;
}

/** Units that count toward demand under the spread: each provider's, up to the cap. */
function covered(units: Float64Array, cap: number): number {
  let u = 0;
  for (const x of units) u += Math.min(x, cap);
  return u;
}

/** The slot of the cheapest spread-keeping candidate for one more replica of sv (right of first refusal tried first),
 * undefined if none. */
function chooseSpread(r: RunState, sv: ServiceState, cap: number, newOnly: boolean): ReplicaSlot | undefined {
  const scan = r.scan;
  const rofr = scan.rofrOf(sv.spec.workload.class);
  const { cands, provReps: reps, provUnits: units } = sv;
  let k = rofr ? scan.chooseForSpreadReplica(cands, rofr, reps, units, cap, newOnly) : -1;
  if (k < 0) k = scan.chooseForSpreadReplica(cands, undefined, reps, units, cap, newOnly);
  return sv.slot(k);
}

/** Steps 1–2 of the spread (module comment). */
function addSpread(r: RunState, sv: ServiceState, cap: number, need: number): void {
  const { cands, provReps, provUnits } = sv;
  const D = sv.demandNow;
  if (D <= SPREAD_EPS) return;
  let total = 0;
  for (const x of provReps) total += x;
  // 1: a replica on each of `need` providers — while demand is not met, or to re-spread replicas already held.
  for (let used = providersUsed(provReps); used < need && (sv.serving < D - SPREAD_EPS || total >= need); used++) {
    const slot = chooseSpread(r, sv, cap, true);
    if (!slot) break;
    setReplicas(r, sv, slot, slot.n + 1);
    total++;
  }
  // 2: fill within the cap.
  for (let guard = 0; guard < 4 * cands.length + 4; guard++) {
    const short = D - covered(provUnits, cap);
    if (short <= SPREAD_EPS) break;
    const slot = chooseSpread(r, sv, cap, false);
    if (!slot) break;
    const c = slot.cand;
    const want = Math.ceil(short / c.rel - SPREAD_EPS);
    const fit = Math.floor(r.capacity.free(c.pool) / c.gpus);
    const room = Math.floor((cap - provUnits[r.poolProv[c.pool]!]!) / c.rel + SPREAD_EPS);
    const add = Math.min(want, fit, room, Math.max(1, Math.ceil(want / 4))); // chunks, as addReplicas
    if (add <= 0) break;
    setReplicas(r, sv, slot, slot.n + add);
  }
}

/** Step 4 of the spread (module comment): sheds beyond demand, units above a provider's cap first. */
function shedSpread(r: RunState, sv: ServiceState, cap: number, need: number): void {
  const { slots, provReps, provUnits } = sv;
  const D = sv.demandNow;
  for (let guard = 0; guard < 2 * slots.length + 2 && sv.serving > D + 1e-9; guard++) {
    const keep = providersUsed(provReps) <= need;
    let best: ReplicaSlot | undefined,
      bestDrop = 0,
      bestOver = false,
      bestCost = -Infinity;
    for (const slot of slots) {
      const held = slot.n;
      if (held <= 0) continue;
      const c = slot.cand;
      const p = r.poolProv[c.pool]!;
      let drop = Math.min(held, Math.floor((sv.serving - D) / c.rel + 1e-9));
      if (keep) drop = Math.min(drop, provReps[p]! - 1); // never empty a provider the spread needs
      const over = provUnits[p]! > cap + SPREAD_EPS;
      if (over) drop = Math.min(drop, Math.ceil((provUnits[p]! - cap) / c.rel - SPREAD_EPS));
      if (drop <= 0 || (bestOver && !over)) continue;
      const cost = r.policy.cost(r.view, c, 1, REPLICA) / c.rel;
      if (!best || (over && !bestOver) || cost > bestCost) {
        best = slot;
        bestDrop = drop;
        bestOver = over;
        bestCost = cost;
      }
    }
    if (!best) break;
    setReplicas(r, sv, best, best.n - bestDrop);
  }
}

/** The held replica slot of service sv dearest per H100 unit at the policy's own price (the first on ties), with that
 * price; undefined when it holds none. */
export function dearestSlot(r: RunState, sv: ServiceState): { slot: ReplicaSlot; cost: number } | undefined {
  let worst: ReplicaSlot | undefined;
  let worstCost = -Infinity;
  for (const slot of sv.slots) {
    if (slot.n <= 0) continue;
    const c = slot.cand;
    const cost = r.policy.cost(r.view, c, 1, REPLICA) / c.rel;
    if (cost > worstCost || !worst) {
      worstCost = cost;
      worst = slot;
    }
  }
  return worst && { slot: worst, cost: worstCost };
}

/** Sheds the dearest replicas while the rest still cover demand. */
function shedReplicas(r: RunState, sv: ServiceState): void {
  const { slots } = sv;
  const D = sv.demandNow;
  for (let guard = 0; guard < slots.length && sv.serving > D + 1e-9; guard++) {
    const worst = dearestSlot(r, sv)?.slot;
    if (!worst) break;
    const c = worst.cand;
    const drop = Math.min(worst.n, Math.floor((sv.serving - D) / c.rel + 1e-9));
    if (drop <= 0) break;
    setReplicas(r, sv, worst, worst.n - drop);
  }
}

/** Adds replicas where the policy finds them cheapest per unit, in batches (right of first refusal tried first). */
function addReplicas(r: RunState, sv: ServiceState): void {
  const { cands } = sv;
  const D = sv.demandNow;
  const scan = r.scan;
  const rofr = scan.rofrOf(sv.spec.workload.class);
  for (let guard = 0; guard < 4 * cands.length + 4 && sv.serving < D - 1e-9; guard++) {
    let k = rofr ? scan.chooseForReplica(cands, rofr) : -1;
    if (k < 0) k = scan.chooseForReplica(cands);
    const slot = sv.slot(k);
    if (!slot) break;
    const c = slot.cand;
    const want = Math.ceil((D - sv.serving) / c.rel - 1e-9);
    const fit = Math.floor(r.capacity.free(c.pool) / c.gpus);
    // A committed pool is free only up to its gap: add in chunks so the ranking sees the gap shrink.
    const chunk = Math.max(1, Math.ceil(want / 4));
    const add = Math.min(want, fit, chunk);
    if (add <= 0) break;
    setReplicas(r, sv, slot, slot.n + add);
  }
}
