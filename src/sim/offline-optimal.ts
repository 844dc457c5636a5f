/**
 * `offline-optimal`: a LOWER BOUND on the effective cost of any policy, with perfect foresight of every arrival, demand
 * and outage. A fluid linear program over the simulator's time buckets (the LP text is built here, pure; the shell
 * solves it with HiGHS through the `LpSolve` port).
 *
 * Data. Buckets b (World.buckets, hours h_b); pools p with price π_pb (0 for reserved: sunk), capacity groups g with
 * size C_gb, pool p up for U_pb hours of bucket b (outages merged per location); commitment terms t with minimum M_t,
 * pre-burned R_t, carry-forward f_t (0 for a contract's last term), shortfall rate ρ_t (1 for USD terms);
 * P = World.unservedPricePerH100Hour. Demand classes k: job classes (jobs with the same template and gang size:
 * same candidate pools) with work A_kb (H100 GPU-hours) arriving in bucket b; inference items (service × geo) with
 * D_kb H100-replica unit-hours demanded in b. Candidates E_k: every pool that passes the engine's filters WITHOUT
 * contract clauses (the loosest set any policy uses); a unit of k on p takes γ_kp GPU-hours (jobs: 1/rel_p;
 * inference: gpusPerReplica/rel_p).
 *
 * Variables x_kpb >= 0 (units of k served on p in b), u_k >= 0 (job work never done), v_kb >= 0 (inference unserved),
 * s_t >= 0 (shortfall of term t), w_pb >= 0 (GPU-hours bought on a commitment-burning pool that serve no demand:
 * rework, whole-instance rounding, replicas above demand — they cost and burn like any other GPU-hour).
 *   minimise  Σ π_pb (γ_kp x_kpb + w_pb) + Σ_t (1 − f_t) ρ_t s_t + P (Σ u_k + Σ gpusPerReplica_k v_kb) + sunk
 *   s.t.  jobs:       Σ_{b'<=b} Σ_p x_kpb' <= Σ_{b'<=b} A_kb'  for every b;   Σ_pb x_kpb + u_k = Σ_b A_kb
 *         inference:  Σ_p x_kpb + v_kb = D_kb
 *         capacity:   Σ_{k, p in g} γ_kp x_kpb + w_pb <= C_gb h_b;   Σ_k γ_kp x_kpb + w_pb <= min_{g∋p} C_gb · U_pb
 *         terms:      s_t + Σ_{p,b burning t} ω_pb (Σ_k γ_kp x_kpb + w_pb) − f_{t−1} s_{t−1} >= M_t − R_t
 *                     (ω = π_pb for USD terms, 1 for GPU-hour terms; t−1 the previous period of the same contract)
 *
 * Why it is a lower bound. Take any run of any policy (simulate.ts). Let x be the useful work it did — H100 work that
 * was checkpointed, finished or in progress at the horizon end — and the inference it served (never above demand),
 * per pool and bucket; w the rest of its GPU-hours on commitment-burning pools; u, v what it left undone; s its
 * shortfalls as simulate.ts settles them (s_t = max(0, M_t + carry − burn)). That point is feasible: work is done
 * after it arrives (cumulative rows); the policy never holds more GPUs than a group's size nor anything on a pool that
 * is down, and its GPU-hours on a pool are at least γ × useful units, the excess being w on burning pools (so its burn
 * of every term is exactly the LP's at that point). The point's objective is at most the policy's effective cost
 * (billed + P × unserved): the same prices on no more GPU-hours (waste on non-burning pools is dropped), the same
 * shortfalls, the same sunk charges and penalties. So the LP optimum is at most every policy's effective cost. Every
 * online policy uses a subset of E_k (skyfleet adds the exclusivity filter, single:<p> one provider's pools) and
 * never spot for inference, so its choices are all in the model.
 * Caveat: the ledger rounds each posting to the cent, so a policy's billed cost can sit below its exact cost by
 * half a cent per posting; and HiGHS solves to a small feasibility tolerance. Tests allow exactly those.
 * The bound ignores policy caps, survivability and gang placement (relaxations only lower it).
 */
import { SIM_LIMITS, SimLimitError } from './limits.js';
import type { SimInput } from './inputs.js';
import { HOUR_MS, type World } from './world.js';

export interface LpAnswer {
  readonly status: string;
  readonly objective: number;
  primal(name: string): number;
}

/** Solves an LP in CPLEX LP format (the shell runs HiGHS). */
export type LpSolve = (lp: string) => LpAnswer;

