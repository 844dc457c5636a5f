/**
 * The plan: the engine's output, plain data with a stable, documented schema (`skyfleet/plan@2`, docs/plan-schema.md).
 * Money is integer US cents, in fields whose names end in `Cents`; a total is the exact sum of its parts' cents.
 * Instants are ISO-8601 UTC strings; ratios (shares, burn) are fractions rounded to a fixed number of decimals.
 */
import type { Code, Params } from '../core/codes.js';
import type { Cents } from '../core/money.js';
import type { ProviderId, Tier } from '../core/types.js';

export interface PlacementOut {
  readonly provider: ProviderId;
  readonly region: string;
  readonly gpu: string;
  readonly tier: Tier;
  readonly contract?: string;
  readonly block?: string;
  readonly instanceType: string;
  /** Whole instances of `instanceType` this placement pays for (spend = instances × the instance's price × hours,
   * after the tier's discount). */
  readonly instances: number;
  /** GPUs held: instances × GPUs per instance. */
  readonly gpus: number;
  /** Inference: replicas on this pool, and the H100-replica units of demand they serve. */
  readonly replicas?: number;
  readonly units: number;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly spendCents: Cents;
  /** Expected cost of work redone after spot preemptions (0 off spot); part of effectiveCents. */
  readonly preemptionCents: Cents;
  readonly effectiveCents: Cents;
  readonly listCents: Cents;
}

/** A reason as the plan carries it: `{code, source, params}` (codes: src/core/codes.ts, docs/codes.md), next to the
 * words made from it at the edge (kept in the text fields plan@2 has always had). */
export interface ReasonOut {
  readonly code: Code;
  readonly source: string;
  readonly params: Params;
}

/** A cause as data: a stable code, its source (a filter's name, `solver` or `supply`) and its numbers. The prose in
 * `unplacedReason` is made from these (src/messages). */
export interface Cause {
  readonly code: Code;
  readonly source: string;
  readonly params: Params;
  /** How many pools this cause rejected (for the binding cause: the pools that only it keeps out). */
  readonly pools: number;
}

/** Why (part of) a workload is not placed: the cause that binds first, then the other rejections grouped by cause. */
export interface WhyNot {
  readonly binding: Cause;
  readonly others: readonly Cause[];
}

export interface WorkloadOut {
  readonly id: string;
  readonly kind: 'training' | 'inference' | 'batch';
  readonly team: string;
  readonly class: string;
  readonly priority: number;
  readonly status: 'placed' | 'partial' | 'unplaced' | 'outside-horizon';
  readonly placements: readonly PlacementOut[];
  readonly effectiveCents: Cents;
  readonly listCents: Cents;
  /** Value of the work left undone (0 when placed): unplaced units × H100-equivalent GPU-hours × the dearest list
   * price per H100-equivalent GPU-hour of an accepted GPU (src/engine/unserved.ts). Not on the bill; never a saving. */
  readonly unservedCents: Cents;
  /** Leads with the binding cause (whyNot.binding), then the others grouped by cause with counts. */
  readonly unplacedReason?: string;
  readonly whyNot?: WhyNot;
  /** How many alternatives each filter rejected. */
  readonly rejected: Readonly<Record<string, number>>;
}

export interface PeriodOut {
  readonly start: string;
  readonly end: string;
  /** The unit of minimum, usage, carryIn and shortfall: integer cents, or GPU-hours (2 decimals). */
  readonly unit: 'cents' | 'gpu-hours';
  readonly minimum: number;
  readonly usage: number;
  readonly burn: number; // usage / minimum
  readonly carryIn: number;
  readonly shortfall: number;
  readonly paidShortfallCents: Cents;
}

export interface ContractOut {
  readonly id: string;
  readonly provider: string;
  readonly periods: readonly PeriodOut[];
  readonly forecastShortfallCents: Cents;
  readonly reservedSunkCents: Cents;
}

export interface ProviderOut {
  readonly id: string;
  /** Its placements' spend + its contracts' paid shortfall + its reserved blocks (sunk). */
  readonly spendCents: Cents;
  readonly spendShare: number;
  readonly maxSpendShare: number;
  readonly peakGpus: number;
  readonly gpuShare: number; // at the bucket where all placed GPUs peak
  readonly maxGpuShare: number;
  readonly withinCaps: boolean;
}

