/**
 * Priorities and preemption (policies with SimPolicy.preempt). A priority-1 inference replica or priority-1 job that
 * finds no free room on any of its candidates may stop jobs of a lower priority (a larger priority number) running on
 * one candidate pool or pools sharing a capacity group with it, enough of them to free the GPUs it needs there:
 *
 * - victims on a pool are taken lowest priority first, then least work lost since their last checkpoint, then job
 *   index (so the choice is deterministic); any victim the others already make room without is spared;
 * - among the candidates that victims can make room on, the one losing the least work wins, then the policy's
 *   cheapest, then the first listed; a location that is down is never a target;
 * - each victim stops as an interruption does (the work since its last checkpoint is lost and counted, in
 *   `lostGpuHours` and in `preemptions.lostGpuHours`), the requester takes the room, then each victim is placed
 *   again now if something else is free, or queued, to resume from its checkpoint.
 *
 * Also here: services short of demand are topped up when capacity frees (a completion, a bucket boundary), not only
 * at the hourly tick.
 */
import { adjustService, setReplicas } from './inference.js';
import { REPLICA } from './candidate-scan.js';
import { templateOf } from './inputs.js';
import { enqueue, startRun, stopRun, tryPlace } from './job-lifecycle.js';
import type { RunState } from './run-state.js';
import type { ServiceState } from './state/services.js';
import { HOUR_MS, type Candidate, type World } from './world.js';

/** GPU-hours of work job j (running) would lose if stopped now: the time since its last checkpoint × its GPUs. */
export function lossIfStopped(r: RunState, j: number): number {
  const { runs } = r;
  const elapsedH = Math.max(0, r.clock.now - (runs.runStart[j] ?? r.clock.now)) / HOUR_MS; // 0 while warming up
  const ck = templateOf(r.jobs, j).checkpointEvery;
  const lostH = ck > 0 ? elapsedH - Math.floor(elapsedH / ck) * ck : elapsedH;
  return lostH * (runs.gpus[j] ?? 0);
}

interface Victims {
  readonly jobs: readonly number[];
  readonly lostGpuH: number;
}

/** Per pool: the pools sharing a capacity group with it (itself included), computed once per world. */
const neighbours = new WeakMap<World, Int32Array[]>();
function poolsSharingGroups(r: RunState, pool: number): Int32Array {
  let all = neighbours.get(r.world);
  if (!all) {
    const pools = r.world.pools;
    all = pools.map((p) =>
      Int32Array.from(pools.flatMap((q, k) => (q.groups.some((g) => p.groups.includes(g)) ? [k] : []))),
    );
    neighbours.set(r.world, all);
  }
  return all[pool] ?? Int32Array.of(pool);
}

/**
 * The jobs of priority above `pri` to stop so that `gpus` GPUs fit on pool `pool` (victims may run on any pool
 * sharing one of its capacity groups; each must free room in a group still short); undefined if they cannot.
 */
export function victimsOn(r: RunState, pool: number, gpus: number, pri: number): Victims | undefined {
  const cap = r.capacity;
  if ((cap.locDown[r.world.poolLoc[pool] ?? -1] ?? 0) > 0) return undefined;
  if (cap.free(pool) >= gpus - 1e-9) return { jobs: [], lostGpuH: 0 };
  const { runs, jobs, pools } = r;
  const gs = pools[pool]?.groups ?? [];
  // Per group of the pool (by position in gs): GPUs still to free there.
  const short = gs.map((g) => gpus - ((cap.capNow[g] ?? 0) - (cap.used[g] ?? 0)));
  const isShort = (i: number): boolean => (short[i] ?? 0) > 1e-9;
  const eligible: { j: number; pri: number; lost: number; gpus: number; hits: number[] }[] = [];
  for (const q of poolsSharingGroups(r, pool)) {
    const qGroups = pools[q]?.groups ?? [];
    const hits = gs.flatMap((g, i) => (qGroups.includes(g) ? [i] : []));
    for (const j of runs.running[q] ?? []) {
      const p = templateOf(jobs, j).priority;
      if (p > pri) eligible.push({ j, pri: p, lost: lossIfStopped(r, j), gpus: runs.gpus[j] ?? 0, hits });
    }
  }
  eligible.sort((a, b) => b.pri - a.pri || a.lost - b.lost || a.j - b.j);
  const chosen: (typeof eligible)[number][] = [];
  const stillShort = (): boolean => short.some((_, i) => isShort(i));
  for (const v of eligible) {
    if (!stillShort()) break;
    if (!v.hits.some(isShort)) continue; // frees nothing where room is missing
    chosen.push(v);
    for (const i of v.hits) short[i] = (short[i] ?? 0) - v.gpus;
  }
  if (stillShort()) return undefined;
  // Spare, last chosen first, any victim the others already make room without.
  for (let i = chosen.length - 1; i >= 0; i--) {
    const v = chosen[i];
    if (v && v.hits.every((h) => (short[h] ?? 0) + v.gpus <= 1e-9)) {
      for (const h of v.hits) short[h] = (short[h] ?? 0) + v.gpus;
      chosen.splice(i, 1);
    }
  }
  let lostGpuH = 0;
  for (const v of chosen) lostGpuH += v.lost;
  return { jobs: chosen.map((v) => v.j), lostGpuH };
}