export interface BoundModel {
  readonly lp: string;
  /** Constant added to the LP objective: sunk reserved charges + penalty for work no pool can take. */
  readonly constant: number;
  readonly columns: number;
  readonly rows: number;
  readonly penaltyColumns: readonly { readonly name: string; readonly weight: number; readonly inference: boolean }[];
  readonly inferenceDemand: number;
  readonly unplaceableWork: number;
}

export interface BoundResult {
  readonly status: string;
  readonly effectiveUsd: number;
  readonly billedUsd: number;
  readonly unservedUsd: number;
  /** Inference served / demanded; null without inference demand. */
  readonly attainment: number | null;
  readonly columns: number;
  readonly rows: number;
}

/** Down hours of each location in each bucket (outages merged). */
function downHours(input: SimInput, world: World): Float64Array[] {
  const out = world.locations.map(() => new Float64Array(world.buckets.length));
  world.locations.forEach((loc, k) => {
    const iv = input.outages
      .filter((o) => o.provider === loc.provider && (o.region === '*' || o.region === loc.region))
      .map((o) => [Math.max(o.start, world.start), Math.min(o.end, world.end)] as const)
      .filter(([a, b]) => b > a)
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [a, b] of iv) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    world.buckets.forEach((bk, i) => {
      let h = 0;
      for (const [a, b] of merged) h += Math.max(0, Math.min(b, bk.end) - Math.max(a, bk.start)) / HOUR_MS;
      out[k]![i] = h;
    });
  });
  return out;
}