export interface SurvivalOut {
  readonly provider: string;
  readonly moved: readonly {
    readonly workload: string;
    readonly from: string;
    readonly to: readonly string[];
    readonly units: number;
  }[];
  /** Work that cannot move: `reason` in words, then the same as data (code, source, params). */
  readonly lost: readonly ({
    readonly workload: string;
    readonly units: number;
    readonly reason: string;
    readonly unservedCents: Cents;
  } & ReasonOut)[];
  /** What the bill does when the provider is lost. It falls where work cannot move and is simply not done. */
  readonly billDeltaCents: Cents;
  /** The value of the work that cannot move (Σ lost[].unservedCents): not done, never a saving. */
  readonly unservedCents: Cents;
  /** billDeltaCents + unservedCents: the loss's real cost. */
  readonly effectiveDeltaCents: Cents;
  readonly rules: readonly {
    readonly workload: string;
    readonly priority: number;
    readonly required: number;
    readonly keptImmediately: number;
    readonly afterReplan: number;
    readonly ok: boolean;
  }[];
  readonly ok: boolean;
}

export interface CandidateOut {
  readonly pool: string;
  readonly provider: string;
  readonly region: string;
  readonly gpu: string;
  readonly tier: Tier;
  readonly effectiveCents: Cents;
  readonly listCents: Cents;
  readonly chosen: boolean;
  readonly note: string;
  /** The note as data (`explain.*`). */
  readonly code: Code;
  readonly source: string;
  readonly params: Params;
}

/** A pool a filter rejected: `reason` in words, then the same as data (`source` = the filter). */
export interface RejectionOut extends ReasonOut {
  readonly filter: string;
  readonly reason: string;
  readonly pool: string;
}

/** A violation: `message` in words, then the same as data (`source` = the rule, or for workload.* the binding
 * cause's source). */
export interface ViolationOut extends ReasonOut {
  readonly message: string;
}

export interface ExplainOut {
  readonly workload: string;
  readonly candidates: readonly CandidateOut[];
  /** For a workload not wholly placed: the binding cause first, the others grouped (as in workloads[].whyNot). */
  readonly whyNot?: WhyNot;
  readonly rejections: readonly RejectionOut[];
}

export interface Plan {
  readonly schema: 'skyfleet/plan@2';
  readonly scenario: string;
  readonly now: string;
  readonly seed: number;
  readonly horizon: { readonly start: string; readonly end: string; readonly buckets: number };
  readonly solver: {
    readonly used: string;
    readonly status: string;
    /** The exact MIP's own status when it ran (also when the greedy plan is reported): `optimal`, `node-limit`,
     * `iteration-limit` or `time-limit` (docs/plan-schema.md). */
    readonly exactStatus?: string;
    readonly lowerBoundCents?: Cents;
    /** (bill − LP bound) / LP bound, when every item is placed. The LP relaxes whole gangs and replicas, so it can be loose. */
    readonly gapToLowerBound?: number;
    /** (greedy bill − exact MIP bill) / exact MIP bill, when both were computed. */
    readonly greedyGapToExact?: number;
    readonly notes: readonly string[];
    /** The notes as data, one for each (`note.*`). */
    readonly noteReasons: readonly ReasonOut[];
  };
  readonly totals: {
    /** = sunkCents + spendCents + shortfallPaidCents + preemptionCents, exactly. */
    readonly billCents: Cents;
    readonly baselineCents: Cents;
    /** = billCents − baselineCents. */
    readonly incrementalCents: Cents;
    /** = Σ workloads[].listCents. */
    readonly listCents: Cents;
    /** = Σ contracts[].reservedSunkCents. */
    readonly sunkCents: Cents;
    /** = Σ placements' spendCents. */
    readonly spendCents: Cents;
    /** = Σ contracts[].forecastShortfallCents. */
    readonly shortfallPaidCents: Cents;
    /** = Σ placements' preemptionCents. */
    readonly preemptionCents: Cents;
    /** = Σ workloads[].unservedCents: work not done, valued; not part of the bill and never a saving. */
    readonly unservedCents: Cents;
    readonly placed: number;
    readonly partial: number;
    readonly unplaced: number;
  };
  readonly workloads: readonly WorkloadOut[];
  readonly contracts: readonly ContractOut[];
  readonly providers: readonly ProviderOut[];
  readonly survivability: readonly SurvivalOut[];
  readonly violations: readonly ViolationOut[];
  readonly explain: readonly ExplainOut[];
}
