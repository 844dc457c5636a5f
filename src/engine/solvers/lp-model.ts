/**
 * The exact placement model, written as CPLEX LP text for HiGHS (the shell runs it: src/solver-highs).
 * Its objective IS the bill of objective.ts (`evaluate().bill`: spend + paid shortfall + expected preemption + the
 * constant sunk cost), plus penalties that are zero for a plan placing every unit within its first refusal; so the
 * MIP optimum's bill equals HiGHS's objective (to the cent, up to HiGHS's tolerances), and the LP relaxation — the
 * same columns and rows with integrality dropped, less the integer-only rows (minProviders, exact shortfall: dropping
 * rows only widens it) — is a true lower bound on the bill of every feasible plan that places everything
 * (src/solver-highs/bound.test.ts checks both).
 * `readSolution` maps the column values back to units per candidate.
 *
 * THE MODEL (i item, k candidate of i, p provider, g capacity group, b bucket, t commitment term, T team)
 *
 * Variables
 *   x_k ∈ [0, units_i]   units of item i(k) on candidate k. For an indivisible item (a gang) the column is the
 *                        fraction of the item (x_k = units_i·v_k, v_k binary in integer mode). For a divisible item
 *                        in integer mode x_k is integer, except when a replica serves unitsPerReplica ≠ 1 units (or
 *                        the demand is fractional): then x_k is continuous and r_k ∈ ℤ (continuous in the LP) counts
 *                        whole replicas, r_k = ⌈x_k / upr_k⌉ exactly: upr_k·r_k ≥ x_k and
 *                        x_k ≥ upr_k·(r_k − 1) + ε_k (ε_k = min(REPLICA_MIN_UNITS, upr_k/2)), so no replica runs idle;
 *                        capacity and GPU shares count replicaGpus_k·r_k (problem.ts gpusForUnits, as the greedy and
 *                        the evaluator count them). An idle replica would let the MIP count GPUs the plan never runs
 *                        (once: other providers' idle replicas diluting a capped provider's GPU share, a "plan"
 *                        below its own LP bound).
 *                        A replica here is a block of whole instances (shape.ts): r_k also carries the candidate's
 *                        cost, commitment burn and spend (each per unit × unitsPerReplica_k), so a placement pays for
 *                        whole instances (problem.ts paidUnits) — below, "·x_k" reads "·unitsPerReplica_k·r_k" then.
 *   u_i ≥ 0              unplaced units of item i.
 *   s_t ∈ [0, S̄_t]       shortfall of commitment term t in its unit (USD or GPU-hours); S̄_t = M_t + Σ f_q S̄_q.
 *   y_{i,p}, w_i ∈ {0,1} (integer mode, minProviders_i > 1 only) provider p holds some of item i; i is served.
 *   z_t ∈ {0,1}          (integer mode, only when a spend-share cap exists) s_t is positive.
 *
 * Objective (USD, divided by `usdScale` in the text so that HiGHS sees numbers near 1e3)
 *   min Σ_k (Σ_b spend_{k,b} + preemptionCost_k + rofr_k)·x_k + Σ_t (1 − f_t)·rate_t·s_t + Σ_i P_i·u_i
 *     f_t    = carry-forward fraction of t (0 for the last period of a contract: it pays everything);
 *     rate_t = 1 for a USD term, shortfallRate for a GPU-hour term;
 *     P_i    = 1e3·C·(1 + maxPriority − priority_i), C = the largest per-unit cost of any candidate (spend,
 *              preemption, commitment burn): leaving a unit unplaced costs more than any placement; priority 1
 *              weighs most;
 *     rofr_k = 10·C when item i has first-refusal providers and provider(k) is not one of them: the work goes
 *              elsewhere only when the first-refusal providers cannot take it (large against costs, below P_i).
 *   plus the constant sunkCost. The COST part (spend + preemption + paid shortfall + sunk) is objective.ts
 *   `evaluate().bill` of the solution, term for term (s_t = max(0, M_t + carry-in − preBurned_t − U_t) at the optimum,
 *   paid at (1 − f_t)·rate_t, as settleCommitments pays it). Preferences (the scorers' preference_k) are no cost and
 *   are not in it: the MIP minimises the bill; the greedy weighs them, and plan.ts keeps the greedy plan when the bills
 *   tie. lp-solution.ts `scoreOf` prices any plan (the greedy's too) by this same objective.
 *
 * Constraints
 *   demand        ∀i:      Σ_{k∈cand(i)} x_k + u_i = units_i
 *   capacity      ∀g,b:    Σ_{k: g∈groups(pool k), first_k ≤ b ≤ last_k} gpusPerUnit_k·x_k ≤ capacity_{g,b}
 *                          (rows implied by the demand bounds and duplicate rows are dropped)
 *   spread        ∀i,p:    Σ_{k∈cand(i), provider(k)=p} x_k ≤ maxUnitsPerProvider_i   (when < units_i)
 *   minProviders  ∀i with minProviders_i > 1 (integer mode): y_{i,p}·min(1, units_i/n_i) ≤ Σ_{k on p} x_k,
 *                          Σ_k x_k ≤ units_i·w_i, Σ_p y_{i,p} ≥ n_i·w_i, n_i = ⌈min(minProviders_i, units_i)⌉:
 *                          an item served at all is served by n_i providers (as the greedy solver does it).
 *                          The LP relaxation drops it.
 *   commitment    ∀t:      s_t ≥ M_t + Σ_{q: next_q = t} f_q·s_q − preBurned_t − U_t,
 *                          U_t = Σ_k Σ_{b: burns(pool k)[b] = t} (spend_{k,b} for USD | gpuHours_{k,b})·x_k
 *   exact shortfall (integer mode, spend caps only): s_t ≤ S̄_t·z_t, s_t ≤ D_t + B_t·(1 − z_t) with D_t the
 *                          right-hand side above and B_t ≥ −D_t, so s_t = max(0, D_t) and paying shortfall
 *                          voluntarily cannot dilute another provider's share. The LP relaxation drops it.
 *   spend share   ∀p with maxSpendShare_p < 1:  spend_p + paid_p + sunk_p ≤ share_p·Σ_q (spend_q + paid_q + sunk_q)
 *                          (spend = Σ_k on p of Σ_b spend_{k,b}·x_k, paid = Σ_{t of p} (1 − f_t)·rate_t·s_t)
 *   GPU share     ∀p with maxGpuShare_p < 1, ∀b: Σ_{k on p active in b} gpus_k ≤ share_p·Σ_{k active in b} gpus_k
 *   team budget   ∀T:      Σ_{k: team(i(k)) = T} (Σ_b spend_{k,b} + preemptionCost_k)·x_k ≤ budget_T
 *
 * The LP relaxation (integer: false) is a bound, not a plan: it also drops rofr_k (not a cost), so its cost part is a
 * true lower bound on the bill of every feasible plan that places every item. It is reported only when HiGHS proves
 * it optimal.
 *
 * Limits (src/solver-highs/run.ts): HiGHS runs on one thread with a fixed random seed, stopped only by counts —
 * `mip_max_nodes` (profile.mipMaxNodes) for the MIP, `simplex_iteration_limit` (profile.lpIterationLimit) for the
 * LP — so the same model gives the same answer on any machine under any load. A MIP stopped at its node limit gives
 * its best incumbent (status `node-limit`; plan.ts reports the greedy plan instead when that is better or there is no
 * incumbent); an LP stopped at its iteration limit gives no bound (`iteration-limit`). The wall-clock `time_limit` is
 * only a safety net far beyond both; a plan it ever cuts short has status `time-limit` and says it depends on timing.
 * Constraints that no placement can satisfy (a spend-share cap broken by sunk charges alone) make HiGHS report the
 * model infeasible; everything else is always feasible, since every item may stay unplaced.
 */
