/**
 * The mutable bookkeeping of the greedy solver: GPUs used per capacity group and bucket, commitment usage per term,
 * GPUs and spend per provider, spend per team. It prices a tentative placement by its marginal effective cost
 * (objective.ts) and answers how many units still fit. Local to one solve: the solver itself stays a pure function.
 */
import type { Candidate, Problem } from '../problem.js';
import { settleCommitments } from '../objective.js';

const EPS = 1e-9;

/** GPUs that n units of a candidate occupy: whole replicas for inference, the gang for training and batch. */
export function gpusFor(c: Candidate, units: number): number {
  if (units <= 0) return 0;
  if (c.replicaGpus === undefined || c.unitsPerReplica === undefined) return c.gpusPerUnit * units;
  return Math.ceil(units / c.unitsPerReplica - EPS) * c.replicaGpus;
}

export interface Caps {
  /** Per provider index, per bucket: most GPUs allowed (Infinity = uncapped). */
  readonly gpuCap: readonly Float64Array[];
  /** Per provider index: most spend allowed (Infinity = uncapped). */
  readonly spendCap: Float64Array;
}

export class GreedyState {
  readonly used: Float64Array[];
  readonly usage: Float64Array;
  readonly providerGpus: Float64Array[];
  readonly providerSpend: Float64Array;
  readonly teamSpend = new Map<string, number>();
  readonly providerIndex = new Map<string, number>();
  private readonly termsOfContract: number[][] = [];
  private readonly contractOfTerm: Int32Array;

  constructor(readonly problem: Problem, public caps: Caps) {
    const nb = problem.buckets.length;
    this.used = problem.groups.map(() => new Float64Array(nb));
    this.usage = new Float64Array(problem.commitments.length);
    problem.providers.forEach((p, i) => this.providerIndex.set(p, i));
    this.providerGpus = problem.providers.map(() => new Float64Array(nb));
    this.providerSpend = new Float64Array(problem.providers.length);
    problem.providers.forEach((p, i) => { this.providerSpend[i] = problem.sunkByProvider[p] ?? 0; });
    this.contractOfTerm = new Int32Array(problem.commitments.length);
    const byContract = new Map<string, number>();
    for (const t of problem.commitments) {
      let k = byContract.get(t.contractId);
      if (k === undefined) { k = this.termsOfContract.length; byContract.set(t.contractId, k); this.termsOfContract.push([]); }
      this.termsOfContract[k]!.push(t.index);
      this.contractOfTerm[t.index] = k;
    }
  }

  /** Share caps measured on the plan as it stands: share × the current totals (per bucket for GPUs). */
  capsFromTotals(): Caps {
    const nb = this.problem.buckets.length;
    const totalGpus = new Float64Array(nb);
    for (const g of this.providerGpus) for (let b = 0; b < nb; b++) totalGpus[b]! += g[b]!;
    let totalSpend = 0;
    for (const v of this.providerSpend) totalSpend += v;
    const gpuCap = this.problem.providers.map((p) => {
      const share = this.problem.maxGpuShare[p] ?? 1;
      const cap = new Float64Array(nb);
      for (let b = 0; b < nb; b++) cap[b] = share >= 1 ? Infinity : Math.floor(share * totalGpus[b]!);
      return cap;
    });
    const spendCap = new Float64Array(this.problem.providers.map((p) => {
      const share = this.problem.maxSpendShare[p] ?? 1;
      return share >= 1 ? Infinity : share * totalSpend;
    }));
    return { gpuCap, spendCap };
  }

  /** An independent copy (the problem and caps are shared, read-only). */
  clone(): GreedyState {
    const copy = new GreedyState(this.problem, this.caps);
    this.used.forEach((u, i) => copy.used[i]!.set(u));
    copy.usage.set(this.usage);
    this.providerGpus.forEach((g, i) => copy.providerGpus[i]!.set(g));
    copy.providerSpend.set(this.providerSpend);
    for (const [k, v] of this.teamSpend) copy.teamSpend.set(k, v);
    return copy;
  }

  providerOf(c: Candidate): number {
    return this.providerIndex.get(this.problem.pools[c.pool]!.provider)!;
  }

