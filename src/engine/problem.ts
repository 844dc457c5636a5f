/**
 * The compiled placement problem: what both solvers (greedy and exact LP/MIP) consume.
 * Built from a Snapshot and a PlanRequest by `compile.ts` after the filters have run; nothing here refers back
 * to the scenario's file format.
 *
 * Time is cut into buckets (the horizon split at every contract period, ramp step and `bucketHours`).
 * Capacity is checked per bucket, conservatively: a workload active in any part of a bucket occupies its GPUs
 * for the whole bucket, so a plan that fits here fits at every instant. Spend uses the real active hours.
 */
import type { Reason } from '../core/codes.js';
import type { ContractId, GpuModel, ProviderId, Tier, Usd } from '../core/types.js';

export interface Bucket {
  readonly index: number;
  readonly start: number; // epoch ms
  readonly end: number;
  readonly hours: number;
}

/** Capacity that placement draws from: provider × region × GPU model × instance shape × tier (× contract / reserved
 * block). Placements on it take whole instances of `instanceType` (`gpusPerInstance` GPUs each). */
export interface Pool {
  readonly index: number;
  readonly id: string; // e.g. aws/us-east-1/H100/committed/p5.48xlarge (reserved: …/reserved/<block id>)
  readonly provider: ProviderId;
  readonly region: string;
  readonly geo: string;
  readonly gpu: GpuModel;
  readonly tier: Tier;
  readonly instanceType: string;
  readonly gpusPerInstance: number;
  readonly contractId?: ContractId | undefined;
  readonly blockId?: string | undefined;
  /** List price per GPU-hour (catalog on-demand price, or the spot price for spot pools). */
  readonly listPricePerGpuHour: Usd;
  /** Price paid per GPU-hour in each bucket (after a contract discount; 0 for a reserved block: it is sunk). */
  readonly pricePerGpuHour: readonly Usd[];
  /** Index into Problem.commitments of the commitment this pool's spend burns, per bucket (-1 = none). */
  readonly burns: readonly number[];
  /** Capacity groups (indexes into Problem.groups) this pool's GPUs count against. */
  readonly groups: readonly number[];
}

/** A shared capacity limit: a provider quota, a region quota, the spot share, a reserved block. */
export interface CapacityGroup {
  readonly index: number;
  readonly id: string;
  readonly kind: 'provider-quota' | 'region-quota' | 'spot-capacity' | 'reserved-block';
  /** GPUs available in each bucket. */
  readonly capacity: readonly number[];
}

/** One commitment period mapped onto buckets: the minimum is due over `buckets`. */
export interface CommitmentTerm {
  readonly index: number;
  readonly contractId: ContractId;
  readonly provider: ProviderId;
  readonly unit: 'usd' | 'gpu-hours';
  readonly periodIndex: number;
  readonly start: number;
  readonly end: number;
  readonly minimum: number;
  /** Already burned by sunk charges (reserved blocks that count toward the commitment), in the term's unit. */
  readonly preBurned: number;
  /** Index of the next period of the same contract (carry-forward target), or -1. */
  readonly next: number;
  readonly carryForwardFraction: number;
  /** Discounted USD price per GPU-hour used to value a GPU-hour commitment's shortfall. */
  readonly shortfallRate: Usd;
}

/** A placement option for one item on one pool, with everything the solvers need precomputed. */
export interface Candidate {
  readonly item: number;
  readonly pool: number;
  /** GPUs occupied per unit while active (a gang: the whole gang on whole instances; inference: the GPUs of one block
   * of whole instances over the H100-replica units it serves). */
  readonly gpusPerUnit: number;
  /** Buckets [first, last] in which the item occupies capacity. */
  readonly firstBucket: number;
  readonly lastBucket: number;
  /** GPU-hours used per unit in each active bucket (index b - firstBucket). */
  readonly gpuHours: readonly number[];
  /** USD billed per unit in each active bucket at the pool's price (before commitment effects). */
  readonly spend: readonly Usd[];
  /** Σ spend, when the compiler has it without building `spend` (see `totalSpend`). Its presence also says that
   * spend[k] = gpuHours[k] × the pool's price in bucket firstBucket + k, which the greedy uses to skip the array. */
  readonly spendTotal?: Usd;
  /** Σ spend in the buckets where the pool burns no commitment term, per unit, when the compiler has it: that spend
   * is paid whatever else is placed (the greedy's cost floor). */
  readonly spendOutsideTerms?: Usd;
  /** Expected USD of work redone after preemptions (spot only), per unit. */
  readonly preemptionCost: Usd;
  /** List-price cost per unit (catalog on-demand price × GPU-hours): the naive baseline. */
  readonly listCost: Usd;
  /** Small non-cost preference (e.g. GPU order), in USD-equivalent, used only to break near-ties. */
  readonly preference: Usd;
  /** Hours from start to finish on this pool (training/batch); horizon hours for inference. */
  readonly durationHours: number;
  /** GPUs of one block of whole instances (shape.ts), and the units one block serves on this pool, so that n units
   * need ceil(n / unitsPerReplica) whole blocks, and pay for them (`paidUnits`). Inference: a block is one instance
   * holding ⌊GPUs per instance / GPUs per replica⌋ replicas, or the whole instances of one multi-node replica, and
   * serves its replicas × the GPU's H100-relative throughput; a gang is one block of its whole instances serving its
   * single unit (unitsPerReplica = 1). Left unset, n units need n × gpusPerUnit and pay for n. */
  readonly replicaGpus?: number | undefined;
  readonly unitsPerReplica?: number | undefined;
}