import type { ProviderId } from '../../core/types.js';
import { gpusForUnits, type Candidate, type Problem } from '../problem.js';

/** Penalty multiples of the reference per-unit cost C (see the model). */
export const UNPLACED_MULTIPLE = 1e3;
export const ROFR_MULTIPLE = 10;
/** Units a replica serves at least (x_k ≥ upr·(r_k − 1) + this): a replica serving next to nothing is not run. */
export const REPLICA_MIN_UNITS = 1e-3;

export interface LpModelOptions {
  readonly integer: boolean;
}

export type LpColumn =
  | {
      readonly kind: 'x';
      readonly name: string;
      readonly item: number;
      readonly candidate: number;
      readonly unitsPerValue: number;
      readonly integral: boolean;
    }
  | { readonly kind: 'u'; readonly name: string; readonly item: number; readonly unitsPerValue: number }
  | { readonly kind: 's'; readonly name: string; readonly term: number; readonly unitsPerValue: number }
  | { readonly kind: 'r'; readonly name: string; readonly candidate: number; readonly unitsPerValue: number }
  | { readonly kind: 'y' | 'w' | 'z'; readonly name: string };

export interface LpModel {
  readonly text: string;
  readonly integer: boolean;
  readonly columns: readonly LpColumn[];
  readonly rows: number;
  readonly nonzeros: number;
  /** USD per objective unit in the text. */
  readonly usdScale: number;
  /** USD per unit (or per missing unit) of each penalty: unplaced per item, ROFR per unit. */
  readonly unplacedPenalty: readonly number[];
  readonly rofrPenalty: number;
}

