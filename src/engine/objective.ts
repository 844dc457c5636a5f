/**
 * Effective cost: the quantity placement minimises, and the one number both solvers are judged by.
 *
 *   bill = sunk                                   reserved blocks, paid whether used or not
 *        + Σ spend on pools that burn no commitment  (on-demand, spot, committed outside a contract term)
 *        + Σ_t  S_t − preBurned_t                  spend that burns commitment term t (USD terms)
 *        + Σ_t  paid shortfall_t                   take-or-pay: the unburned minimum is paid anyway
 *        + Σ expected preemption cost              spot: work since the last checkpoint, redone
 *
 * For a commitment term t with usage S_t (USD, or GPU-hours for a GPU-hour commitment; sunk reserved charges that
 * count toward it are already in preBurned_t), minimum M_t and carry-in C_t from the previous period:
 *
 *   shortfall_t = max(0, M_t + C_t − S_t)
 *   paid_t      = (1 − f) · shortfall_t   (f = carry-forward fraction; the last period of a contract pays all)
 *   C_{t+1}     = f · shortfall_t
 *
 * A GPU-hour shortfall is valued at the term's discounted rate. So capacity under take-or-pay costs nothing extra
 * until its period's minimum is burned, and using it late (or never) is paid as shortfall: this is why the cheapest
 * list price is the wrong objective. `baseline` is the bill of placing nothing (sunk + every minimum as shortfall);
 * `incremental` = bill − baseline is what the placements themselves add.
 *
 * A placement of n units pays for whole instances: its spend, preemption, list cost and commitment usage are the
 * candidate's per-unit figures × `paidUnits(n)` (problem.ts), the units of the whole blocks of instances it takes.
 */
import { paidUnits, type Problem, type Solution } from './problem.js';

export interface CommitmentOutcome {
  readonly term: number;
  readonly usage: number; // in the term's unit, including preBurned
  readonly minimum: number;
  readonly carryIn: number;
  readonly shortfall: number; // in the term's unit
  readonly paidShortfallUsd: number;
  readonly carryOut: number;
}

export interface CostBreakdown {
  readonly bill: number;
  readonly baseline: number;
  readonly incremental: number;
  readonly sunk: number;
  readonly spend: number; // all placement spend (burning or not), USD
  readonly preemption: number;
  readonly shortfallPaid: number;
  readonly listCost: number;
  readonly commitments: readonly CommitmentOutcome[];
  /** USD per provider: spend + paid shortfall + its sunk reserved charges. */
  readonly byProvider: Readonly<Record<string, number>>;
}

/** Settles every commitment chain given the usage per term. Pure; shared by the evaluator and the greedy solver. */
export function settleCommitments(problem: Problem, usage: readonly number[]): CommitmentOutcome[] {
  const out: CommitmentOutcome[] = new Array(problem.commitments.length);
  const carry = new Array<number>(problem.commitments.length).fill(0);
  // Terms of one contract are listed in period order, so carry always flows to a later index.
  for (const term of problem.commitments) {
    const used = (usage[term.index] ?? 0) + term.preBurned;
    const carryIn = carry[term.index] ?? 0;
    const shortfall = Math.max(0, term.minimum + carryIn - used);
    const f = term.next >= 0 ? term.carryForwardFraction : 0;
    const carryOut = f * shortfall;
    if (term.next >= 0) carry[term.next] = (carry[term.next] ?? 0) + carryOut;
    const rate = term.unit === 'usd' ? 1 : term.shortfallRate;
    out[term.index] = {
      term: term.index,
      usage: used,
      minimum: term.minimum,
      carryIn,
      shortfall,
      paidShortfallUsd: (shortfall - carryOut) * rate,
      carryOut,
    };
  }
  return out;
}

export function evaluate(problem: Problem, solution: Solution): CostBreakdown {
  const usage = new Array<number>(problem.commitments.length).fill(0);
  const byProvider: Record<string, number> = {};
  for (const p of problem.providers) byProvider[p] = problem.sunkByProvider[p] ?? 0;
  let spend = 0;
  let preemption = 0;
  let listCost = 0;
  solution.assignments.forEach((assignments) => {
    for (const a of assignments) {
      const c = problem.candidates[a.candidate]!;
      const pool = problem.pools[c.pool]!;
      const paid = paidUnits(a.units, c.unitsPerReplica);
      preemption += c.preemptionCost * paid;
      listCost += c.listCost * paid;
      for (let b = c.firstBucket; b <= c.lastBucket; b++) {
        const k = b - c.firstBucket;
        const usd = (c.spend[k] ?? 0) * paid;
        spend += usd;
        byProvider[pool.provider] = (byProvider[pool.provider] ?? 0) + usd;
        const t = pool.burns[b] ?? -1;
        if (t >= 0) {
          const term = problem.commitments[t]!;
          usage[t]! += term.unit === 'usd' ? usd : (c.gpuHours[k] ?? 0) * paid;
        }
      }
    }
  });
  const commitments = settleCommitments(problem, usage);
  const baselineOutcomes = settleCommitments(problem, new Array<number>(problem.commitments.length).fill(0));
  let shortfallPaid = 0;
  for (const o of commitments) {
    shortfallPaid += o.paidShortfallUsd;
    const provider = problem.commitments[o.term]!.provider;
    byProvider[provider] = (byProvider[provider] ?? 0) + o.paidShortfallUsd;
  }
  const baseline = problem.sunkCost + baselineOutcomes.reduce((s, o) => s + o.paidShortfallUsd, 0);
  const bill = problem.sunkCost + spend + shortfallPaid + preemption;
  return {
    bill,
    baseline,
    incremental: bill - baseline,
    sunk: problem.sunkCost,
    spend,
    preemption,
    shortfallPaid,
    listCost,
    commitments,
    byProvider,
  };
}