/** The candidate (index) whose victims lose the least work, then the policy's cheapest; undefined if none can. */
function pickTarget(
  r: RunState,
  cands: readonly Candidate[],
  pri: number,
  costOf: (c: Candidate) => number,
): { k: number; victims: Victims } | undefined {
  let best: { k: number; victims: Victims } | undefined;
  let bestCost = Infinity;
  cands.forEach((c, k) => {
    const cost = costOf(c);
    if (cost === Infinity) return;
    const v = victimsOn(r, c.pool, c.gpus, pri);
    if (!v || v.jobs.length === 0) return; // nothing to stop: the ordinary placement already had its chance
    if (!best || v.lostGpuH < best.victims.lostGpuH || (v.lostGpuH === best.victims.lostGpuH && cost < bestCost)) {
      best = { k, victims: v };
      bestCost = cost;
    }
  });
  return best;
}

/** Stops the victims (an interruption each, counted as a priority preemption). */
function stopVictims(r: RunState, victims: Victims): void {
  const stats = r.runs.stats;
  for (const j of victims.jobs) {
    stats.priorityLostGpuH += lossIfStopped(r, j);
    stopRun(r, j, true);
    stats.priority++;
  }
}

/** Places the victims again now where something is free, or queues them. */
function requeue(r: RunState, victims: Victims): void {
  for (const j of victims.jobs) if (!tryPlace(r, j)) enqueue(r, j);
}

/** Job j (not placed: nothing free fits) preempts lower-priority jobs if it may and can; true if it now runs. */
export function preemptForJob(r: RunState, j: number): boolean {
  if (!r.policy.preempt) return false;
  const { jobs, runs } = r;
  const t = templateOf(jobs, j);
  if (t.priority !== 1) return false;
  const cands = r.scan.candsOf(j);
  const remaining = (jobs.work[j] ?? 0) - (runs.done[j] ?? 0);
  const gang = jobs.gpus[j] ?? 1;
  const place = { kind: 'job' as const, checkpointH: t.checkpointEvery, template: jobs.template[j] };
  const target = pickTarget(r, cands, t.priority, (c) => r.policy.cost(r.view, c, remaining / (gang * c.rel), place));
  const c = target && cands[target.k];
  if (!target || !c) return false;
  stopVictims(r, target.victims);
  startRun(r, j, c, remaining);
  requeue(r, target.victims);
  return true;
}

/** Service sv (priority 1, short of demand after the policy placed what fits) preempts lower-priority jobs for its
 * missing replicas, one block at a time. */
export function preemptForService(r: RunState, sv: ServiceState): void {
  if (!r.policy.preempt || sv.spec.workload.priority !== 1) return;
  const pri = sv.spec.workload.priority;
  for (let guard = 0; guard < 10_000 && sv.serving < sv.demandNow - 1e-9; guard++) {
    const target = pickTarget(r, sv.cands, pri, (c) => r.policy.cost(r.view, c, 1, REPLICA) / c.rel);
    const slot = target && sv.slot(target.k);
    if (!target || !slot) return;
    stopVictims(r, target.victims);
    setReplicas(r, sv, slot, slot.n + 1);
    requeue(r, target.victims);
  }
}

/** Capacity may have freed up: every service short of demand is matched to it again (policies with preempt). */
export function topUpServices(r: RunState): void {
  if (!r.policy.preempt) return;
  for (const sv of r.services) if (sv.serving < sv.demandNow - 1e-9) adjustService(r, sv);
}