/** GPUs that n units occupy: whole replicas of `replicaGpus` serving `unitsPerReplica` units each when both are
 * given (inference, and a gang as one replica), else n × gpusPerUnit. Missing replica fields may be undefined or NaN. */
export function gpusForUnits(
  units: number,
  gpusPerUnit: number,
  replicaGpus: number | undefined,
  unitsPerReplica: number | undefined,
): number {
  if (units <= 0) return 0;
  if (replicaGpus === undefined || unitsPerReplica === undefined || Number.isNaN(unitsPerReplica))
    return gpusPerUnit * units;
  return Math.ceil(units / unitsPerReplica - 1e-9) * replicaGpus;
}

/** Units paid for when n units are placed: the whole blocks of `unitsPerReplica` units they need (a block is whole
 * instances: shape.ts), when given, else n. A candidate's spend, list cost, preemption cost and commitment usage are
 * per unit, so a placement of n units costs paidUnits(n) × those: whole instances × the instance's price × hours. The
 * one rule for what a placement pays, used by the objective, the attribution, the greedy state and the LP model. */
export function paidUnits(units: number, unitsPerReplica: number | undefined): number {
  if (units <= 0) return 0;
  if (unitsPerReplica === undefined || Number.isNaN(unitsPerReplica)) return units;
  return Math.ceil(units / unitsPerReplica - 1e-9) * unitsPerReplica;
}

/** Σ of a candidate's per-bucket spend, per unit. */
export function totalSpend(c: Candidate): Usd {
  if (c.spendTotal !== undefined) return c.spendTotal;
  let s = 0;
  for (const v of c.spend) s += v;
  return s;
}

/** A unit of placement: a gang (training/batch, units = 1, indivisible) or one geography of an inference service
 * (units = H100-replica demand, divisible across pools). */
export interface Item {
  readonly index: number;
  readonly workloadId: string;
  readonly kind: 'training' | 'inference' | 'batch';
  readonly geo?: string;
  readonly units: number;
  readonly divisible: boolean;
  readonly priority: number;
  readonly team: string;
  readonly class: string;
  /** Providers this item's class must be offered to first (right of first refusal). */
  readonly firstRefusal: readonly ProviderId[];
  /** Most units any one provider may hold (survivability / minimum providers); = units when unconstrained. */
  readonly maxUnitsPerProvider: number;
  readonly minProviders: number;
  readonly candidates: readonly number[]; // indexes into Problem.candidates, feasible ones only
}

export interface Problem {
  readonly buckets: readonly Bucket[];
  readonly pools: readonly Pool[];
  readonly groups: readonly CapacityGroup[];
  readonly commitments: readonly CommitmentTerm[];
  readonly items: readonly Item[];
  readonly candidates: readonly Candidate[];
  readonly providers: readonly ProviderId[];
  /** Provider → max share of total spend (0..1). */
  readonly maxSpendShare: Readonly<Record<string, number>>;
  /** Provider → max share of GPUs placed (0..1), measured at the peak bucket. */
  readonly maxGpuShare: Readonly<Record<string, number>>;
  /** Team → USD budget over the horizon. */
  readonly teamBudgets: Readonly<Record<string, Usd>>;
  /** USD paid regardless of placement: reserved blocks over the horizon. */
  readonly sunkCost: Usd;
  readonly sunkByProvider: Readonly<Record<string, Usd>>;
}

/** A solver's answer: how many units of each item go on each candidate. */
export interface Assignment {
  readonly candidate: number;
  readonly units: number;
}

export interface Solution {
  readonly solver: string;
  /** Per item, its assignments (empty = unplaced). */
  readonly assignments: readonly (readonly Assignment[])[];
  /** Lower bound on the objective (LP relaxation), when the solver computed one. */
  readonly lowerBound?: Usd;
  /** `optimal` (proven, within HiGHS's relative gap), `heuristic` (greedy), or the limit that stopped the exact
   * solver: `node-limit` and `iteration-limit` (deterministic), `time-limit` (the wall-clock safety net). */
  readonly status: 'optimal' | 'feasible' | 'heuristic' | 'node-limit' | 'iteration-limit' | 'time-limit';
  /** What the solver wants said about its answer, as data (`note.*`). */
  readonly notes: readonly Reason[];
  /** Per item, why (part of) it could not be placed, when the solver knows. */
  readonly unplacedReasons?: readonly (Reason | undefined)[];
}