const bucketOf = (world: World, t: number): number => {
  let lo = 0,
    hi = world.buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (world.buckets[mid]!.start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

const num = (v: number): string => {
  const s = Number.isInteger(v) ? String(v) : v.toPrecision(15);
  return s.includes('e') ? v.toExponential(14) : s;
};

/**
 * The number of terms (coefficients) of the bound's LP, counted from the job classes, services and pools before any
 * of it is built: a job class's cumulative rows hold every earlier bucket's terms (quadratic in the buckets), so
 * hourly buckets over years would be billions of terms.
 */
export function boundModelTerms(input: SimInput, world: World): number {
  const nb = world.buckets.length;
  const jobs = input.jobs;
  const first = new Map<string, { tpl: number; gpus: number; b: number }>();
  for (let j = 0; j < jobs.count; j++) {
    const at = jobs.arrival[j]!;
    if (at >= world.end) break;
    const key = `${jobs.template[j]}|${jobs.gpus[j]}`;
    if (!first.has(key) && jobs.work[j]! > 0)
      first.set(key, { tpl: jobs.template[j]!, gpus: jobs.gpus[j]!, b: bucketOf(world, Math.max(at, world.start)) });
  }
  let terms = 0;
  for (const c of first.values()) {
    const n = nb - c.b;
    terms += (world.candidates(jobs.templates[c.tpl]!, c.gpus, { clauses: false }).length * n * (n + 3)) / 2;
  }
  for (const svc of input.services)
    terms +=
      2 * nb * world.candidates(svc.workload, svc.workload.gpusPerReplica, { clauses: false, geo: svc.geo }).length;
  return terms + 3 * world.pools.length * nb;
}

/** Throws SimLimitError (sim.lp-too-large) when the bound's LP would be larger than SIM_LIMITS.lpTerms. */
export function checkBoundModelSize(input: SimInput, world: World, limit: number = SIM_LIMITS.lpTerms): void {
  const terms = boundModelTerms(input, world);
  if (terms > limit) {
    throw new SimLimitError(
      'sim.lp-too-large',
      `the offline-optimal LP would have about ${Math.round(terms).toLocaleString('en-US')} terms, more than the limit of ${limit.toLocaleString('en-US')} (${world.buckets.length.toLocaleString('en-US')} time buckets): use longer buckets or a shorter --horizon`,
    );
  }
}

export function buildBoundModel(input: SimInput, world: World): BoundModel {
  const { buckets, pools, groups, terms } = world;
  const nb = buckets.length;
  const P = world.unservedPricePerH100Hour;
  const down = downHours(input, world);
  interface Col {
    name: string;
    pool: number;
    b: number;
    gh: number;
  }
  const obj: string[] = [];
  const rows: string[] = [];
  let ncols = 0;
  const addObj = (name: string, c: number): void => {
    if (c !== 0) obj.push(`${c > 0 ? '+' : '-'} ${num(Math.abs(c))} ${name}`);
  };
  const groupTerms = new RowTerms(groups.length, nb);
  const poolTerms = new RowTerms(pools.length, nb);
  const termTerms = new RowTerms(terms.length, 1);
  const penaltyColumns: { name: string; weight: number; inference: boolean }[] = [];
  let constant = world.sunkCost;
  let unplaceableWork = 0;
  let inferenceDemand = 0;

  const addX = (cls: string, pool: number, b: number, gh: number): Col => {
    const name = `x${ncols++}`;
    const p = pools[pool]!;
    const price = p.tier === 'reserved' ? 0 : (p.pricePerGpuHour[b] ?? 0);
    addObj(name, price * gh);
    for (const g of p.groups) groupTerms.add(g, b, `+ ${num(gh)} ${name}`);
    poolTerms.add(pool, b, `+ ${num(gh)} ${name}`);
    const t = p.tier === 'reserved' ? -1 : (p.burns[b] ?? -1);
    if (t >= 0) {
      const w = terms[t]!.unit === 'usd' ? price * gh : gh;
      if (w !== 0) termTerms.add(t, 0, `+ ${num(w)} ${name}`);
    }
    void cls;
    return { name, pool, b, gh };
  };

  // Job classes.
  const classes = new Map<string, { tpl: number; gpus: number; arrivals: Float64Array }>();
  const jobs = input.jobs;
  for (let j = 0; j < jobs.count; j++) {
    const at = jobs.arrival[j]!;
    if (at >= world.end) break;
    const key = `${jobs.template[j]}|${jobs.gpus[j]}`;
    let c = classes.get(key);
    if (!c) {
      c = { tpl: jobs.template[j]!, gpus: jobs.gpus[j]!, arrivals: new Float64Array(nb) };
      classes.set(key, c);
    }
    c.arrivals[bucketOf(world, Math.max(at, world.start))]! += jobs.work[j]!;
  }
  checkBoundModelSize(input, world);
  let k = 0;
  for (const c of classes.values()) {
    const total = c.arrivals.reduce((s, x) => s + x, 0);
    const cands = world.candidates(jobs.templates[c.tpl]!, c.gpus, { clauses: false });
    if (cands.length === 0 || total <= 0) {
      unplaceableWork += total;
      constant += P * total;
      k++;
      continue;
    }
    const first = c.arrivals.findIndex((x) => x > 0);
    const perBucket: string[][] = Array.from({ length: nb }, () => []);
    for (let b = first; b < nb; b++)
      for (const cd of cands) perBucket[b]!.push(`+ 1 ${addX(`j${k}`, cd.pool, b, 1 / cd.rel).name}`);
    const u = `u${k}`;
    addObj(u, P);
    penaltyColumns.push({ name: u, weight: 1, inference: false });
    let cum = 0;
    const acc: string[] = [];
    for (let b = first; b < nb; b++) {
      cum += c.arrivals[b]!;
      acc.push(...perBucket[b]!);
      if (b < nb - 1 && acc.length) rows.push(`cj${k}_${b}: ${acc.join(' ')} <= ${num(cum)}`);
    }
    rows.push(`tj${k}: ${acc.join(' ')} + 1 ${u} = ${num(total)}`);
    k++;
  }

  // Inference items: demand per bucket, hour by hour as the simulator's ticks set it.
  const shape = input.demandShape;
  input.services.forEach((svc, s) => {
    const D = new Float64Array(nb);
    for (let h = 0, t = world.start; t < world.end; h++, t += HOUR_MS) {
      if (t < svc.start || t >= svc.end) continue;
      const units = svc.units * (shape?.length ? shape[h % shape.length]! : 1);
      const hourEnd = Math.min(t + HOUR_MS, world.end);
      for (let b = bucketOf(world, t); b < nb && buckets[b]!.start < hourEnd; b++) {
        D[b]! += (units * (Math.min(hourEnd, buckets[b]!.end) - Math.max(t, buckets[b]!.start))) / HOUR_MS;
      }
    }
    const cands = world.candidates(svc.workload, svc.workload.gpusPerReplica, { clauses: false, geo: svc.geo });
    for (let b = 0; b < nb; b++) {
      if (!(D[b]! > 0)) continue;
      inferenceDemand += D[b]!;
      const v = `v${s}_${b}`;
      addObj(v, P * svc.workload.gpusPerReplica);
      penaltyColumns.push({ name: v, weight: svc.workload.gpusPerReplica, inference: true });
      const xs = cands.map((cd) => `+ 1 ${addX(`s${s}`, cd.pool, b, cd.gpus / cd.rel).name}`);
      rows.push(`d${s}_${b}: ${xs.join(' ')} + 1 ${v} = ${num(D[b]!)}`);
    }
  });

  // Waste on commitment-burning pools.
  pools.forEach((p, pi) => {
    if (p.tier === 'reserved') return;
    for (let b = 0; b < nb; b++) {
      const t = p.burns[b] ?? -1;
      if (t < 0) continue;
      const name = `w${pi}_${b}`;
      const price = p.pricePerGpuHour[b] ?? 0;
      addObj(name, price);
      for (const g of p.groups) groupTerms.add(g, b, `+ 1 ${name}`);
      poolTerms.add(pi, b, `+ 1 ${name}`);
      const w = terms[t]!.unit === 'usd' ? price : 1;
      if (w !== 0) termTerms.add(t, 0, `+ ${num(w)} ${name}`);
      ncols++;
    }
  });

  // Capacity.
  groups.forEach((g, gi) => {
    for (let b = 0; b < nb; b++) {
      const ts = groupTerms.of(gi, b);
      if (ts.length) rows.push(`g${gi}_${b}: ${ts.join(' ')} <= ${num((g.capacity[b] ?? 0) * buckets[b]!.hours)}`);
    }
  });
  pools.forEach((p, pi) => {
    const loc = world.poolLoc[pi]!;
    for (let b = 0; b < nb; b++) {
      const ts = poolTerms.of(pi, b);
      const dh = down[loc]![b]!;
      if (!ts.length || dh <= 0) continue;
      const cap = Math.min(...p.groups.map((g) => groups[g]!.capacity[b] ?? 0));
      rows.push(`p${pi}_${b}: ${ts.join(' ')} <= ${num(cap * Math.max(0, buckets[b]!.hours - dh))}`);
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
    addObj(s, (1 - f) * (t.unit === 'usd' ? 1 : t.shortfallRate));
    const p = prev.get(ti);
    const carry =
      p !== undefined && terms[p]!.carryForwardFraction > 0 ? ` - ${num(terms[p]!.carryForwardFraction)} sf${p}` : '';
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
    'End',
    '',
  ].join('\n');
  return {
    lp,
    constant,
    columns: ncols + penaltyColumns.length + terms.length,
    rows: rows.length,
    penaltyColumns,
    inferenceDemand,
    unplaceableWork,
  };
}

export function offlineOptimal(input: SimInput, world: World, solve: LpSolve): BoundResult {
  const model = buildBoundModel(input, world);
  return boundFromAnswer(model, world, solve(model.lp));
}

/** The bound from the LP's answer (for a solver that answers later, e.g. in a worker: build, solve, then this). */
export function boundFromAnswer(model: BoundModel, world: World, ans: LpAnswer): BoundResult {
  if (ans.status !== 'Optimal') throw new Error(`offline-optimal LP: HiGHS status ${ans.status}`);
  const P = world.unservedPricePerH100Hour;
  let unservedH100 = model.unplaceableWork;
  let unservedInference = 0;
  for (const c of model.penaltyColumns) {
    const v = Math.max(0, ans.primal(c.name) || 0);
    unservedH100 += v * c.weight;
    if (c.inference) unservedInference += v;
  }
  const effectiveUsd = model.constant + ans.objective;
  const unservedUsd = unservedH100 * P;
  return {
    status: ans.status,
    effectiveUsd,
    billedUsd: effectiveUsd - unservedUsd,
    unservedUsd,
    attainment: model.inferenceDemand > 0 ? 1 - unservedInference / model.inferenceDemand : null,
    columns: model.columns,
    rows: model.rows,
  };
}

/** The terms of the LP rows of one kind (capacity group, pool, commitment term), one list per (row, bucket), all made
 * up front: the one place that checks a (row, bucket) pair is in range. */
class RowTerms {
  private readonly lists: string[][];

  constructor(
    rows: number,
    private readonly buckets: number,
  ) {
    this.lists = Array.from({ length: rows * buckets }, () => []);
  }

  add(row: number, bucket: number, term: string): void {
    this.of(row, bucket).push(term);
  }

  of(row: number, bucket: number): string[] {
    const list = this.lists[row * this.buckets + bucket];
    if (list === undefined || bucket >= this.buckets)
      throw new RangeError(`LP row ${row}, bucket ${bucket}: out of range`);
    return list;
  }
}
