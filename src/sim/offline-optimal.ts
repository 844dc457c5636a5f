/**
 * `offline-optimal`: a LOWER BOUND, with perfect foresight of every arrival, demand and outage, on the effective cost
 * of every schedule IN ITS SCOPE: the runs that (1) meet every job's deadline — a deadline no schedule can meet even
 * with the fleet to itself being relaxed to the job's earliest feasible finish at bucket granularity: the end of the
 * first bucket by which the bound's relaxation of running it alone finishes it (bound-deadlines.ts) — and (2) honour
 * the risk policy's survivability spread at every instant (no provider's replicas counted above
 * units − ceil(units × fraction) of a covered service: SimResult.inference.spreadBreachUnitHours = 0). The policy
 * caps on spend and GPU share per provider are not in it: no simulated policy applies them. With
 * UNCONDITIONAL_BOUND (no deadline or spread rows) it bounds EVERY run, in scope or not. A linear program over the
 * simulator's time buckets, time-indexed per job class (the LP text is built here, pure; the shell solves it with
 * HiGHS through the `LpSolve` port).
 *
 * Data. Buckets b (World.buckets, hours h_b); pools p with price π_pb (0 for reserved: sunk), capacity groups g with
 * size C_gb, cap_pb = min_{g∋p} C_gb, pool p up for U_pb hours of bucket b (outages merged per location); commitment
 * terms t with minimum M_t, pre-burned R_t, carry-forward f_t (0 for a contract's last term), shortfall rate ρ_t (1
 * for USD terms); P = World.unservedPricePerH100Hour. Demand classes k: job classes (jobs with the same template and
 * gang size n_k: same candidate pools; aggregated so the model stays small with 10^5 trace jobs) with work A_kb (H100
 * GPU-hours) arriving in bucket b; inference items (service × geo) with D_kb H100-replica unit-hours demanded in b.
 * Candidates E_k: every pool that passes the engine's filters WITHOUT contract clauses (the loosest set any policy
 * uses), each with the GPUs o_kp it occupies (a gang rounded up to whole instances; an inference block) and its speed
 * r_kp (jobs: rel_p; inference: the H100-replica units a block serves). A unit of k on p takes γ_kp GPU-hours:
 * jobs o_kp / (n_k r_kp) (whole instances held while the gang works at n_k r_kp an hour); inference o_kp / r_kp.
 * H_kb: the hours job class k can run in b = Σ_{jobs j of k} min(hours of b between j's arrival and its due instant
 * T_j, work_j / (n_k r_min_k)); T_j = its deadline (or earliest feasible finish, above) with deadlines, else ∞.
 * Due work Q_kb = Σ work_j over jobs of k whose T_j falls in bucket b (by its end). Spread: for a service under a
 * survivability rule of fraction φ, S_kb = Σ_hours of b max(0, d_h − ceil(d_h φ)) (d_h the hour's demand, units).
 *
 * Variables x_kpb >= 0 (units of k served on p in b), u_k >= 0 (job work never done), v_kb >= 0 (inference unserved),
 * s_t >= 0 (shortfall of term t), w_pb >= 0 (GPU-hours bought on a commitment-burning pool that serve no demand:
 * rework, replicas above demand — they cost and burn like any other GPU-hour).
 * With deadlines, l_kb >= 0: work due by the end of b not done by then (priced P; a run in scope has none — it only
 * keeps the LP feasible when the deadlines are jointly infeasible, and is reported as BoundResult.lateH100).
 *   minimise  Σ π_pb (γ_kp x_kpb + w_pb) + Σ_t (1 − f_t) ρ_t s_t + P (Σ u_k + Σ gpusPerReplica_k v_kb + Σ l_kb) + sunk
 *   s.t.  jobs:       Σ_{b'<=b} Σ_p x_kpb' <= Σ_{b'<=b} A_kb'  for every b;   Σ_pb x_kpb + u_k = Σ_b A_kb
 *         deadlines:  Σ_{b'<=b} Σ_p x_kpb' + l_kb >= Σ_{b'<=b} Q_kb'  for every b with Q_kb > 0
 *         one gang at a time (parallelism):  Σ_p x_kpb / (n_k r_kp) <= H_kb
 *         inference:  Σ_p x_kpb + v_kb = D_kb;   spread: Σ_{p of provider q} x_kpb <= S_kb for every provider q
 *         whole gangs and blocks (gangs):  x_kpb = 0 when o_kp > cap_pb;  γ_kp x_kpb <= floor(cap_pb / o_kp) o_kp U_pb
 *         capacity:   Σ_{k, p in g} γ_kp x_kpb + w_pb <= C_gb h_b;   Σ_k γ_kp x_kpb + w_pb <= cap_pb · U_pb
 *         terms:      s_t + Σ_{p,b burning t} ω_pb (Σ_k γ_kp x_kpb + w_pb) − f_{t−1} s_{t−1} >= M_t − R_t
 *                     (ω = π_pb for USD terms, 1 for GPU-hour terms; t−1 the previous period of the same contract)
 *
 * Why it is a lower bound. Take any run of any policy (simulate.ts), in the scope above for the deadline and spread
 * rows (any run for UNCONDITIONAL_BOUND). Let x be the useful work it did — H100 work that
 * was checkpointed, finished or in progress at the horizon end — and the inference it served (never above demand),
 * per pool and bucket; w the rest of its GPU-hours on commitment-burning pools; u, v what it left undone; s its
 * shortfalls as simulate.ts settles them (s_t = max(0, M_t + carry − burn)). That point is feasible: work is done
 * after it arrives (cumulative rows); a job runs one gang at a time, from its arrival, at n_k r_kp an hour on p, and
 * its useful work is at most its work, so the hours that produced useful work of class k in b are at most H_kb
 * (parallelism rows) — with deadlines, a job in scope finishes by T_j, so it works only between its arrival and T_j
 * and all its work is useful and done by the end of T_j's bucket (deadline rows, l = 0) — a job is relaxed only when
 * the relaxation of running alone, which every real schedule satisfies, cannot finish it by its deadline, so every run
 * misses that deadline and the relaxed T_j is the one such runs are held to; under the
 * spread, at every instant a provider's replicas count toward demand only up to the cap (served units attributed to
 * providers within their capped units, which cover all served units when the run never breaches), so the units a
 * provider serves in b are at most S_kb (spread rows); a gang or block holds o_kp GPUs of one pool (the simulator places whole instances), which never
 * exceed the pool's size at any instant (capacity is constant within a bucket: buckets are cut at every ramp and
 * contract boundary), so at most floor(cap_pb / o_kp) of them run at once and only while the pool is up (gang rows
 * and bounds); the policy never holds more GPUs than a group's size nor anything on a pool that is down, and its
 * GPU-hours on a pool are at least γ × useful units (a gang holds o_kp GPUs for every hour it works, useful or not),
 * the excess being w on burning pools (so its burn of every term is exactly the LP's at that point). The point's
 * objective is at most the policy's effective cost (billed + P × unserved): the same prices on no more GPU-hours
 * (waste on non-burning pools is dropped), the same shortfalls, the same sunk charges and penalties. So the LP optimum
 * is at most every policy's effective cost. Every online policy uses a subset of E_k (skyfleet adds the exclusivity
 * filter, single:<p> one provider's pools) and never spot for inference, so its choices are all in the model.
 * Caveat: the ledger rounds each posting to the cent, so a policy's billed cost can sit below its exact cost by
 * half a cent per posting; and HiGHS solves to a small feasibility tolerance. Tests allow exactly those.
 *
 * What it leaves out, because it would not be a valid relaxation of every run in scope, or to stay small:
 *   - minProviders (one replica on each of several providers: not linear) and the spend and GPU share caps per
 *     provider (no simulated policy applies them);
 *   - deadlines within a bucket: work due at T_j is due by the end of T_j's bucket (its hours are still cut at T_j);
 *   - per-job time indexing: jobs of one class share their cumulative, deadline and parallelism rows (aggregated by
 *     class), several gangs of different classes share a pool's GPUs fluidly (no bin packing), work moves between
 *     pools at no cost (no checkpoint loss, no warm-up), and no outage, spot preemption or capacity cut destroys work.
 * Each of these relaxations only lowers the bound. `scripts/bound-diagnose.ts` measures what each constraint adds.
 */