type Terms = Map<string, number>;
interface Row {
  readonly name: string;
  readonly terms: Terms;
  readonly sense: '<=' | '>=' | '=';
  rhs: number;
}

/** Numbers as LP text: JavaScript's shortest round-trip form (HiGHS reads `1e-7` and `1.5e+21`). */
function fmt(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`non-finite number in LP model: ${v}`);
  return String(v);
}

function add(terms: Terms, name: string, coef: number): void {
  if (coef !== 0) terms.set(name, (terms.get(name) ?? 0) + coef);
}

function linear(terms: Terms): string {
  const parts: string[] = [];
  let n = 0;
  for (const [name, coef] of terms) {
    if (coef === 0) continue;
    parts.push(`${coef < 0 ? '-' : '+'} ${fmt(Math.abs(coef))} ${name}`);
    if (++n % 8 === 0) parts.push('\n  ');
  }
  return parts.join(' ');
}

interface CandInfo {
  readonly k: number;
  readonly c: Candidate;
  readonly item: number;
  readonly x: string;
  readonly mult: number; // units per column unit
  readonly ub: number; // column upper bound
  readonly provider: ProviderId;
  readonly spend: number; // Σ_b spend per unit
  readonly cost: number; // spend + preemption per unit
  readonly replica?: { readonly name: string; readonly upr: number; readonly gpus: number; readonly ub: number };
}

function reference(problem: Problem, cands: readonly CandInfo[]): number {
  let ref = 0;
  for (const { c, cost } of cands) {
    const pool = problem.pools[c.pool]!;
    let burn = 0;
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      const t = pool.burns[b] ?? -1;
      const term = t >= 0 ? problem.commitments[t] : undefined;
      if (term?.unit === 'gpu-hours') burn += (c.gpuHours[b - c.firstBucket] ?? 0) * term.shortfallRate;
    }
    ref = Math.max(ref, cost + burn);
  }
  return Number.isFinite(ref) && ref > 0 ? ref : 1;
}

const pow10Near = (v: number, digits: number): number => 10 ** (Math.ceil(Math.log10(v > 0 ? v : 1)) - digits);

function candidates(problem: Problem): CandInfo[] {
  const out: CandInfo[] = [];
  for (const item of problem.items) {
    if (!(item.units > 0)) continue;
    const wholeDemand = Number.isInteger(item.units);
    for (const k of item.candidates) {
      const c = problem.candidates[k]!;
      const spend = c.spend.reduce((s, v) => s + v, 0);
      const mult = item.divisible ? 1 : item.units;
      const upr = c.unitsPerReplica ?? 1;
      // Whole replicas in both modes (the LP drops only their integrality), so the relaxation is a relaxation.
      const needsReplicas = item.divisible && (Math.abs(upr - 1) > 1e-12 || !wholeDemand);
      out.push({
        k,
        c,
        item: item.index,
        x: `x${k}`,
        mult,
        ub: item.divisible ? item.units : 1,
        provider: problem.pools[c.pool]!.provider,
        spend,
        cost: spend + c.preemptionCost,
        ...(needsReplicas
          ? {
              replica: {
                name: `r${k}`,
                upr,
                gpus: c.replicaGpus ?? c.gpusPerUnit * upr,
                ub: Math.ceil(item.units / upr - 1e-9),
              },
            }
          : {}),
      });
    }
  }
  return out;
}

