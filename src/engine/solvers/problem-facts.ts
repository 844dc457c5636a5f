/**
 * Static facts about a problem that the greedy solver reads on every evaluation — the provider of each pool, each
 * candidate's total spend and commitment usage per unit, its cost floor, each item's candidates cheapest floor
 * first. They depend on the problem alone (never on what is placed), so they are computed on demand, once per
 * problem, and shared by every solve of that problem: the plan's solve, its ten loss re-plans, `explain`.
 *
 * `factsOf` memoises by problem object (a Problem is immutable); nothing here reads a clock or randomness.
 */
import { gpusForUnits, paidUnits, totalSpend, type Candidate, type Item, type Pool, type Problem } from '../problem.js';

/** The shared empty list of a candidate that burns no commitment (never written to). */
const NONE: number[] = [];

/** Per candidate: spend per unit and the commitment usage per unit per term (and the contracts of those terms). */
export interface CandidateInfo {
  readonly spend: number;
  /** Spend in buckets that burn no commitment: it is paid whatever else is placed. */
  readonly freeNever: number;
  readonly terms: readonly number[];
  readonly amounts: readonly number[];
  readonly contracts: readonly number[];
}

/** A candidate's spend per unit in bucket b. A compiled candidate (one with `spendTotal`) spends gpuHours × the
 * pool's price, read that way so that its per-bucket array is never built; any other uses its `spend`. */
function bucketSpend(c: Candidate, pool: Pool, b: number): number {
  const i = b - c.firstBucket;
  return c.spendTotal !== undefined ? c.gpuHours[i]! * (pool.pricePerGpuHour[b] ?? 0) : c.spend[i]!;
}

export class ProblemFacts {
  readonly providerIndex = new Map<string, number>();
  /** Per candidate, the fields the solver's inner loops read, in flat arrays: its pool, provider index, active
   * buckets, spend + preemption per unit, preference, and what `gpus` needs. Built once, in one pass. */
  readonly poolOf: Int32Array;
  readonly providerOfCandidate: Int32Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly unitCost: Float64Array;
  readonly preference: Float64Array;
  private readonly gpusPerUnit: Float64Array;
  private readonly replicaGpus: Float64Array;
  private readonly unitsPerReplica: Float64Array;
  /** Per candidate: 1 when its pool burns a commitment term in some bucket it is active in (it has `info` terms). */
  readonly burnsTerms: Uint8Array;
  /** Per capacity group: its capacity per bucket. */
  readonly capacity: readonly (readonly number[])[];
  /** Per pool: its capacity groups. */
  readonly groupsOfPool: readonly (readonly number[])[];
  /** Per pool: the index of its provider in `problem.providers`. */
  readonly providerOfPool: Int32Array;
  /** Per contract (dense index): its commitment terms in chain order. */
  readonly termsOfContract: number[][] = [];
  /** Per commitment term: its contract's dense index. */
  readonly contractOfTerm: Int32Array;
  private readonly infos: (CandidateInfo | undefined)[];
  private readonly floors: Float64Array;
  private readonly bounds: Float64Array;
  private readonly orders: (readonly number[] | undefined)[];
  private readonly itemFloors: Float64Array;

