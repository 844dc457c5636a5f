/**
 * Attributes the bill to placements. A placement's effective cost is its spend minus the part of it that only burned
 * a take-or-pay minimum (that money was owed anyway), plus its expected preemption cost. Within a commitment term
 * the free part is shared pro rata: φ_t = min(U_t, max(0, M_t + C_t − preBurned_t)) / U_t, U_t = placements' usage.
 * With no carry-forward and USD commitments, Σ effective costs = bill − baseline exactly. A GPU-hour commitment's
 * shortfall is valued at the contract's rate while the GPU-hours that burn it are priced at each placement's own
 * pool, so there the two differ by the price difference on the burned hours.
 */
import { paidUnits, type Assignment, type Problem } from './problem.js';
import type { CommitmentOutcome } from './objective.js';

export function freeFractions(problem: Problem, outcomes: readonly CommitmentOutcome[]): Float64Array {
  const phi = new Float64Array(problem.commitments.length);
  for (const o of outcomes) {
    const term = problem.commitments[o.term]!;
    const placed = o.usage - term.preBurned;
    const free = Math.max(0, term.minimum + o.carryIn - term.preBurned);
    phi[o.term] = placed > 0 ? Math.min(placed, free) / placed : 0;
  }
  return phi;
}

export interface AssignmentCost {
  readonly spend: number;
  readonly effective: number;
  readonly list: number;
  readonly hours: number;
}

export function assignmentCost(problem: Problem, a: Assignment, phi: Float64Array): AssignmentCost {
  const c = problem.candidates[a.candidate]!;
  const pool = problem.pools[c.pool]!;
  const paid = paidUnits(a.units, c.unitsPerReplica); // whole instances
  let spend = 0;
  let effective = c.preemptionCost * paid;
  let hours = 0;
  for (let b = c.firstBucket; b <= c.lastBucket; b++) {
    const k = b - c.firstBucket;
    const s = c.spend[k]! * paid;
    spend += s;
    hours += c.gpusPerUnit > 0 ? c.gpuHours[k]! / c.gpusPerUnit : 0;
    const t = pool.burns[b] ?? -1;
    effective += t >= 0 ? s * (1 - phi[t]!) : s;
  }
  return { spend, effective, list: c.listCost * paid, hours };
}