/** The column a candidate's cost, spend and commitment burn sit on, and its units per column unit: the block count
 * r_k when it has one (whole instances are paid for), else x_k. */
function paidTerm(ci: CandInfo): { name: string; mult: number; ub: number } {
  return ci.replica
    ? { name: ci.replica.name, mult: ci.replica.upr, ub: ci.replica.ub }
    : { name: ci.x, mult: ci.mult, ub: ci.ub };
}

/** GPUs a candidate occupies, as terms, and the most it can occupy: whole replicas r_k, or (a gang, or one unit per
 * replica with whole demand, where x_k is integral) the GPUs of one column unit by the same rule as the greedy's and
 * the evaluator's (problem.ts gpusForUnits). */
function gpuTerms(ci: CandInfo): { name: string; coef: number; max: number } {
  if (ci.replica) return { name: ci.replica.name, coef: ci.replica.gpus, max: ci.replica.gpus * ci.replica.ub };
  const coef = gpusForUnits(ci.mult, ci.c.gpusPerUnit, ci.c.replicaGpus, ci.c.unitsPerReplica);
  return { name: ci.x, coef, max: coef * ci.ub };
}

/** Rows over buckets with the same active set are kept once (with the tightest right-hand side). */
function perBucketRows(
  prefix: string,
  buckets: number,
  members: readonly CandInfo[],
  rhs: (b: number) => number,
  coef: (ci: CandInfo) => number,
  keep: (active: readonly CandInfo[], rhs: number) => boolean,
): Row[] {
  const byKey = new Map<string, Row>();
  for (let b = 0; b < buckets; b++) {
    const active = members.filter((ci) => ci.c.firstBucket <= b && b <= ci.c.lastBucket);
    const r = rhs(b);
    if (active.length === 0 || !keep(active, r)) continue;
    const key = active.map((ci) => ci.k).join(',');
    const seen = byKey.get(key);
    if (seen) {
      seen.rhs = Math.min(seen.rhs, r);
      continue;
    }
    const terms: Terms = new Map();
    for (const ci of active) {
      const g = gpuTerms(ci);
      add(terms, g.name, g.coef * coef(ci));
    }
    byKey.set(key, { name: `${prefix}_${b}`, terms, sense: '<=', rhs: r });
  }
  return [...byKey.values()];
}

/** Everything the row builders share while one model is built. */
interface Ctx {
  readonly problem: Problem;
  readonly integer: boolean;
  readonly cands: readonly CandInfo[];
  readonly byItem: ReadonlyMap<number, readonly CandInfo[]>;
  readonly usdScale: number;
  /** Per commitment term: term units (USD or GPU-hours) per unit of its s column. */
  readonly sigma: readonly number[];
  /** Per commitment term: objective coefficient of its s column (scaled USD paid per column unit). */
  readonly paidPerCol: readonly number[];
  readonly unplacedPenalty: readonly number[];
  readonly rofrPenalty: number;
  readonly columns: LpColumn[];
  readonly rows: Row[];
  readonly obj: Terms;
  readonly bounds: string[];
  readonly binaries: string[];
  readonly generals: string[];
}

