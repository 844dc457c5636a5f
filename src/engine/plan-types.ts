/**
 * The plan: the engine's output, plain data with a stable, documented schema (`skyfleet/plan@1`, docs/plan-schema.md).
 * Money is USD rounded to the cent; instants are ISO-8601 UTC strings.
 */
import type { Tier } from '../core/types.js';

export interface PlacementOut {
  readonly provider: string;
  readonly region: string;
  readonly gpu: string;
  readonly tier: Tier;
  readonly contract?: string;
  readonly block?: string;
  readonly instanceType: string;
  readonly gpus: number;
  /** Inference: replicas on this pool, and the H100-replica units of demand they serve. */
  readonly replicas?: number;
  readonly units: number;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly spend: number;
  readonly effectiveCost: number;
  readonly listCost: number;
}

export interface WorkloadOut {
  readonly id: string;
  readonly kind: 'training' | 'inference' | 'batch';
  readonly team: string;
  readonly class: string;
  readonly priority: number;
  readonly status: 'placed' | 'partial' | 'unplaced' | 'outside-horizon';
  readonly placements: readonly PlacementOut[];
  readonly effectiveCost: number;
  readonly listCost: number;
  readonly unplacedReason?: string;
  /** How many alternatives each filter rejected. */
  readonly rejected: Readonly<Record<string, number>>;
}

export interface PeriodOut {
  readonly start: string;
  readonly end: string;
  readonly unit: 'usd' | 'gpu-hours';
  readonly minimum: number;
  readonly usage: number;
  readonly burn: number; // usage / minimum
  readonly carryIn: number;
  readonly shortfall: number;
  readonly paidShortfallUsd: number;
}

export interface ContractOut {
  readonly id: string;
  readonly provider: string;
  readonly periods: readonly PeriodOut[];
  readonly forecastShortfallUsd: number;
  readonly reservedSunkUsd: number;
}

export interface ProviderOut {
  readonly id: string;
  readonly spend: number;
  readonly spendShare: number;
  readonly maxSpendShare: number;
  readonly peakGpus: number;
  readonly gpuShare: number; // at the bucket where all placed GPUs peak
  readonly maxGpuShare: number;
  readonly withinCaps: boolean;
}

export interface SurvivalOut {
  readonly provider: string;
  readonly moved: readonly { readonly workload: string; readonly from: string; readonly to: readonly string[]; readonly units: number }[];
  readonly lost: readonly { readonly workload: string; readonly units: number; readonly reason: string }[];
  readonly billDelta: number;
  readonly rules: readonly { readonly workload: string; readonly priority: number; readonly required: number; readonly keptImmediately: number; readonly afterReplan: number; readonly ok: boolean }[];
  readonly ok: boolean;
}

export interface CandidateOut {
  readonly pool: string;
  readonly provider: string;
  readonly region: string;
  readonly gpu: string;
  readonly tier: Tier;
  readonly effectiveCost: number;
  readonly listCost: number;
  readonly chosen: boolean;
  readonly note: string;
}

export interface ExplainOut {
  readonly workload: string;
  readonly candidates: readonly CandidateOut[];
  readonly rejections: readonly { readonly filter: string; readonly reason: string; readonly pool: string }[];
}

export interface Plan {
  readonly schema: 'skyfleet/plan@1';
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
    readonly lowerBound?: number;
    /** (bill − LP bound) / LP bound, when every item is placed. The LP relaxes whole gangs and replicas, so it can be loose. */
    readonly gapToLowerBound?: number;
    /** (greedy bill − exact MIP bill) / exact MIP bill, when both were computed. */
    readonly greedyGapToExact?: number;
    readonly notes: readonly string[];
  };
  readonly totals: {
    readonly bill: number;
    readonly baseline: number;
    readonly incremental: number;
    readonly listCost: number;
    readonly sunk: number;
    readonly spend: number;
    readonly shortfallPaid: number;
    readonly preemption: number;
    readonly placed: number;
    readonly partial: number;
    readonly unplaced: number;
  };
  readonly workloads: readonly WorkloadOut[];
  readonly contracts: readonly ContractOut[];
  readonly providers: readonly ProviderOut[];
  readonly survivability: readonly SurvivalOut[];
  readonly violations: readonly { readonly code: string; readonly message: string }[];
  readonly explain: readonly ExplainOut[];
}
