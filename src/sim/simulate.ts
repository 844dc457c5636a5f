/**
 * The discrete-event simulator. Pure: simulated time is epoch ms, all randomness comes from `createRng(seed)` forks,
 * progress is reported through a callback. One run = one policy, one seed.
 *
 * Events (heap.ts; at one instant they are handled in this order, then by insertion):
 *   0 bucket boundary — a contract period may end (every open allocation is billed up to now, the term's shortfall is
 *     settled into the ledger, carry-forward passed on), capacity groups take their new size (reserved ramps,
 *     contract ends: work above a shrunken group is evicted and re-queued) and prices change;
 *   1 recovery, 2 outage (provider-wide or one region: jobs there lose the work since their last checkpoint and are
 *     re-queued, inference replicas there stop serving until the next hourly tick re-places them);
 *   3 job completion, 4 spot preemption (an exponential clock per run at the provider's rate; the job loses the work
 *     since its last checkpoint and is re-queued);
 *   5 hourly inference tick (demand for the hour, replicas added or shed by the policy), 6 job arrival.
 * Checkpoints are not queued: a run checkpoints every `checkpointEvery` hours from its (re)start, so the last
 * checkpoint before an interruption is computed exactly when the interruption happens (and counted).
 *
 * Capacity is tracked instantaneously: GPUs in use per capacity group now (engine/pools.ts groups: provider and region
 * quotas, the spot share, reserved blocks), never above the group's size in the current bucket; a pool whose location
 * is down takes nothing. Jobs that find no room wait in a queue (priority first, then arrival); the queue is retried
 * when capacity frees up, scanning until RETRY_MISSES consecutive jobs do not fit (bounded backfill).
 *
 * Billing: an allocation is billed when it ends and at every bucket boundary (so a billed segment lies in one bucket,
 * one price and one commitment term): GPUs × hours × the pool's price in that bucket, rounded to the cent once into
 * the ledger. Reserved blocks are charged for every GPU of their ramp, used or not.
 */
import { createRng } from '../core/rng.js';
import { Ledger } from '../ledger/ledger.js';
import { EventHeap } from './heap.js';
import type { SimInput } from './inputs.js';
import type { Placement, PolicyView, SimPolicy } from './policy.js';
import type { ContractPeriodResult, SimResult } from './result.js';
import { buildWorld, HOUR_MS, type Candidate, type World } from './world.js';
import { cheapest, Ranker } from './rank.js';
import { RoomMemo } from './room.js';

export const RETRY_MISSES = 32;
const R_BUCKET = 0, R_RECOVER = 1, R_OUTAGE = 2, R_COMPLETE = 3, R_PREEMPT = 4, R_TICK = 5;
const JOB_BITS = 2 ** 23;
const PENDING = 1, RUNNING = 2, DONE = 3, UNPLACEABLE = 4;

export interface Progress {
  readonly events: number;
  readonly now: number;
  readonly start: number;
  readonly end: number;
}

export interface SimOptions {
  readonly seed: number;
  readonly onProgress?: (p: Progress) => void;
  /** Events between progress callbacks (default 200,000). */
  readonly progressEvery?: number;
  /** A world already built for this input (compare reuses it across seeds). */
  readonly world?: World;
  /**
   * Price every free candidate of every placement and retry every full candidate list, as a plain scan does: no
   * pruning by the policy's floor (rank.ts), no "nothing of this list has room" shortcut. Same results, slower; for
   * tests that check the shortcuts change nothing.
   */
  readonly exhaustive?: boolean;
}