export function buildLpModel(problem: Problem, opts: LpModelOptions): LpModel {
  const integer = opts.integer;
  const cands = candidates(problem);
  const ref = reference(problem, cands);
  const usdScale = pow10Near(ref, 3);
  let maxGh = 0;
  for (const ci of cands) maxGh = Math.max(maxGh, ci.c.gpuHours.reduce((s, v) => s + v, 0) * ci.mult);
  for (const t of problem.commitments) if (t.unit === 'gpu-hours') maxGh = Math.max(maxGh, t.minimum);
  const ghScale = pow10Near(maxGh, 3);
  const sigma = problem.commitments.map((t) => (t.unit === 'usd' ? usdScale : ghScale));
  const maxPriority = problem.items.reduce((m, it) => Math.max(m, it.priority), 1);
  const byItem = new Map<number, CandInfo[]>();
  for (const ci of cands) {
    const list = byItem.get(ci.item);
    if (list) list.push(ci);
    else byItem.set(ci.item, [ci]);
  }
  const ctx: Ctx = {
    problem,
    integer,
    cands,
    byItem,
    usdScale,
    sigma,
    paidPerCol: problem.commitments.map(
      (t, ti) =>
        ((1 - (t.next >= 0 ? t.carryForwardFraction : 0)) * (t.unit === 'usd' ? 1 : t.shortfallRate) * sigma[ti]!) /
        usdScale,
    ),
    unplacedPenalty: problem.items.map((it) => UNPLACED_MULTIPLE * ref * (1 + maxPriority - it.priority)),
    rofrPenalty: ROFR_MULTIPLE * ref,
    columns: [],
    rows: [],
    obj: new Map(),
    bounds: [],
    binaries: [],
    generals: [],
  };
  addPlacementColumns(ctx);
  for (const [i, list] of byItem) {
    addItemRows(ctx, i, list);
    if (integer && problem.items[i]!.divisible && problem.items[i]!.minProviders > 1) addMinProviders(ctx, i, list);
  }
  addCapacityRows(ctx);
  addCommitmentRows(ctx);
  addPolicyRows(ctx);
  return render(ctx);
}

/** x (and r) columns with their objective coefficients, bounds and integrality. */
function addPlacementColumns(ctx: Ctx): void {
  const { problem, integer, obj, usdScale } = ctx;
  for (const ci of ctx.cands) {
    const item = problem.items[ci.item]!;
    const rofr = item.firstRefusal.length > 0 && !item.firstRefusal.includes(ci.provider) ? ctx.rofrPenalty : 0;
    const paid = paidTerm(ci);
    add(obj, paid.name, (paid.mult * ci.cost) / usdScale);
    if (integer) add(obj, ci.x, (ci.mult * rofr) / usdScale);
    const integral = integer && !ci.replica;
    ctx.columns.push({ kind: 'x', name: ci.x, item: ci.item, candidate: ci.k, unitsPerValue: ci.mult, integral });
    if (integral && !item.divisible) ctx.binaries.push(ci.x);
    else {
      ctx.bounds.push(` ${ci.x} <= ${fmt(ci.ub)}`);
      if (integral) ctx.generals.push(ci.x);
    }
    if (ci.replica) {
      const { name, upr } = ci.replica;
      ctx.columns.push({ kind: 'r', name, candidate: ci.k, unitsPerValue: upr });
      ctx.bounds.push(` ${name} <= ${fmt(ci.replica.ub)}`);
      if (integer) ctx.generals.push(name);
      // r_k = ⌈x_k / upr⌉ exactly: enough replicas for x_k, and no idle one (an idle replica would count GPUs that
      // the plan does not run, e.g. to dilute another provider's GPU share, and pay for instances the bill does not).
      ctx.rows.push({
        name: `q${ci.k}`,
        terms: new Map([
          [name, upr],
          [ci.x, -1],
        ]),
        sense: '>=',
        rhs: 0,
      });
      ctx.rows.push({
        name: `qa${ci.k}`,
        terms: new Map([
          [ci.x, 1],
          [name, -upr],
        ]),
        sense: '>=',
        rhs: Math.min(REPLICA_MIN_UNITS, upr / 2) - upr,
      });
    }
  }
}

const providersOf = (list: readonly CandInfo[]): string[] => [...new Set(list.map((ci) => ci.provider))];

/** u_i, the demand row and the spread rows of one item. */
function addItemRows(ctx: Ctx, i: number, list: readonly CandInfo[]): void {
  const item = ctx.problem.items[i]!;
  const u = `u${i}`;
  const mult = item.divisible ? 1 : item.units;
  ctx.columns.push({ kind: 'u', name: u, item: i, unitsPerValue: mult });
  add(ctx.obj, u, (mult * ctx.unplacedPenalty[i]!) / ctx.usdScale);
  const terms: Terms = new Map();
  for (const ci of list) add(terms, ci.x, 1);
  add(terms, u, 1);
  ctx.rows.push({ name: `d${i}`, terms, sense: '=', rhs: item.divisible ? item.units : 1 });
  if (item.maxUnitsPerProvider >= item.units - 1e-9) return;
  providersOf(list).forEach((p, j) => {
    const t: Terms = new Map();
    for (const ci of list) if (ci.provider === p) add(t, ci.x, ci.mult);
    ctx.rows.push({ name: `v${i}_${j}`, terms: t, sense: '<=', rhs: Math.max(0, item.maxUnitsPerProvider) });
  });
}