  constructor(readonly problem: Problem) {
    problem.providers.forEach((p, i) => {
      this.providerIndex.set(p, i);
    });
    this.providerOfPool = Int32Array.from(problem.pools, (pool) => this.providerIndex.get(pool.provider) ?? -1);
    this.contractOfTerm = new Int32Array(problem.commitments.length);
    const byContract = new Map<string, number>();
    for (const t of problem.commitments) {
      let k = byContract.get(t.contractId);
      if (k === undefined) {
        k = this.termsOfContract.length;
        byContract.set(t.contractId, k);
        this.termsOfContract.push([]);
      }
      this.termsOfContract[k]!.push(t.index);
      this.contractOfTerm[t.index] = k;
    }
    const n = problem.candidates.length;
    this.poolOf = new Int32Array(n);
    this.providerOfCandidate = new Int32Array(n);
    this.first = new Int32Array(n);
    this.last = new Int32Array(n);
    this.unitCost = new Float64Array(n);
    this.preference = new Float64Array(n);
    this.gpusPerUnit = new Float64Array(n);
    this.replicaGpus = new Float64Array(n);
    this.unitsPerReplica = new Float64Array(n);
    this.burnsTerms = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const c = problem.candidates[k]!;
      const pool = problem.pools[c.pool]!;
      this.poolOf[k] = c.pool;
      this.providerOfCandidate[k] = this.providerOfPool[c.pool]!;
      this.first[k] = c.firstBucket;
      this.last[k] = c.lastBucket;
      this.unitCost[k] = totalSpend(c) + c.preemptionCost;
      this.preference[k] = c.preference;
      this.gpusPerUnit[k] = c.gpusPerUnit;
      const perReplica = c.replicaGpus !== undefined && c.unitsPerReplica !== undefined;
      this.replicaGpus[k] = perReplica ? c.replicaGpus! : Number.NaN;
      this.unitsPerReplica[k] = perReplica ? c.unitsPerReplica! : Number.NaN;
      for (let b = c.firstBucket; b <= c.lastBucket; b++)
        if (pool.burns[b]! >= 0) {
          this.burnsTerms[k] = 1;
          break;
        }
    }
    this.capacity = problem.groups.map((g) => g.capacity);
    this.groupsOfPool = problem.pools.map((p) => p.groups);
    this.infos = new Array<CandidateInfo | undefined>(problem.candidates.length);
    this.floors = new Float64Array(problem.candidates.length).fill(Number.NaN);
    this.bounds = new Float64Array(problem.candidates.length).fill(Number.NaN);
    this.orders = new Array<readonly number[] | undefined>(problem.items.length);
    this.itemFloors = new Float64Array(problem.items.length).fill(Number.NaN);
  }

  providerOf(c: Candidate): number {
    return this.providerOfPool[c.pool]!;
  }

  /** GPUs that n units of candidate k occupy (as `gpusFor`). */
  gpus(k: number, units: number): number {
    return gpusForUnits(units, this.gpusPerUnit[k]!, this.replicaGpus[k]!, this.unitsPerReplica[k]!);
  }

  /** Units paid for when n units of candidate k are placed: whole blocks of instances (as `paidUnits`). */
  paid(k: number, units: number): number {
    return paidUnits(units, this.unitsPerReplica[k]!);
  }

  /** Static facts of a candidate, computed once: total spend per unit and the commitment usage per unit per term. */
  info(k: number): CandidateInfo {
    let info = this.infos[k];
    if (info) return info;
    const c = this.problem.candidates[k]!;
    const pool = this.problem.pools[c.pool]!;
    let terms: number[] = NONE;
    let amounts: number[] = NONE;
    let contracts: number[] = NONE;
    let spend = 0;
    let freeNever = 0;
    for (let b = c.firstBucket; b <= c.lastBucket; b++) {
      const i = b - c.firstBucket;
      const usd = bucketSpend(c, pool, b);
      spend += usd;
      const t = pool.burns[b]!;
      if (t < 0) {
        freeNever += usd;
        continue;
      }
      const v = this.problem.commitments[t]!.unit === 'usd' ? usd : c.gpuHours[i]!;
      if (terms === NONE) {
        terms = [];
        amounts = [];
        contracts = [];
      }
      const j = terms.indexOf(t);
      if (j >= 0) {
        amounts[j]! += v;
        continue;
      }
      terms.push(t);
      amounts.push(v);
      const ck = this.contractOfTerm[t]!;
      if (!contracts.includes(ck)) contracts.push(ck);
    }
    info = { spend, freeNever, terms, amounts, contracts };
    this.infos[k] = info;
    return info;
  }

  /** A per-unit marginal cost no state can undercut: spend outside any commitment term and preemption (spend
   * that burns a commitment may turn out free). */
  floor(k: number): number {
    let v = this.floors[k]!;
    if (Number.isNaN(v)) {
      const c = this.problem.candidates[k]!;
      const cached = this.infos[k];
      let freeNever = 0;
      if (cached) freeNever = cached.freeNever;
      else if (c.spendOutsideTerms !== undefined) freeNever = c.spendOutsideTerms;
      else {
        // Without building the candidate's facts: spend in the buckets that burn no commitment.
        const pool = this.problem.pools[c.pool]!;
        for (let b = c.firstBucket; b <= c.lastBucket; b++)
          if (pool.burns[b]! < 0) freeNever += bucketSpend(c, pool, b);
      }
      v = freeNever + c.preemptionCost;
      this.floors[k] = v;
    }
    return v;
  }

  /** The floor with the candidate's preference added: what the solver's choice compares, per unit. */
  lowerBound(k: number): number {
    let v = this.bounds[k]!;
    if (Number.isNaN(v)) {
      v = this.floor(k) + this.problem.candidates[k]!.preference;
      this.bounds[k] = v;
    }
    return v;
  }

  /** The least floor over an item's candidates, per unit: no placement of the item costs less. */
  itemFloor(item: Item): number {
    let v = this.itemFloors[item.index]!;
    if (Number.isNaN(v)) {
      v = Infinity;
      for (const k of item.candidates) v = Math.min(v, this.floor(k));
      this.itemFloors[item.index] = v;
    }
    return v;
  }

  /** An item's candidates, cheapest lower bound first. */
  byLowerBound(item: Item): readonly number[] {
    let order = this.orders[item.index];
    if (!order) {
      const list = item.candidates.slice();
      for (const k of list) this.lowerBound(k);
      const bounds = this.bounds;
      list.sort((a, b) => bounds[a]! - bounds[b]! || a - b);
      order = list;
      this.orders[item.index] = order;
    }
    return order;
  }
}

const memo = new WeakMap<Problem, ProblemFacts>();

/** The facts of a problem, built on first use and shared by every later solve of the same problem object. */
export function factsOf(problem: Problem): ProblemFacts {
  let facts = memo.get(problem);
  if (!facts) {
    facts = new ProblemFacts(problem);
    memo.set(problem, facts);
  }
  return facts;
}