import { item } from '../core/item.js';
import { maxUnitsPerProvider, survivalRuleOf } from '../engine/spread.js';
import { type AloneRates, aloneRates, bucketOf, dueDates, windowHours } from './bound-deadlines.js';
import { bigGangRows, downHours, num, RowTerms } from './bound-rows.js';
import { SPREAD_EPS } from './candidate-scan.js';
import { boundFromAnswer } from './bound-answer.js';
import {
  ALL_BOUND_CONSTRAINTS,
  type BoundColumn,
  type BoundModel,
  type BoundOptions,
  type BoundResult,
  type LpSolve,
} from './bound-types.js';
import { SIM_LIMITS, SimLimitError } from './limits.js';
import type { SimInput } from './inputs.js';
import { type Candidate, HOUR_MS, type World } from './world.js';

/** a[i] += v, the index checked. */
const addAt = (a: Float64Array, i: number, v: number): void => {
  a[i] = item(a, i) + v;
};

/**
 * The number of terms (coefficients) of the bound's LP, counted from the job classes, services and pools before any
 * of it is built: a job class's cumulative rows hold every earlier bucket's terms (quadratic in the buckets), so
 * hourly buckets over years would be billions of terms.
 */
export function boundModelTerms(input: SimInput, world: World, opts: BoundOptions = ALL_BOUND_CONSTRAINTS): number {
  const nb = world.buckets.length;
  const jobs = input.jobs;
  const first = new Map<string, { tpl: number; gpus: number; b: number; due: boolean }>();
  for (let j = 0; j < jobs.count; j++) {
    const at = item(jobs.arrival, j);
    if (at >= world.end) break;
    const key = `${jobs.template[j]}|${jobs.gpus[j]}`;
    if (!first.has(key) && item(jobs.work, j) > 0)
      first.set(key, {
        tpl: item(jobs.template, j),
        gpus: item(jobs.gpus, j),
        b: bucketOf(world, Math.max(at, world.start)),
        due: false,
      });
    const c = first.get(key);
    const dl = item(jobs.deadline, j);
    if (c && opts.deadlines && dl <= world.end) c.due = true; // NaN (no deadline) compares false
  }
  let terms = 0;
  for (const c of first.values()) {
    const n = nb - c.b;
    // Cumulative rows, the total row and the per-bucket parallelism rows; due rows (at most one per bucket) as many
    // terms again as the cumulative rows.
    const cands = world.candidates(item(jobs.templates, c.tpl), c.gpus, { clauses: false }).length;
    terms += (cands * n * (n + 5)) / 2 + (c.due ? (cands * n * (n + 1)) / 2 : 0);
  }
  for (const svc of input.services)
    terms +=
      (opts.spread ? 3 : 2) *
      nb *
      world.candidates(svc.workload, svc.workload.gpusPerReplica, { clauses: false, geo: svc.geo }).length;
  return terms + 3 * world.pools.length * nb;
}