/** Integer mode: an item served at all is served by n_i providers holding some of it each. */
function addMinProviders(ctx: Ctx, i: number, list: readonly CandInfo[]): void {
  const item = ctx.problem.items[i]!;
  const n = Math.ceil(Math.min(item.minProviders, item.units) - 1e-9);
  const w = `w${i}`;
  ctx.columns.push({ kind: 'w', name: w });
  ctx.binaries.push(w);
  const served: Terms = new Map(list.map((ci) => [ci.x, 1]));
  add(served, w, -item.units);
  ctx.rows.push({ name: `mw${i}`, terms: served, sense: '<=', rhs: 0 });
  const count: Terms = new Map();
  providersOf(list).forEach((p, j) => {
    const y = `y${i}_${j}`;
    ctx.columns.push({ kind: 'y', name: y });
    ctx.binaries.push(y);
    add(count, y, 1);
    const t: Terms = new Map([[y, Math.min(1, item.units / n)]]);
    for (const ci of list) if (ci.provider === p) add(t, ci.x, -1);
    ctx.rows.push({ name: `mp${i}_${j}`, terms: t, sense: '<=', rhs: 0 });
  });
  add(count, w, -n);
  ctx.rows.push({ name: `mn${i}`, terms: count, sense: '>=', rhs: 0 });
}

/** Capacity per group and bucket, and the GPU-share caps per provider and bucket. */
function addCapacityRows(ctx: Ctx): void {
  const { problem, cands } = ctx;
  const nb = problem.buckets.length;
  const inGroup = problem.groups.map(() => [] as CandInfo[]);
  for (const ci of cands) for (const g of problem.pools[ci.c.pool]!.groups) inGroup[g]?.push(ci);
  problem.groups.forEach((g, gi) => {
    ctx.rows.push(
      ...perBucketRows(
        `c${gi}`,
        nb,
        inGroup[gi]!,
        (b) => Math.max(0, g.capacity[b] ?? 0),
        () => 1,
        (active, cap) => active.reduce((s, ci) => s + gpuTerms(ci).max, 0) > cap + 1e-9,
      ),
    );
  });
  problem.providers.forEach((p, pi) => {
    const share = problem.maxGpuShare[p] ?? 1;
    if (share >= 1) return;
    ctx.rows.push(
      ...perBucketRows(
        `g${pi}`,
        nb,
        cands,
        () => 0,
        (ci) => (ci.provider === p ? 1 : 0) - share,
        (active) => active.some((ci) => ci.provider === p),
      ),
    );
  });
}

