/**
 * The mutable bookkeeping of the greedy solver: GPUs used per capacity group and bucket, commitment usage per term,
 * GPUs and spend per provider, spend per team. It prices a tentative placement by its marginal effective cost
 * (objective.ts) and answers how many units still fit. Local to one solve: the solver itself stays a pure function.
 */
import { reason, type Reason } from '../../core/codes.js';
import { gpusForUnits, type Candidate, type Problem } from '../problem.js';
import { factsOf, type CandidateInfo, type ProblemFacts } from './problem-facts.js';

const EPS = 1e-9;

/** GPUs that n units of a candidate occupy: whole replicas for inference, the gang for training and batch. */
export function gpusFor(c: Candidate, units: number): number {
  return gpusForUnits(units, c.gpusPerUnit, c.replicaGpus, c.unitsPerReplica);
}

/** `blocker` codes: a kind times the stride plus the index of the group or provider that blocks. */
const BLOCK_STRIDE = 1 << 20;
const BLOCK_CAPACITY = 1 * BLOCK_STRIDE;
const BLOCK_GPU_SHARE = 2 * BLOCK_STRIDE;
const BLOCK_SPEND_SHARE = 3 * BLOCK_STRIDE;
const BLOCK_BUDGET = 4 * BLOCK_STRIDE;

/**
 * Provider share caps. A placement may raise a provider's share only while, after it, the provider holds at most
 * `share` of the total — the total including the placement itself, and never taken below an estimate of the final
 * plan's totals (early in a solve the totals are still small, so the estimate keeps the first placements from being
 * refused outright).
 */
export interface Caps {
  /** Per provider index: max share of GPUs (≥ 1 = uncapped). */
  readonly gpuShare: Float64Array;
  /** Per provider index: max share of spend (≥ 1 = uncapped). */
  readonly spendShare: Float64Array;
  /** Per bucket: the floor for the GPU total. */
  readonly estGpus: Float64Array;
  /** The floor for the spend total. */
  readonly estSpend: number;
}

export class GreedyState {
  readonly used: Float64Array[];
  readonly usage: Float64Array;
  readonly providerGpus: Float64Array[];
  readonly providerSpend: Float64Array;
  readonly totalGpus: Float64Array;
  totalSpend = 0;
  readonly teamSpend = new Map<string, number>();
  readonly facts: ProblemFacts;
  readonly providerIndex: ReadonlyMap<string, number>;
  private readonly paidCache: Float64Array;
  private readonly paidValid: Uint8Array;

  constructor(
    readonly problem: Problem,
    public caps: Caps,
  ) {
    const nb = problem.buckets.length;
    this.facts = factsOf(problem);
    this.providerIndex = this.facts.providerIndex;
    this.used = problem.groups.map(() => new Float64Array(nb));
    this.usage = new Float64Array(problem.commitments.length);
    this.providerGpus = problem.providers.map(() => new Float64Array(nb));
    this.providerSpend = new Float64Array(problem.providers.length);
    problem.providers.forEach((p, i) => {
      this.providerSpend[i] = problem.sunkByProvider[p] ?? 0;
    });
    this.totalGpus = new Float64Array(nb);
    for (const v of this.providerSpend) this.totalSpend += v;
    this.paidCache = new Float64Array(this.facts.termsOfContract.length);
    this.paidValid = new Uint8Array(this.facts.termsOfContract.length);
  }

  /** The same shares with the plan as it stands as the floor (used once a first plan exists). */
  capsFromTotals(): Caps {
    const estGpus = new Float64Array(this.problem.buckets.length);
    for (const g of this.providerGpus) for (let b = 0; b < estGpus.length; b++) estGpus[b]! += g[b]!;
    let estSpend = 0;
    for (const v of this.providerSpend) estSpend += v;
    return { ...this.caps, estGpus, estSpend };
  }

  /** An independent copy (the problem and caps are shared, read-only). */
  clone(): GreedyState {
    const copy = new GreedyState(this.problem, this.caps);
    this.used.forEach((u, i) => {
      copy.used[i]!.set(u);
    });
    copy.usage.set(this.usage);
    copy.paidCache.set(this.paidCache);
    copy.paidValid.set(this.paidValid);
    this.providerGpus.forEach((g, i) => {
      copy.providerGpus[i]!.set(g);
    });
    copy.providerSpend.set(this.providerSpend);
    copy.totalGpus.set(this.totalGpus);
    copy.totalSpend = this.totalSpend;
    for (const [k, v] of this.teamSpend) copy.teamSpend.set(k, v);
    return copy;
  }

  providerOf(c: Candidate): number {
    return this.facts.providerOfPool[c.pool]!;
  }