/** Throws SimLimitError (sim.lp-too-large) when the bound's LP would be larger than SIM_LIMITS.lpTerms. */
export function checkBoundModelSize(
  input: SimInput,
  world: World,
  limit: number = SIM_LIMITS.lpTerms,
  opts: BoundOptions = ALL_BOUND_CONSTRAINTS,
): void {
  const terms = boundModelTerms(input, world, opts);
  if (terms > limit) {
    throw new SimLimitError(
      'sim.lp-too-large',
      `the offline-optimal LP would have about ${Math.round(terms).toLocaleString('en-US')} terms, more than the limit of ${limit.toLocaleString('en-US')} (${world.buckets.length.toLocaleString('en-US')} time buckets): use longer buckets or a shorter --horizon`,
    );
  }
}

export function buildBoundModel(input: SimInput, world: World, opts: BoundOptions = ALL_BOUND_CONSTRAINTS): BoundModel {
  const { buckets, pools, groups, terms } = world;
  const nb = buckets.length;
  const P = world.unservedPricePerH100Hour;
  const down = downHours(input, world);
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const xColumns: BoundColumn[] = [];
  let ncols = 0;
  const addObj = (name: string, c: number): void => {
    if (c !== 0) obj.push(`${c > 0 ? '+' : '-'} ${num(Math.abs(c))} ${name}`);
  };
  const groupTerms = new RowTerms(groups.length, nb);
  const poolTerms = new RowTerms(pools.length, nb);
  const termTerms = new RowTerms(terms.length, 1);
  const penaltyColumns: { name: string; weight: number; inference: boolean }[] = [];
  const lateColumns: string[] = [];
  const shortfallColumns: { name: string; price: number }[] = [];
  const wasteColumns: { name: string; price: number }[] = [];
  let constant = world.sunkCost;
  let unplaceableWork = 0;
  let inferenceDemand = 0;
  /** GPUs pool p can hold in bucket b (the least of its groups), and the hours it is up. */
  const poolCap = (pool: number, b: number): number =>
    Math.min(...pools[pool]!.groups.map((g) => item(groups, g).capacity[b] ?? 0));
  const upHours = (pool: number, b: number): number =>
    Math.max(0, item(buckets, b).hours - down[item(world.poolLoc, pool)]![b]!);
  /** Most units of a column whose blocks hold `gpus` GPUs and serve `perHour` units an hour each: whole blocks that
   * fit in the pool while it is up (gangs); 0 = the column is left out; Infinity = no bound. */
  const unitCap = (pool: number, b: number, gpus: number, perHour: number): number => {
    if (!opts.gangs) return Infinity;
    return Math.floor(poolCap(pool, b) / gpus) * perHour * upHours(pool, b);
  };

  const addX = (
    cls: string,
    template: number,
    pool: number,
    b: number,
    gh: number,
    ub: number,
    gpus: number,
  ): string => {
    const name = `x${ncols++}`;
    const p = item(pools, pool);
    const price = p.tier === 'reserved' ? 0 : (p.pricePerGpuHour[b] ?? 0);
    addObj(name, price * gh);
    for (const g of p.groups) groupTerms.add(g, b, `+ ${num(gh)} ${name}`);
    poolTerms.add(pool, b, `+ ${num(gh)} ${name}`);
    const t = p.tier === 'reserved' ? -1 : (p.burns[b] ?? -1);
    if (t >= 0) {
      const w = item(terms, t).unit === 'usd' ? price * gh : gh;
      if (w !== 0) termTerms.add(t, 0, `+ ${num(w)} ${name}`);
    }
    if (ub < Infinity) bounds.push(` ${name} <= ${num(ub)}`);
    xColumns.push({ name, cls, template, pool, b, gh, gpus });
    return name;
  };

  // Columns the big-gang rows read: a job's GPUs held and hours run per unit; an inference column's GPU-hours per unit.
  const jobCols: { name: string; pool: number; b: number; gpus: number; hoursPerUnit: number }[] = [];
  const infCols: { name: string; s: number; pool: number; b: number; gh: number }[] = [];
  const peakUnits: Float64Array[] = [];

  // Job classes: jobs of one template and gang size (same candidates). Per bucket: work arriving, work due (deadlines),
  // and the hours the class's jobs can run in it (each job one gang at a time, from its arrival to its due instant,
  // never longer than its work needs on the slowest candidate).
  interface JobClass {
    tpl: number;
    gpus: number;
    cands: readonly Candidate[];
    slowest: number;
    arrivals: Float64Array;
    present: Float64Array;
    due: Float64Array;
    alone?: AloneRates;
  }
  const classes = new Map<string, JobClass>();
  const jobs = input.jobs;
  const classOf: (JobClass | undefined)[] = [];
  for (let j = 0; j < jobs.count; j++) {
    if (item(jobs.arrival, j) >= world.end) break;
    const key = `${jobs.template[j]}|${jobs.gpus[j]}`;
    let c = classes.get(key);
    if (!c) {
      const cands = world.candidates(item(jobs.templates, item(jobs.template, j)), item(jobs.gpus, j), {
        clauses: false,
      });
      c = {
        tpl: item(jobs.template, j),
        gpus: item(jobs.gpus, j),
        cands,
        slowest: cands.reduce((m, cd) => Math.min(m, cd.rel), Infinity),
        arrivals: new Float64Array(nb),
        present: new Float64Array(nb),
        due: new Float64Array(nb),
      };
      classes.set(key, c);
    }
    classOf.push(c);
  }
  const due = opts.deadlines
    ? dueDates(input, world, (j) => {
        const c = classOf[j];
        if (!c || c.cands.length === 0) return undefined;
        c.alone ??= aloneRates(world, c.cands, c.gpus, poolCap, upHours);
        return c.alone;
      })
    : undefined;
  classOf.forEach((c, j) => {
    if (!c) return;
    const from = Math.max(item(jobs.arrival, j), world.start);
    const b0 = bucketOf(world, from);
    const work = item(jobs.work, j);
    addAt(c.arrivals, b0, work);
    const dueBy = due ? item(due.dueBy, j) : Infinity;
    if (dueBy < Infinity && work > 0) addAt(c.due, bucketOf(world, dueBy - 1), work);
    if (opts.parallelism && c.slowest < Infinity && c.gpus > 0) {
      const need = work / (c.gpus * c.slowest);
      for (let b = b0; b < nb; b++) addAt(c.present, b, windowHours(world, b, from, dueBy, need));
    }
  });
  checkBoundModelSize(input, world, SIM_LIMITS.lpTerms, opts);
  let k = 0;
  for (const [key, c] of classes) {
    const total = c.arrivals.reduce((s, x) => s + x, 0);
    const cands = c.cands;
    if (cands.length === 0 || total <= 0) {
      unplaceableWork += total;
      constant += P * total;
      k++;
      continue;
    }
    const first = c.arrivals.findIndex((x) => x > 0);
    const perBucket: string[][] = Array.from({ length: nb }, () => []);
    for (let b = first; b < nb; b++) {
      const par: string[] = [];
      for (const cd of cands) {
        // GPU-hours per H100 unit of work: the instances the gang holds ÷ the work they do an hour (gangs), or the
        // fluid 1 / rel.
        const gh = opts.gangs ? cd.gpus / (c.gpus * cd.rel) : 1 / cd.rel;
        const ub = unitCap(cd.pool, b, cd.gpus, c.gpus * cd.rel);
        if (ub <= 0) continue;
        const name = addX(`j${key}`, c.tpl, cd.pool, b, gh, ub, cd.gpus);
        jobCols.push({ name, pool: cd.pool, b, gpus: cd.gpus, hoursPerUnit: 1 / (c.gpus * cd.rel) });
        item(perBucket, b).push(`+ 1 ${name}`);
        par.push(`+ ${num(1 / (c.gpus * cd.rel))} ${name}`);
      }
      if (opts.parallelism && par.length) rows.push(`pj${k}_${b}: ${par.join(' ')} <= ${num(item(c.present, b))}`);
    }
    const u = `u${k}`;
    addObj(u, P);
    penaltyColumns.push({ name: u, weight: 1, inference: false });
    let cum = 0;
    let cumDue = 0;
    const acc: string[] = [];
    for (let b = first; b < nb; b++) {
      cum += item(c.arrivals, b);
      acc.push(...perBucket[b]!);
      if (b < nb - 1 && acc.length) rows.push(`cj${k}_${b}: ${acc.join(' ')} <= ${num(cum)}`);
      if (!(item(c.due, b) > 0)) continue;
      // Deadlines: the work due by this bucket's end is done by then; what the LP cannot fit is late, priced as
      // unserved (a run meeting every deadline has none).
      cumDue += item(c.due, b);
      const late = `l${k}_${b}`;
      addObj(late, P);
      lateColumns.push(late);
      rows.push(`dj${k}_${b}: ${acc.join(' ')} + 1 ${late} >= ${num(cumDue)}`);
    }
    rows.push(`tj${k}: ${acc.join(' ')} + 1 ${u} = ${num(total)}`);
    k++;
  }

  // Inference items: demand per bucket, hour by hour as the simulator's ticks set it.
  const shape = input.demandShape;
  input.services.forEach((svc, s) => {
    const D = new Float64Array(nb);
    const peak = new Float64Array(nb);
    peakUnits.push(peak);
    // The risk policy's spread: the most units one provider may serve, hour by hour (engine/spread.ts, with the
    // simulator's slack), summed per bucket as D is.
    const survive = opts.spread
      ? survivalRuleOf(world.scenario.snapshot.policy, svc.workload.priority)?.fraction
      : undefined;
    const capB = new Float64Array(nb);
    for (let h = 0, t = world.start; t < world.end; h++, t += HOUR_MS) {
      if (t < svc.start || t >= svc.end) continue;
      const units = svc.units * (shape?.length ? item(shape, h % shape.length) : 1);
      const cap = survive === undefined ? units : Math.max(0, maxUnitsPerProvider(units, survive, SPREAD_EPS));
      const hourEnd = Math.min(t + HOUR_MS, world.end);
      for (let b = bucketOf(world, t); b < nb && item(buckets, b).start < hourEnd; b++) {
        const frac = (Math.min(hourEnd, item(buckets, b).end) - Math.max(t, item(buckets, b).start)) / HOUR_MS;
        addAt(D, b, units * frac);
        addAt(capB, b, cap * frac);
        peak[b] = Math.max(item(peak, b), units);
      }
    }
    const cands = world.candidates(svc.workload, svc.workload.gpusPerReplica, { clauses: false, geo: svc.geo });
    for (let b = 0; b < nb; b++) {
      if (!(item(D, b) > 0)) continue;
      inferenceDemand += item(D, b);
      const v = `v${s}_${b}`;
      addObj(v, P * svc.workload.gpusPerReplica);
      penaltyColumns.push({ name: v, weight: svc.workload.gpusPerReplica, inference: true });
      const byProvider = new Map<string, string[]>();
      const xs = cands.flatMap((cd) => {
        const ub = unitCap(cd.pool, b, cd.gpus, cd.rel);
        if (!(ub > 0)) return [];
        const name = addX(`s${s}`, -1, cd.pool, b, cd.gpus / cd.rel, ub, cd.gpus);
        infCols.push({ name, s, pool: cd.pool, b, gh: cd.gpus / cd.rel });
        const prov = item(pools, cd.pool).provider;
        byProvider.set(prov, [...(byProvider.get(prov) ?? []), `+ 1 ${name}`]);
        return [`+ 1 ${name}`];
      });
      if (survive !== undefined && item(capB, b) < item(D, b))
        for (const [prov, ts] of byProvider)
          rows.push(`sp${s}_${b}_${prov.replace(/[^A-Za-z0-9]/g, '_')}: ${ts.join(' ')} <= ${num(item(capB, b))}`);
      rows.push(`d${s}_${b}: ${xs.join(' ')} + 1 ${v} = ${num(item(D, b))}`);
    }
  });

  if (opts.bigGangs) rows.push(...bigGangRows(world, jobCols, infCols, peakUnits));

  // Waste on commitment-burning pools.
  pools.forEach((p, pi) => {
    if (p.tier === 'reserved') return;
    for (let b = 0; b < nb; b++) {
      const t = p.burns[b] ?? -1;
      if (t < 0) continue;
      const name = `w${pi}_${b}`;
      const price = p.pricePerGpuHour[b] ?? 0;
      addObj(name, price);
      wasteColumns.push({ name, price });
      for (const g of p.groups) groupTerms.add(g, b, `+ 1 ${name}`);
      poolTerms.add(pi, b, `+ 1 ${name}`);
      const w = item(terms, t).unit === 'usd' ? price : 1;
      if (w !== 0) termTerms.add(t, 0, `+ ${num(w)} ${name}`);
      ncols++;
    }
  });

  // Capacity.
  groups.forEach((g, gi) => {
    for (let b = 0; b < nb; b++) {
      const ts = groupTerms.of(gi, b);
      if (ts.length) rows.push(`g${gi}_${b}: ${ts.join(' ')} <= ${num((g.capacity[b] ?? 0) * item(buckets, b).hours)}`);
    }
  });
  pools.forEach((p, pi) => {
    const loc = item(world.poolLoc, pi);
    for (let b = 0; b < nb; b++) {
      const ts = poolTerms.of(pi, b);
      const dh = down[loc]![b]!;
      if (!ts.length || dh <= 0) continue;
      const cap = Math.min(...p.groups.map((g) => item(groups, g).capacity[b] ?? 0));
      rows.push(`p${pi}_${b}: ${ts.join(' ')} <= ${num(cap * Math.max(0, item(buckets, b).hours - dh))}`);
    }
  });

  // Commitment terms.
  const prev = new Map<number, number>();
  terms.forEach((t) => {
    if (t.next >= 0) prev.set(t.next, t.index);
  });
  terms.forEach((t, ti) => {
    const s = `sf${ti}`;
    const f = t.next >= 0 ? t.carryForwardFraction : 0;
    const price = (1 - f) * (t.unit === 'usd' ? 1 : t.shortfallRate);
    addObj(s, price);
    shortfallColumns.push({ name: s, price });
    const p = prev.get(ti);
    const carry =
      p !== undefined && item(terms, p).carryForwardFraction > 0
        ? ` - ${num(item(terms, p).carryForwardFraction)} sf${p}`
        : '';
    rows.push(`m${ti}: 1 ${s} ${termTerms.of(ti, 0).join(' ')}${carry} >= ${num(t.minimum - t.preBurned)}`);
  });

  const wrap = (line: string): string => {
    const parts = line.split(' ');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i += 24) out.push(parts.slice(i, i + 24).join(' '));
    return out.join('\n  ');
  };
  const lp = [
    'Minimize',
    wrap(` obj: ${obj.length ? obj.join(' ') : '0 sf_none'}`),
    'Subject To',
    ...rows.map((r) => ` ${wrap(r)}`),
    ...(bounds.length ? ['Bounds', ...bounds] : []),
    'End',
    '',
  ].join('\n');
  const reservedBlocks: { group: number; rate: number; gpuHours: number }[] = [];
  for (const c of world.scenario.snapshot.contracts)
    for (const block of c.reserved) {
      const g = groups.findIndex((x) => x.id === `${c.id}/${block.id}`);
      if (g >= 0)
        reservedBlocks.push({
          group: g,
          rate: block.ratePerGpuHour,
          gpuHours: buckets.reduce((acc, bk, b) => acc + (item(groups, g).capacity[b] ?? 0) * bk.hours, 0),
        });
    }
  return {
    lp,
    xColumns,
    shortfallColumns,
    wasteColumns,
    reservedBlocks,
    constant,
    columns: ncols + penaltyColumns.length + lateColumns.length + terms.length,
    rows: rows.length,
    penaltyColumns,
    inferenceDemand,
    unplaceableWork,
    lateColumns,
    relaxedDeadlines: due?.relaxed ?? [],
  };
}

export function offlineOptimal(
  input: SimInput,
  world: World,
  solve: LpSolve,
  opts: BoundOptions = ALL_BOUND_CONSTRAINTS,
): BoundResult {
  const model = buildBoundModel(input, world, opts);
  return boundFromAnswer(model, world, solve(model.lp));
}

export * from './bound-types.js';
export { answerColumns, boundFromAnswer } from './bound-answer.js';