/** s_t, the shortfall rows with their carry chain, and (integer mode with spend caps) the exact-shortfall rows. */
function addCommitmentRows(ctx: Ctx): void {
  const { problem, sigma } = ctx;
  const terms = problem.commitments;
  const burnRows = terms.map(() => new Map() as Terms);
  const uMax = terms.map(() => 0);
  for (const ci of ctx.cands) {
    const pool = problem.pools[ci.c.pool]!;
    for (let b = ci.c.firstBucket; b <= ci.c.lastBucket; b++) {
      const t = pool.burns[b] ?? -1;
      if (t < 0 || t >= terms.length) continue;
      const j = b - ci.c.firstBucket;
      const use = terms[t]!.unit === 'usd' ? (ci.c.spend[j] ?? 0) : (ci.c.gpuHours[j] ?? 0);
      const paid = paidTerm(ci);
      add(burnRows[t]!, paid.name, (use * paid.mult) / sigma[t]!);
      uMax[t]! += use * paid.mult * paid.ub;
    }
  }
  const sMax = terms.map((t) => t.minimum);
  const carriedFrom = terms.map(() => [] as number[]);
  for (const t of terms) {
    if (t.next < 0 || t.next >= terms.length) continue;
    sMax[t.next]! += t.carryForwardFraction * sMax[t.index]!;
    carriedFrom[t.next]!.push(t.index);
  }
  const exact = ctx.integer && problem.providers.some((p) => (problem.maxSpendShare[p] ?? 1) < 1);
  terms.forEach((t, ti) => {
    const s = `s${ti}`;
    ctx.columns.push({ kind: 's', name: s, term: ti, unitsPerValue: sigma[ti]! });
    add(ctx.obj, s, ctx.paidPerCol[ti]!);
    const top = Math.max(0, sMax[ti]!) / sigma[ti]!;
    ctx.bounds.push(` ${s} <= ${fmt(top)}`);
    const row: Terms = new Map(burnRows[ti]!);
    add(row, s, 1);
    for (const q of carriedFrom[ti]!) add(row, `s${q}`, (-terms[q]!.carryForwardFraction * sigma[q]!) / sigma[ti]!);
    const rhs = (t.minimum - t.preBurned) / sigma[ti]!;
    ctx.rows.push({ name: `t${ti}`, terms: row, sense: '>=', rhs });
    if (!exact) return;
    const z = `z${ti}`;
    const big = Math.max(0, uMax[ti]! + t.preBurned - t.minimum) / sigma[ti]!;
    ctx.columns.push({ kind: 'z', name: z });
    ctx.binaries.push(z);
    ctx.rows.push({
      name: `zs${ti}`,
      terms: new Map([
        [s, 1],
        [z, -top],
      ]),
      sense: '<=',
      rhs: 0,
    });
    const upper: Terms = new Map(row);
    add(upper, z, big);
    ctx.rows.push({ name: `zd${ti}`, terms: upper, sense: '<=', rhs: big + rhs });
  });
}

/** Spend-share caps (sunk and paid shortfall included) and team budgets. */
function addPolicyRows(ctx: Ctx): void {
  const { problem, cands, usdScale } = ctx;
  const sunkAll = problem.providers.reduce((s, p) => s + (problem.sunkByProvider[p] ?? 0), 0);
  problem.providers.forEach((p, pi) => {
    const share = problem.maxSpendShare[p] ?? 1;
    if (share >= 1) return;
    const terms: Terms = new Map();
    for (const ci of cands) {
      const paid = paidTerm(ci);
      add(terms, paid.name, (paid.mult * ci.spend * ((ci.provider === p ? 1 : 0) - share)) / usdScale);
    }
    problem.commitments.forEach((t, ti) => {
      add(terms, `s${ti}`, ctx.paidPerCol[ti]! * ((t.provider === p ? 1 : 0) - share));
    });
    ctx.rows.push({
      name: `ss${pi}`,
      terms,
      sense: '<=',
      rhs: (share * sunkAll - (problem.sunkByProvider[p] ?? 0)) / usdScale,
    });
  });
  Object.entries(problem.teamBudgets).forEach(([team, budget], n) => {
    const terms: Terms = new Map();
    for (const ci of cands)
      if (problem.items[ci.item]!.team === team) {
        const paid = paidTerm(ci);
        add(terms, paid.name, (paid.mult * ci.cost) / usdScale);
      }
    if (terms.size > 0) ctx.rows.push({ name: `b${n}`, terms, sense: '<=', rhs: budget / usdScale });
  });
}

function render(ctx: Ctx): LpModel {
  const kept = ctx.rows.filter((r) => r.terms.size > 0);
  const text = [
    'Minimize',
    ` obj: ${linear(ctx.obj)}`,
    'Subject To',
    ...kept.map((r) => ` ${r.name}: ${linear(r.terms)} ${r.sense} ${fmt(r.rhs)}`),
    'Bounds',
    ...ctx.bounds,
    ...(ctx.binaries.length ? ['Binaries', ...chunk(ctx.binaries)] : []),
    ...(ctx.generals.length ? ['Generals', ...chunk(ctx.generals)] : []),
    'End',
    '',
  ].join('\n');
  return {
    text,
    integer: ctx.integer,
    columns: ctx.columns,
    rows: kept.length,
    nonzeros: kept.reduce((s, r) => s + r.terms.size, 0),
    usdScale: ctx.usdScale,
    unplacedPenalty: ctx.unplacedPenalty,
    rofrPenalty: ctx.rofrPenalty,
  };
}

function chunk(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 16) out.push(` ${names.slice(i, i + 16).join(' ')}`);
  return out;
}