export function simulate(input: SimInput, policy: SimPolicy, opts: SimOptions): SimResult {
  const world = opts.world ?? buildWorld(input.scenario, input.horizon);
  const { pools, groups, terms, buckets } = world;
  const start = world.start;
  const end = world.end;
  const rng = createRng(opts.seed);
  const spotRng = new Map(world.providers.map((p) => [p, rng.fork('spot').fork(p)]));
  const ledger = new Ledger();
  const heap = new EventHeap();
  const jobs = input.jobs;
  const nj = jobs.count;
  if (nj >= JOB_BITS) throw new RangeError(`at most ${JOB_BITS - 1} jobs per run, got ${nj}`);
  for (let j = 1; j < nj; j++) if (jobs.arrival[j]! < jobs.arrival[j - 1]!) throw new RangeError(`jobs must be sorted by arrival (job ${j})`);
  const np = pools.length;
  const ng = groups.length;
  const nt = terms.length;
  const provIndex = new Map(world.providers.map((p, i) => [p, i]));
  const nprov = world.providers.length;

  // ---- state -------------------------------------------------------------------------------------------------
  let now = start;
  let bucket = 0;
  let events = 0;
  const used = new Float64Array(ng);
  const usedGpuH = new Float64Array(ng);
  const idleGpuH = new Float64Array(ng);
  const groupT = new Float64Array(ng).fill(start);
  let overCapacity = 0;
  const locDown = new Int32Array(world.locations.length);
  const running: Set<number>[] = Array.from({ length: np }, () => new Set<number>());
  const state = new Uint8Array(nj);
  const done = new Float64Array(nj);
  const jobPool = new Int32Array(nj).fill(-1);
  const jobGpus = new Float64Array(nj);
  const jobRate = new Float64Array(nj);
  const runStart = new Float64Array(nj);
  const segStart = new Float64Array(nj);
  const gen = new Uint32Array(nj);
  const redo = new Float64Array(nj);
  const finishAt = new Float64Array(nj).fill(Number.NaN);
  const blocked = new Map<number, Set<number>>();
  const maxPri = Math.max(1, ...jobs.templates.map((t) => t.priority));
  // Waiting jobs: one doubly linked FIFO per priority over job indices (O(1) append and removal).
  const qHead = new Int32Array(maxPri + 1).fill(-1);
  const qTail = new Int32Array(maxPri + 1).fill(-1);
  const qNext = new Int32Array(nj).fill(-1);
  const qPrev = new Int32Array(nj).fill(-1);
  let pendingCount = 0;
  const termBurn = new Float64Array(nt); // billed burn (unit of the term); USD terms in exact cents / 100
  const termBurnCents = new Float64Array(nt);
  const termReservedBurn = new Float64Array(nt);
  const termReservedCents = new Float64Array(nt);
  const openRate = new Float64Array(nt); // burn per hour of what runs now
  const openAnchor = new Float64Array(nt); // Σ rate × segment start (hours), for the accrued part
  const carryIn = new Float64Array(nt);
  const settled = new Uint8Array(nt);
  const contractResults: ContractPeriodResult[] = [];
  const spendCents = Array.from({ length: buckets.length }, () => new Float64Array(nprov));
  const gpuHours = Array.from({ length: buckets.length }, () => new Float64Array(nprov));
  const termSeries: { at: number; usage: number }[][] = Array.from({ length: nt }, () => []);
  const bucketDemandUH = new Float64Array(buckets.length);
  const bucketServedUH = new Float64Array(buckets.length);
  let demandBooked = 0, servedBooked = 0;
  let usageCents = 0, burningCents = 0, reservedCents = 0, shortfallCents = 0;
  const stats = { outage: 0, preemption: 0, capacity: 0, checkpoints: 0, lostGpuH: 0, redoneGpuH: 0, unplaceable: 0 };
  const completionH = new Float64Array(nj); // completion times (hours) of finished jobs, in finishing order
  let finishedCount = 0;
  let deadlineMisses = 0;

  // ---- capacity ------------------------------------------------------------------------------------------------
  // Group sizes in the current bucket (refreshed when the bucket changes) and each pool's groups, as typed arrays.
  const capNow = new Float64Array(ng);
  const refreshCap = (): void => { for (let g = 0; g < ng; g++) capNow[g] = groups[g]!.capacity[bucket] ?? 0; };
  refreshCap();
  const poolGroups = pools.map((p) => Int32Array.from(p.groups));
  const capOf = (g: number): number => capNow[g]!;
  const touchGroup = (g: number): void => {
    const dt = (now - groupT[g]!) / HOUR_MS;
    if (dt > 0) idleGpuH[g]! += Math.max(0, capOf(g) - used[g]!) * dt;
    groupT[g] = now;
  };
  const free = (pool: number): number => {
    if (locDown[world.poolLoc[pool]!]! > 0) return 0;
    let f = Infinity;
    const gs = poolGroups[pool]!;
    for (let i = 0; i < gs.length; i++) { const g = gs[i]!; f = Math.min(f, capNow[g]! - used[g]!); }
    return f;
  };
  // Candidate lists known to have no room (room.ts): told whenever capacity may grow.
  const room = new RoomMemo(pools, ng);
  const take = (pool: number, gpus: number): void => {
    for (const g of pools[pool]!.groups) {
      touchGroup(g);
      used[g]! += gpus;
      if (used[g]! > capOf(g) + 1e-9) overCapacity++;
    }
  };
  const give = (pool: number, gpus: number): void => {
    for (const g of pools[pool]!.groups) { touchGroup(g); used[g]! -= gpus; room.groupFreed(g); }
  };

  // ---- billing -----------------------------------------------------------------------------------------------
  const termOf = (pool: number): number => pools[pool]!.burns[bucket] ?? -1;
  const burnRate = (pool: number, gpus: number): number => {
    const t = termOf(pool);
    if (t < 0) return 0;
    return terms[t]!.unit === 'usd' ? (pools[pool]!.pricePerGpuHour[bucket] ?? 0) * gpus : gpus;
  };
  const openSeg = (pool: number, gpus: number, at: number): void => {
    const t = termOf(pool);
    if (t < 0) return;
    const r = burnRate(pool, gpus);
    openRate[t]! += r;
    openAnchor[t]! += (r * at) / HOUR_MS;
  };
  const bill = (pool: number, gpus: number, from: number, to: number): void => {
    const t = termOf(pool);
    if (t >= 0) {
      const r = burnRate(pool, gpus);
      openRate[t]! -= r;
      openAnchor[t]! -= (r * from) / HOUR_MS;
    }
    const hours = (to - from) / HOUR_MS;
    if (!(hours > 0)) return;
    const p = pools[pool]!;
    const gh = gpus * hours;
    for (const g of p.groups) usedGpuH[g]! += gh;
    const pi = provIndex.get(p.provider)!;
    gpuHours[bucket]![pi]! += gh;
    if (p.tier === 'reserved') return; // sunk: charged by the block, not by use
    const contract = t >= 0 ? terms[t]!.contractId : '';
    const cents = ledger.post({ period: bucket, provider: p.provider, kind: 'usage', tier: p.tier, contract }, (p.pricePerGpuHour[bucket] ?? 0) * gh);
    usageCents += cents;
    spendCents[bucket]![pi]! += cents;
    if (t >= 0) {
      burningCents += cents;
      if (terms[t]!.unit === 'usd') termBurnCents[t]! += cents; else termBurn[t]! += gh;
    }
  };

  const view: PolicyView = {
    world,
    get now() { return now; },
    get bucket() { return bucket; },
    commitmentGap(pool) {
      const t = termOf(pool);
      if (t < 0) return undefined;
      const term = terms[t]!;
      const termEnd = Math.min(term.end, end);
      const hoursLeft = Math.max(0, (termEnd - now) / HOUR_MS);
      const billed = term.unit === 'usd' ? (termBurnCents[t]! + termReservedCents[t]!) / 100 : termBurn[t]! + termReservedBurn[t]!;
      const accrued = (openRate[t]! * now) / HOUR_MS - openAnchor[t]!;
      const futureReserved = term.unit === 'usd' ? (reservedFuture[t] ?? 0) : (reservedFutureH[t] ?? 0);
      const gap = term.minimum + carryIn[t]! - billed - accrued - openRate[t]! * hoursLeft - futureReserved;
      return { unit: term.unit, gap, hoursLeft, shortfallRate: term.unit === 'usd' ? 1 : term.shortfallRate };
    },
  };

  // ---- reserved blocks: charged up front per bucket; what counts toward a term burns it ----------------------
  const reservedFuture = new Float64Array(nt); // reserved burn booked for buckets not yet reached (USD or GPU-h)
  const reservedFutureH = new Float64Array(nt);
  const reservedByBucket: { t: number; usd: number; cents: number; gh: number }[][] = buckets.map(() => []);
  {
    const groupIndex = new Map(groups.map((g) => [g.id, g.index]));
    for (const c of input.scenario.snapshot.contracts) {
      if (!provIndex.has(c.provider)) continue;
      for (const block of c.reserved) {
        const g = groupIndex.get(`${c.id}/${block.id}`);
        if (g === undefined) continue;
        buckets.forEach((b, i) => {
          const gh = (groups[g]!.capacity[i] ?? 0) * b.hours;
          if (gh <= 0) return;
          const cents = ledger.post({ period: i, provider: c.provider, kind: 'reserved', tier: 'reserved', contract: c.id }, gh * block.ratePerGpuHour);
          reservedCents += cents;
          spendCents[i]![provIndex.get(c.provider)!]! += cents;
          if (!block.countsTowardCommitment) return;
          const t = terms.findIndex((x) => x.contractId === c.id && x.start <= b.start && b.end <= x.end);
          if (t < 0) return;
          reservedByBucket[i]!.push({ t, usd: cents / 100, cents, gh });
          reservedFuture[t]! += cents / 100;
          reservedFutureH[t]! += gh;
        });
      }
    }
  }
  const bookReserved = (i: number): void => {
    for (const r of reservedByBucket[i] ?? []) {
      termReservedCents[r.t]! += r.cents;
      termReservedBurn[r.t]! += r.gh;
      reservedFuture[r.t]! -= r.usd;
      reservedFutureH[r.t]! -= r.gh;
    }
  };
  bookReserved(0);

  // ---- jobs ------------------------------------------------------------------------------------------------
  const tpl = (j: number) => jobs.templates[jobs.template[j]!]!;
  // Candidate lists per (template, gang size), looked up without building the world's string key each time.
  const candCache: Map<number, readonly Candidate[]>[] = jobs.templates.map(() => new Map());
  const candOpts = { clauses: policy.clauses };
  const candsOf = (j: number): readonly Candidate[] => {
    const byGpus = candCache[jobs.template[j]!]!;
    const g = jobs.gpus[j]!;
    let cs = byGpus.get(g);
    if (!cs) { cs = world.candidates(tpl(j), g, candOpts); byGpus.set(g, cs); }
    return cs;
  };
  // Right of first refusal per workload class: the providers whose contracts name the class and are in force now,
  // kept with the interval over which that set stays the same (contract starts and ends).
  const rofrCache = new Map<string, { set: ReadonlySet<string> | undefined; from: number; until: number }>();
  const rofrOf = (cls: string): ReadonlySet<string> | undefined => {
    if (!policy.clauses) return undefined;
    const hit = rofrCache.get(cls);
    if (hit && hit.from <= now && now < hit.until) return hit.set;
    const set = new Set<string>();
    let from = -Infinity, until = Infinity;
    for (const c of input.scenario.snapshot.contracts) {
      if (!c.rightOfFirstRefusal.includes(cls)) continue;
      if (now < c.start) until = Math.min(until, c.start);
      else if (now < c.end) { set.add(c.provider); from = Math.max(from, c.start); until = Math.min(until, c.end); }
      else from = Math.max(from, c.end);
    }
    const out = set.size ? set : undefined;
    rofrCache.set(cls, { set: out, from, until });
    return out;
  };
  const firstRefusal = (j: number): ReadonlySet<string> | undefined => rofrOf(tpl(j).class);
  const ranker = new Ranker(world, opts.exhaustive ? undefined : policy.floor?.bind(policy));

  // The candidate scan (rank.ts `cheapest`) reads what it looks at from this scratch state, so the same two closures
  // serve every placement (no allocation per job).
  let scCands: readonly Candidate[] = [];
  let scOnly: ReadonlySet<string> | undefined;
  let scRemaining = 0; // a job's remaining H100 GPU-hours and gang size: hours on c = remaining / (gang × c.rel)
  let scGang = 1;
  let scPlace: Placement = { kind: 'job', checkpointH: 0 };
  let sawRoom = false; // set when some candidate the scan looked at had room
  const usable = (k: number): boolean => {
    const c = scCands[k]!;
    if (scOnly && !scOnly.has(pools[c.pool]!.provider)) return false;
    if (free(c.pool) < c.gpus) return false;
    sawRoom = true;
    return true;
  };
  const jobCost = (k: number): number => { const c = scCands[k]!; return policy.cost(view, c, scRemaining / (scGang * c.rel), scPlace); };
  /** The free candidate of least cost for a job (lowest index on ties): rank.ts prices only those that can win. */
  const choose = (cands: readonly Candidate[], only?: ReadonlySet<string>): number => {
    scCands = cands;
    scOnly = only;
    return cheapest(ranker.order(cands, bucket), scRemaining / scGang, usable, jobCost); // hours on c = that / c.rel
  };

  const tryPlace = (j: number): boolean => {
    const cands = candsOf(j);
    if (cands.length === 0) return false;
    const remaining = jobs.work[j]! - done[j]!;
    const t = tpl(j);
    let bl = policy.blocklist ? blocked.get(j) : undefined;
    if (bl && cands.every((c) => bl!.has(world.poolLoc[c.pool]!))) { blocked.delete(j); bl = undefined; }
    if (!opts.exhaustive && room.knownFull(cands)) return false;
    scPlace = { kind: 'job', checkpointH: t.checkpointEvery, blocked: bl };
    scRemaining = remaining;
    scGang = jobs.gpus[j]!;
    const rofr = firstRefusal(j);
    let k = rofr ? choose(cands, rofr) : -1;
    if (k < 0) {
      sawRoom = false;
      k = choose(cands);
      if (k < 0 && !sawRoom) room.markFull(cands); // the full scan found no pool with room
    }
    if (k < 0) return false;
    const c = cands[k]!;
    const pool = pools[c.pool]!;
    jobPool[j] = c.pool;
    jobGpus[j] = c.gpus;
    jobRate[j] = jobs.gpus[j]! * c.rel;
    runStart[j] = now;
    segStart[j] = now;
    state[j] = RUNNING;
    gen[j] = (gen[j]! + 1) % 2 ** 29;
    take(c.pool, c.gpus);
    openSeg(c.pool, c.gpus, now);
    running[c.pool]!.add(j);
    const hours = remaining / jobRate[j]!;
    const finish = now + hours * HOUR_MS;
    const lambda = pool.tier === 'spot' ? (world.preemptionsPerHour[pool.provider] ?? 0) : 0;
    const pre = lambda > 0 ? now + spotRng.get(pool.provider)!.exponential(lambda) * HOUR_MS : Infinity;
    const payload = gen[j]! * JOB_BITS + j;
    if (pre < finish && pre < end) heap.push(pre, R_PREEMPT, payload);
    else if (finish < end) heap.push(finish, R_COMPLETE, payload);
    return true;
  };

  /** Ends the current run of j at `now`: bills, frees, and books progress (`interrupted`: since the last checkpoint lost). */
  const stopRun = (j: number, interrupted: boolean): void => {
    const pool = jobPool[j]!;
    bill(pool, jobGpus[j]!, segStart[j]!, now);
    give(pool, jobGpus[j]!);
    running[pool]!.delete(j);
    const elapsedH = (now - runStart[j]!) / HOUR_MS;
    const ck = tpl(j).checkpointEvery;
    const rate = jobRate[j]!;
    const progress = Math.min(jobs.work[j]! - done[j]!, elapsedH * rate);
    const r = Math.min(progress, redo[j]!);
    stats.redoneGpuH += (r / rate) * jobGpus[j]!;
    redo[j]! -= r;
    if (interrupted) {
      const ckpts = ck > 0 ? Math.floor(elapsedH / ck) : 0;
      stats.checkpoints += ckpts;
      const safeH = ck > 0 ? ckpts * ck : 0;
      const lostH = elapsedH - safeH;
      done[j]! += safeH * rate;
      redo[j]! += lostH * rate;
      stats.lostGpuH += lostH * jobGpus[j]!;
    } else {
      done[j]! += progress;
      if (ck > 0) stats.checkpoints += Math.floor(elapsedH / ck);
    }
    jobPool[j] = -1;
    gen[j] = (gen[j]! + 1) % 2 ** 29;
  };

  const enqueue = (j: number): void => {
    state[j] = PENDING;
    const pri = tpl(j).priority;
    qPrev[j] = qTail[pri]!;
    qNext[j] = -1;
    if (qTail[pri]! >= 0) qNext[qTail[pri]!] = j; else qHead[pri] = j;
    qTail[pri] = j;
    pendingCount++;
  };

  const interrupt = (j: number, cause: 'outage' | 'preemption' | 'capacity'): void => {
    const loc = world.poolLoc[jobPool[j]!]!;
    stopRun(j, true);
    stats[cause]++;
    if (policy.blocklist && cause !== 'capacity') {
      let s = blocked.get(j);
      if (!s) { s = new Set(); blocked.set(j, s); }
      s.add(loc);
    }
    if (!tryPlace(j)) enqueue(j);
  };

  const retryPending = (): void => {
    if (pendingCount === 0) return;
    // Within one scan free capacity only shrinks, so a job of a template that already failed with a gang no larger
    // fails too (same candidates; a blocklist only removes some): it counts as a miss without being tried.
    const failedAt = new Map<number, number>();
    for (let pri = 0; pri <= maxPri; pri++) {
      let misses = 0;
      for (let j = qHead[pri]!; j >= 0 && misses < RETRY_MISSES;) {
        const nextJ = qNext[j]!;
        const tp = jobs.template[j]!;
        if (jobs.gpus[j]! >= (failedAt.get(tp) ?? Infinity)) { misses++; j = nextJ; continue; }
        if (tryPlace(j)) {
          if (qPrev[j]! >= 0) qNext[qPrev[j]!] = nextJ; else qHead[pri] = nextJ;
          if (nextJ >= 0) qPrev[nextJ] = qPrev[j]!; else qTail[pri] = qPrev[j]!;
          qNext[j] = -1; qPrev[j] = -1;
          pendingCount--;
          misses = 0;
        } else { misses++; failedAt.set(tp, Math.min(jobs.gpus[j]!, failedAt.get(tp) ?? Infinity)); }
        j = nextJ;
      }
    }
  };

  const finishJob = (j: number): void => {
    stopRun(j, false);
    state[j] = DONE;
    finishAt[j] = now;
    completionH[finishedCount++] = (now - jobs.arrival[j]!) / HOUR_MS;
    const dl = jobs.deadline[j]!;
    if (!Number.isNaN(dl) && now > dl) deadlineMisses++;
    blocked.delete(j);
  };

  // ---- inference ---------------------------------------------------------------------------------------------
  const services = input.services;
  const svcCands = services.map((s) => world.candidates(s.workload, s.workload.gpusPerReplica, { clauses: policy.clauses, geo: s.geo }));
  const replicas = svcCands.map((cs) => new Float64Array(cs.length));
  const repSeg = svcCands.map((cs) => new Float64Array(cs.length).fill(start));
  const serving = new Float64Array(services.length);
  const demandNow = new Float64Array(services.length);
  const svcT = new Float64Array(services.length).fill(start);
  const svcDemandUH = new Float64Array(services.length);
  const svcServedUH = new Float64Array(services.length);
  const integrate = (s: number): void => {
    const dt = (now - svcT[s]!) / HOUR_MS;
    if (dt > 0) {
      svcDemandUH[s]! += demandNow[s]! * dt;
      svcServedUH[s]! += Math.min(serving[s]!, demandNow[s]!) * dt;
    }
    svcT[s] = now;
  };
  const setReplicas = (s: number, k: number, n: number): void => {
    const c = svcCands[s]![k]!;
    const cur = replicas[s]![k]!;
    if (n === cur) return;
    integrate(s);
    if (cur > 0) { bill(c.pool, cur * c.gpus, repSeg[s]![k]!, now); give(c.pool, cur * c.gpus); }
    replicas[s]![k] = n;
    repSeg[s]![k] = now;
    serving[s]! += (n - cur) * c.rel;
    if (n > 0) { take(c.pool, n * c.gpus); openSeg(c.pool, n * c.gpus, now); }
  };
  const rofrFor = (s: number): ReadonlySet<string> | undefined => rofrOf(services[s]!.workload.class);
  const replicaCost = (k: number): number => { const c = scCands[k]!; return policy.cost(view, c, 1, scPlace) * (1 / c.rel); };
  const adjustService = (s: number): void => {
    integrate(s);
    const cands = svcCands[s]!;
    const D = demandNow[s]!;
    const reps = replicas[s]!;
    const place = { kind: 'replica' as const, checkpointH: 0 };
    // Shed the dearest replicas while the rest still cover demand.
    for (let guard = 0; guard < cands.length && serving[s]! > D + 1e-9; guard++) {
      let worst = -1;
      let worstCost = -Infinity;
      for (let k = 0; k < cands.length; k++) {
        if (reps[k]! <= 0) continue;
        const cost = policy.cost(view, cands[k]!, 1, place) / cands[k]!.rel;
        if (cost > worstCost || worst < 0) { worstCost = cost; worst = k; }
      }
      if (worst < 0) break;
      const c = cands[worst]!;
      const drop = Math.min(reps[worst]!, Math.floor((serving[s]! - D) / c.rel + 1e-9));
      if (drop <= 0) break;
      setReplicas(s, worst, reps[worst]! - drop);
    }
    // Add replicas where the policy finds them cheapest per unit, in batches.
    const rofr = rofrFor(s);
    for (let guard = 0; guard < 4 * cands.length + 4 && serving[s]! < D - 1e-9; guard++) {
      // The least cost per H100-replica unit (cost of 1/rel replica-hours) among free candidates, lowest index on
      // ties (rank.ts: keys floor/rel, scale 1).
      const pick = (only?: ReadonlySet<string>): number => {
        scCands = cands;
        scOnly = only;
        scPlace = place;
        return cheapest(ranker.order(cands, bucket), 1, usable, replicaCost);
      };
      let k = rofr ? pick(rofr) : -1;
      if (k < 0) k = pick();
      if (k < 0) break;
      const c = cands[k]!;
      const want = Math.ceil((D - serving[s]!) / c.rel - 1e-9);
      const fit = Math.floor(free(c.pool) / c.gpus);
      // A committed pool is free only up to its gap: add in chunks so the ranking sees the gap shrink.
      const chunk = Math.max(1, Math.ceil(want / 4));
      const add = Math.min(want, fit, chunk);
      if (add <= 0) break;
      setReplicas(s, k, reps[k]! + add);
    }
  };
  const shape = input.demandShape;
  const demandAt = (s: number, hour: number): number => {
    const svc = services[s]!;
    if (now < svc.start || now >= svc.end) return 0;
    return svc.units * (shape && shape.length ? shape[hour % shape.length]! : 1);
  };

  // ---- outages -------------------------------------------------------------------------------------------------
  const outages = input.outages.filter((o) => o.end > start && o.start < end && provIndex.has(o.provider));
  const locsOf = outages.map((o) => world.locations.map((l, k) => (l.provider === o.provider && (o.region === '*' || l.region === o.region) ? k : -1)).filter((k) => k >= 0));
  outages.forEach((o, i) => {
    heap.push(Math.max(o.start, start), R_OUTAGE, i);
    if (o.end < end) heap.push(o.end, R_RECOVER, i);
  });
  const poolsAt = world.locations.map(() => [] as number[]);
  pools.forEach((_, p) => poolsAt[world.poolLoc[p]!]!.push(p));

  const outageStart = (i: number): void => {
    for (const loc of locsOf[i]!) {
      locDown[loc]!++;
      if (locDown[loc]! > 1) continue;
      for (const p of poolsAt[loc]!) {
        for (const j of [...running[p]!]) interrupt(j, 'outage');
        services.forEach((_, s) => {
          const k = svcCands[s]!.findIndex((c) => c.pool === p);
          if (k >= 0 && replicas[s]![k]! > 0) setReplicas(s, k, 0);
        });
      }
    }
  };
  const outageEnd = (i: number): void => {
    for (const loc of locsOf[i]!) locDown[loc]!--;
    room.anyFreed();
    retryPending();
  };

  // ---- bucket boundaries -----------------------------------------------------------------------------------------
  const flushAll = (): void => {
    for (let p = 0; p < np; p++) {
      for (const j of running[p]!) {
        bill(p, jobGpus[j]!, segStart[j]!, now);
        segStart[j] = now;
      }
    }
    services.forEach((_, s) => {
      const cands = svcCands[s]!;
      for (let k = 0; k < cands.length; k++) {
        const n = replicas[s]![k]!;
        if (n <= 0) continue;
        bill(cands[k]!.pool, n * cands[k]!.gpus, repSeg[s]![k]!, now);
        repSeg[s]![k] = now;
      }
    });
  };
  const reopenAll = (): void => {
    for (let p = 0; p < np; p++) for (const j of running[p]!) openSeg(p, jobGpus[j]!, now);
    services.forEach((_, s) => svcCands[s]!.forEach((c, k) => { if (replicas[s]![k]! > 0) openSeg(c.pool, replicas[s]![k]! * c.gpus, now); }));
  };
  const settle = (t: number): void => {
    if (settled[t]) return;
    settled[t] = 1;
    const term = terms[t]!;
    const last = Math.max(0, bucket - 1);
    let usage: number, shortfall: number, carryOut: number, paid: number;
    if (term.unit === 'usd') {
      const min = Math.round(term.minimum * 100);
      const usedC = termBurnCents[t]! + termReservedCents[t]!;
      const sf = Math.max(0, min + carryIn[t]! * 100 - usedC);
      const co = term.next >= 0 ? Math.round(term.carryForwardFraction * sf) : 0;
      paid = ledger.postCents({ period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId }, sf - co);
      usage = usedC / 100; shortfall = sf / 100; carryOut = co / 100;
    } else {
      usage = termBurn[t]! + termReservedBurn[t]!;
      shortfall = Math.max(0, term.minimum + carryIn[t]! - usage);
      carryOut = term.next >= 0 ? term.carryForwardFraction * shortfall : 0;
      paid = ledger.post({ period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId }, (shortfall - carryOut) * term.shortfallRate);
    }
    shortfallCents += paid;
    spendCents[last]![provIndex.get(term.provider)!]! += paid;
    if (term.next >= 0) carryIn[term.next] = carryIn[term.next]! + carryOut;
    const owed = term.minimum + carryIn[t]!;
    contractResults.push({
      contract: term.contractId, provider: term.provider, period: term.periodIndex, start: term.start, end: term.end, unit: term.unit,
      minimum: term.minimum, carryIn: carryIn[t]!, usage, shortfall, paidCents: paid, carryOut, utilisation: owed > 0 ? usage / owed : 1,
      burn: termSeries[t]!,
    });
  };
  const boundary = (b: number): void => {
    // Bill everything up to now under the old bucket; settle terms that end here; switch to the new bucket.
    flushAll();
    for (const s of services.keys()) integrate(s);
    // Time series for the report: each open term's burn so far, and the bucket's inference demand and service.
    for (let t = 0; t < nt; t++) {
      const term = terms[t]!;
      if (settled[t] || !(term.start < now && now <= Math.min(term.end, end))) continue;
      const usage = term.unit === 'usd' ? (termBurnCents[t]! + termReservedCents[t]!) / 100 : termBurn[t]! + termReservedBurn[t]!;
      termSeries[t]!.push({ at: now, usage });
    }
    if (bucket < buckets.length) {
      let demand = 0, served = 0;
      services.forEach((_, s) => { demand += svcDemandUH[s]!; served += svcServedUH[s]!; });
      bucketDemandUH[bucket] = demand - demandBooked;
      bucketServedUH[bucket] = served - servedBooked;
      demandBooked = demand;
      servedBooked = served;
    }
    for (let g = 0; g < ng; g++) touchGroup(g);
    openRate.fill(0);
    openAnchor.fill(0);
    bucket = b;
    refreshCap();
    room.anyFreed();
    for (let t = 0; t < nt; t++) if (!settled[t] && Math.min(terms[t]!.end, end) <= now) settle(t);
    if (b >= buckets.length) return;
    bookReserved(b);
    reopenAll();
    // Capacity that shrank: evict the most recently started work until every group fits again.
    for (let g = 0; g < ng; g++) {
      if (used[g]! <= capOf(g)) continue;
      const victims: number[] = [];
      for (let p = 0; p < np; p++) if (pools[p]!.groups.includes(g)) for (const j of running[p]!) victims.push(j);
      victims.sort((a, c) => runStart[c]! - runStart[a]! || c - a);
      for (const j of victims) { if (used[g]! <= capOf(g)) break; interrupt(j, 'capacity'); }
      services.forEach((_, s) => svcCands[s]!.forEach((c, k) => {
        if (used[g]! > capOf(g) && pools[c.pool]!.groups.includes(g) && replicas[s]![k]! > 0) {
          const over = used[g]! - capOf(g);
          setReplicas(s, k, Math.max(0, replicas[s]![k]! - Math.ceil(over / c.gpus)));
        }
      }));
    }
    retryPending();
  };
  for (let b = 1; b < buckets.length; b++) heap.push(buckets[b]!.start, R_BUCKET, b);

  // ---- main loop -------------------------------------------------------------------------------------------------
  if (services.length) heap.push(start, R_TICK, 0);
  let nextArrival = 0;
  const every = opts.progressEvery ?? 200_000;
  for (;;) {
    const ht = heap.peekTime();
    const at = nextArrival < nj ? jobs.arrival[nextArrival]! : Infinity;
    const t = Math.min(ht, at);
    if (!(t < end)) break;
    events++;
    if (opts.onProgress && events % every === 0) opts.onProgress({ events, now: t, start, end });
    if (at < ht) {
      now = at;
      const j = nextArrival++;
      const cands = candsOf(j);
      if (cands.length === 0) { state[j] = UNPLACEABLE; stats.unplaceable++; continue; }
      if (!tryPlace(j)) enqueue(j);
      continue;
    }
    // The first event, read in place (no entry object per event).
    const e = { rank: heap.peekRank(), payload: heap.peekPayload() };
    now = ht;
    heap.removeTop();
    switch (e.rank) {
      case R_BUCKET: boundary(e.payload); break;
      case R_RECOVER: outageEnd(e.payload); break;
      case R_OUTAGE: outageStart(e.payload); break;
      case R_COMPLETE:
      case R_PREEMPT: {
        const j = e.payload % JOB_BITS;
        const g = Math.floor(e.payload / JOB_BITS);
        if (state[j] !== RUNNING || gen[j] !== g) break;
        if (e.rank === R_COMPLETE) finishJob(j); else interrupt(j, 'preemption');
        retryPending();
        break;
      }
      case R_TICK: {
        const hour = e.payload;
        for (let s = 0; s < services.length; s++) { integrate(s); demandNow[s] = demandAt(s, hour); adjustService(s); }
        const next = start + (hour + 1) * HOUR_MS;
        if (next < end) heap.push(next, R_TICK, hour + 1);
        break;
      }
      default: break;
    }
  }

  // ---- horizon end -------------------------------------------------------------------------------------------------
  now = end;
  let unfinishedWork = 0;
  for (let p = 0; p < np; p++) for (const j of [...running[p]!]) stopRun(j, false);
  for (const s of services.keys()) { integrate(s); svcCands[s]!.forEach((_, k) => setReplicas(s, k, 0)); }
  boundary(buckets.length);
  let unfinished = 0;
  let withDeadline = 0;
  for (let j = 0; j < nj; j++) {
    const dl = jobs.deadline[j]!;
    if (!Number.isNaN(dl)) withDeadline++;
    if (state[j] === DONE) continue;
    const left = jobs.work[j]! - done[j]!;
    if (j < nextArrival) unfinishedWork += left;
    if (state[j] === PENDING || state[j] === RUNNING) unfinished++;
    if (!Number.isNaN(dl) && dl <= end && j < nextArrival) deadlineMisses++;
  }
  // Unserved inference in H100 GPU-hours: H100-replica unit-hours × GPUs per replica.
  let unservedInferenceH100 = 0;
  let demandUH = 0;
  let servedUH = 0;
  services.forEach((svc, s) => {
    demandUH += svcDemandUH[s]!;
    servedUH += svcServedUH[s]!;
    unservedInferenceH100 += Math.max(0, svcDemandUH[s]! - svcServedUH[s]!) * svc.workload.gpusPerReplica;
  });
  const unservedUsd = (unfinishedWork + unservedInferenceH100) * world.unservedPricePerH100Hour;
  const billedCents = ledger.total;
  const completion = completionH.slice(0, finishedCount).sort(); // a typed array sorts numerically
  const q = (p: number): number => (completion.length ? completion[Math.min(completion.length - 1, Math.floor(p * (completion.length - 1) + 0.5))]! : 0);
  const mean = completion.length ? completion.reduce((s, x) => s + x, 0) / completion.length : 0;
  const byProviderCents: Record<string, number> = {};
  for (const p of world.providers) byProviderCents[p] = 0;
  for (const l of ledger.entries()) byProviderCents[l.provider] = (byProviderCents[l.provider] ?? 0) + l.cents;
  const problems = ledger.reconcile();
  if (usageCents + reservedCents + shortfallCents !== billedCents) problems.push('usage + reserved + shortfall != total');
  const toRecord = (a: Float64Array): Record<string, number> => Object.fromEntries(world.providers.map((p, i) => [p, a[i]!]));
  return {
    policy: policy.name,
    seed: opts.seed,
    horizon: { start, end },
    cost: {
      billedCents, usageCents, reservedCents, shortfallCents, unservedUsd, effectiveUsd: billedCents / 100 + unservedUsd,
      unservedPricePerH100Hour: world.unservedPricePerH100Hour, byProviderCents,
      commitmentCoverage: usageCents > 0 ? burningCents / usageCents : 0,
    },
    contracts: contractResults,
    periods: buckets.map((b, i) => ({
      start: b.start, end: b.end, spendCents: toRecord(spendCents[i]!), gpuHours: toRecord(gpuHours[i]!),
      demandUnitHours: bucketDemandUH[i]!, servedUnitHours: bucketServedUH[i]!,
    })),
    inference: { demandUnitHours: demandUH, servedUnitHours: servedUH, attainment: demandUH > 0 ? servedUH / demandUH : 1 },
    jobs: {
      arrived: nextArrival, finished: completion.length, unplaceable: stats.unplaceable, unfinished, withDeadline, deadlineMisses,
      completionHours: { mean, p50: q(0.5), p95: q(0.95) },
      interruptions: { outage: stats.outage, preemption: stats.preemption, capacity: stats.capacity },
      checkpoints: stats.checkpoints, lostGpuHours: stats.lostGpuH, redoneGpuHours: stats.redoneGpuH, unfinishedWork,
    },
    capacity: {
      groups: groups.map((g, i) => ({ id: g.id, kind: g.kind, capacityGpuHours: buckets.reduce((s, b, k) => s + (g.capacity[k] ?? 0) * b.hours, 0), usedGpuHours: usedGpuH[i]!, idleGpuHours: idleGpuH[i]! })),
      overCapacity,
    },
    outages: outages.map((o) => ({ provider: o.provider, region: o.region, start: o.start, end: o.end })),
    ledger: { postings: ledger.postings, reconciles: problems.length === 0, problems, lines: ledger.entries() },
    events,
  };
}