  /** Paid shortfall (USD) of one contract's chain of terms, with `extra` usage added to some terms. */
  private contractPaid(contract: number, extra?: ReadonlyMap<number, number>): number {
    let paid = 0;
    let carry = 0;
    for (const t of this.termsOfContract[contract]!) {
      const term = this.problem.commitments[t]!;
      const used = this.usage[t]! + (extra?.get(t) ?? 0) + term.preBurned;
      const shortfall = Math.max(0, term.minimum + carry - used);
      const f = term.next >= 0 ? term.carryForwardFraction : 0;
      carry = f * shortfall;
      paid += (shortfall - carry) * (term.unit === 'usd' ? 1 : term.shortfallRate);
    }
    return paid;
  }

  private termUsage(c: Candidate, units: number): Map<number, number> {
    const pool = this.problem.pools[c.pool]!;
    const delta = new Map<number, number>();
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      const t = pool.burns[b] ?? -1;
      if (t < 0) continue;
      const k = b - c.firstBucket;
      const v = (this.problem.commitments[t]!.unit === 'usd' ? c.spend[k]! : c.gpuHours[k]!) * units;
      delta.set(t, (delta.get(t) ?? 0) + v);
    }
    return delta;
  }

  spendOf(c: Candidate, units: number): number {
    let s = 0;
    for (const v of c.spend) s += v;
    return s * units;
  }

  /** What placing `units` more of candidate c adds to the bill (spend + preemption + change in paid shortfall). */
  marginalCost(c: Candidate, units: number): number {
    let cost = this.spendOf(c, units) + c.preemptionCost * units;
    const delta = this.termUsage(c, units);
    if (delta.size === 0) return cost;
    const contracts = new Set<number>();
    for (const t of delta.keys()) contracts.add(this.contractOfTerm[t]!);
    for (const k of contracts) cost += this.contractPaid(k, delta) - this.contractPaid(k);
    return cost;
  }

  /** Most extra GPUs candidate c's pool (and its provider's caps) can take over the candidate's active buckets. */
  freeGpus(c: Candidate): number {
    const pool = this.problem.pools[c.pool]!;
    const p = this.providerOf(c);
    let free = Infinity;
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      for (const g of pool.groups) free = Math.min(free, this.problem.groups[g]!.capacity[b]! - this.used[g]![b]!);
      free = Math.min(free, this.caps.gpuCap[p]![b]! - this.providerGpus[p]![b]!);
    }
    return free;
  }

  /** Why `units` more of c do not fit, or undefined when they do (`already` = units of c placed before). */
  blocker(c: Candidate, units: number, already: number, team: string): string | undefined {
    const need = gpusFor(c, already + units) - gpusFor(c, already);
    const pool = this.problem.pools[c.pool]!;
    const p = this.providerOf(c);
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      for (const g of pool.groups) {
        if (this.used[g]![b]! + need > this.problem.groups[g]!.capacity[b]! + EPS) return `capacity of ${this.problem.groups[g]!.id} is taken`;
      }
      if (this.providerGpus[p]![b]! + need > this.caps.gpuCap[p]![b]! + EPS) return `${pool.provider} would exceed its GPU share cap`;
    }
    const spend = this.spendOf(c, units) + c.preemptionCost * units;
    if (this.providerSpend[p]! + spend > this.caps.spendCap[p]! + EPS) return `${pool.provider} would exceed its spend share cap`;
    const budget = this.problem.teamBudgets[team];
    if (budget !== undefined && (this.teamSpend.get(team) ?? 0) + spend > budget + EPS) return `team ${team} would exceed its budget`;
    return undefined;
  }

  apply(c: Candidate, units: number, already: number, team: string, sign: 1 | -1 = 1): void {
    const need = gpusFor(c, already + units) - gpusFor(c, already);
    const pool = this.problem.pools[c.pool]!;
    const p = this.providerOf(c);
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      for (const g of pool.groups) this.used[g]![b]! += sign * need;
      this.providerGpus[p]![b]! += sign * need;
    }
    for (const [t, v] of this.termUsage(c, units)) this.usage[t]! += sign * v;
    const spend = this.spendOf(c, units) + c.preemptionCost * units;
    this.providerSpend[p]! += sign * spend;
    this.teamSpend.set(team, (this.teamSpend.get(team) ?? 0) + sign * spend);
  }

  /** Paid shortfall over all contracts, for reports. */
  settle() {
    return settleCommitments(this.problem, Array.from(this.usage));
  }
}