  /** Paid shortfall (USD) of one contract's chain of terms, with `units` of a candidate's usage (`info`) added. */
  private contractPaid(contract: number, info?: CandidateInfo, units = 0): number {
    if (!info && this.paidValid[contract] === 1) return this.paidCache[contract]!;
    let paid = 0;
    let carry = 0;
    const terms = this.facts.termsOfContract[contract]!;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      const term = this.problem.commitments[t]!;
      let used = this.usage[t]! + term.preBurned;
      if (info) for (let j = 0; j < info.terms.length; j++) if (info.terms[j] === t) used += info.amounts[j]! * units;
      const shortfall = Math.max(0, term.minimum + carry - used);
      const f = term.next >= 0 ? term.carryForwardFraction : 0;
      carry = f * shortfall;
      paid += (shortfall - carry) * (term.unit === 'usd' ? 1 : term.shortfallRate);
    }
    if (!info) {
      this.paidCache[contract] = paid;
      this.paidValid[contract] = 1;
    }
    return paid;
  }

  /** What placing `units` more of candidate c (on top of `already` units of it) adds to the bill (spend + preemption
   * + change in paid shortfall): the whole instances they add (`paidUnits`) are what is paid. */
  marginalCost(k: number, units: number, already = 0): number {
    const f = this.facts;
    const paid = f.paid(k, already + units) - f.paid(k, already);
    let cost = f.unitCost[k]! * paid;
    if (f.burnsTerms[k] === 0) return cost;
    const info = f.info(k);
    const contracts = info.contracts;
    for (let i = 0; i < contracts.length; i++)
      cost += this.contractPaid(contracts[i]!, info, paid) - this.contractPaid(contracts[i]!);
    return cost;
  }

  /** Why `units` more of candidate k do not fit: 0 when they do, else a code for `describeBlock`
   * (`already` = units of k placed before). Codes, not strings: this runs for every alternative of every item. */
  blocker(k: number, units: number, already: number, team: string): number {
    const f = this.facts;
    const need = f.gpus(k, already + units) - f.gpus(k, already);
    const groups = f.groupsOfPool[f.poolOf[k]!]!;
    const p = f.providerOfCandidate[k]!;
    const share = this.caps.gpuShare[p]!;
    const last = f.last[k]!;
    for (let b = f.first[k]!; b <= last; b++) {
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        if (this.used[g]![b]! + need > f.capacity[g]![b]! + EPS) return BLOCK_CAPACITY + g;
      }
      if (
        share < 1 &&
        this.providerGpus[p]![b]! + need > share * Math.max(this.caps.estGpus[b]!, this.totalGpus[b]! + need) + EPS
      ) {
        return BLOCK_GPU_SHARE + p;
      }
    }
    const sshare = this.caps.spendShare[p]!;
    const budget = this.problem.teamBudgets[team];
    if (sshare >= 1 && budget === undefined) return 0;
    const spend = f.unitCost[k]! * (f.paid(k, already + units) - f.paid(k, already));
    if (
      sshare < 1 &&
      this.providerSpend[p]! + spend > sshare * Math.max(this.caps.estSpend, this.totalSpend + spend) + EPS
    ) {
      return BLOCK_SPEND_SHARE + p;
    }
    if (budget !== undefined && (this.teamSpend.get(team) ?? 0) + spend > budget + EPS) return BLOCK_BUDGET;
    return 0;
  }

  /** The words for a `blocker` code. */
  describeBlock(code: number, team: string): Reason {
    const kind = code - (code % BLOCK_STRIDE);
    const entity = code % BLOCK_STRIDE;
    if (kind === BLOCK_CAPACITY) return reason('block.capacity', 'greedy', { group: this.problem.groups[entity]!.id });
    if (kind === BLOCK_GPU_SHARE)
      return reason('block.gpu-share', 'greedy', { provider: String(this.problem.providers[entity]) });
    if (kind === BLOCK_SPEND_SHARE)
      return reason('block.spend-share', 'greedy', { provider: String(this.problem.providers[entity]) });
    return reason('block.team-budget', 'greedy', { team });
  }

  apply(k: number, units: number, already: number, team: string, sign: 1 | -1 = 1): void {
    const f = this.facts;
    const need = sign * (f.gpus(k, already + units) - f.gpus(k, already));
    const groups = f.groupsOfPool[f.poolOf[k]!]!;
    const p = f.providerOfCandidate[k]!;
    const gpusOfP = this.providerGpus[p]!;
    const last = f.last[k]!;
    for (let b = f.first[k]!; b <= last; b++) {
      for (let i = 0; i < groups.length; i++) this.used[groups[i]!]![b]! += need;
      gpusOfP[b]! += need;
      this.totalGpus[b]! += need;
    }
    const paid = f.paid(k, already + units) - f.paid(k, already); // whole instances
    if (f.burnsTerms[k] === 1) {
      const info = f.info(k);
      for (let j = 0; j < info.terms.length; j++) this.usage[info.terms[j]!]! += sign * info.amounts[j]! * paid;
      for (let i = 0; i < info.contracts.length; i++) this.paidValid[info.contracts[i]!] = 0;
    }
    const spend = sign * f.unitCost[k]! * paid;
    this.providerSpend[p]! += spend;
    this.totalSpend += spend;
    this.teamSpend.set(team, (this.teamSpend.get(team) ?? 0) + spend);
  }

  /** The bill of the plan this state holds (objective.ts), in O(providers + commitment terms). */
  bill(): number {
    let bill = 0;
    for (const v of this.providerSpend) bill += v; // placements' spend and preemption, plus sunk reserved charges
    for (let k = 0; k < this.facts.termsOfContract.length; k++) bill += this.contractPaid(k);
    return bill;
  }
}
