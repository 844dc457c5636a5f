/** What one simulation run reports. Money is exact integer cents from the ledger unless the name says USD. */
import type { Cents, Usd } from '../core/money.js';
import type { LedgerLine } from '../ledger/ledger.js';
import type { MoneyBreakdown } from './money-breakdown.js';

export interface ContractPeriodResult {
  readonly contract: string;
  readonly provider: string;
  readonly period: number;
  readonly start: number;
  readonly end: number;
  readonly unit: 'usd' | 'gpu-hours';
  readonly minimum: number;
  readonly carryIn: number;
  /** Burned (unit of the term), reserved charges that count included. */
  readonly usage: number;
  readonly shortfall: number;
  readonly paidCents: Cents;
  readonly carryOut: number;
  /** usage / (minimum + carryIn); null when nothing was owed (no minimum: a ratio over nothing). */
  readonly utilisation: number | null;
  /** Cumulative burn within the period (unit of the term) at the end of each time bucket in it, in time order;
   * the last point is `usage`. */
  readonly burn: readonly { readonly at: number; readonly usage: number }[];
}

export interface SimResult {
  readonly policy: string;
  readonly seed: number;
  readonly horizon: { readonly start: number; readonly end: number };
  readonly cost: {
    readonly billedCents: Cents;
    readonly usageCents: Cents;
    readonly reservedCents: Cents;
    readonly shortfallCents: Cents;
    /** Unserved inference and unfinished job work valued at World.unservedPricePerH100Hour. */
    readonly unservedUsd: Usd;
    /** billed + unserved (USD): the number offline-optimal bounds from below. */
    readonly effectiveUsd: Usd;
    /** The bill owed with nothing placed: sunk reserved charges plus every commitment minimum paid as shortfall
     * (simulate.ts idleBillCents), the same for every policy and seed of a world. */
    readonly idleCents: Cents;
    /** effective − idle (USD): what the policy adds to the bill owed anyway; 0 for a run with nothing to place. */
    readonly incrementalUsd: Usd;
    readonly unservedPricePerH100Hour: number;
    readonly byProviderCents: Readonly<Record<string, Cents>>;
    /** Share of usage spend that burned a commitment; null when there was no usage spend. */
    readonly commitmentCoverage: number | null;
  };
  /** Where the effective cost went, in cents (money-breakdown.ts); the parts add up to effectiveCents. */
  readonly breakdown?: MoneyBreakdown;
  readonly contracts: readonly ContractPeriodResult[];
  /** Per time bucket: start, end, spend and GPU-hours per provider, inference demand and served (H100-replica-hours). */
  readonly periods: readonly {
    readonly start: number;
    readonly end: number;
    readonly spendCents: Readonly<Record<string, Cents>>;
    readonly gpuHours: Readonly<Record<string, number>>;
    readonly demandUnitHours: number;
    readonly servedUnitHours: number;
  }[];
  /** attainment = served / demand; null when there was no demand (a ratio over nothing). */
  readonly inference: {
    readonly demandUnitHours: number;
    readonly servedUnitHours: number;
    readonly attainment: number | null;
    /** Service beyond the risk policy's survivability cap (H100-replica unit-hours): what was served while some
     * provider held more than units − ceil(units × fraction) of a covered service, beyond what the units within the
     * cap covered. 0 = the run honoured the spread, one condition of the offline bound's scope (offline-optimal.ts). */
    readonly spreadBreachUnitHours: number;
  };
  /** Revenue and gross margin of the inference services that give a price per million tokens (and their tokens per
   * second per replica); absent when none does. */
  readonly revenue?: InferenceRevenue;
  readonly jobs: {
    readonly arrived: number;
    readonly finished: number;
    readonly unplaceable: number;
    readonly unfinished: number;
    readonly withDeadline: number;
    readonly deadlineMisses: number;
    /** Hours from arrival to completion of the finished jobs; null when no job finished. */
    readonly completionHours: {
      readonly mean: number | null;
      readonly p50: number | null;
      readonly p95: number | null;
    };
    readonly interruptions: { readonly outage: number; readonly preemption: number; readonly capacity: number };
    readonly checkpoints: number;
    /** GPU-hours whose work was thrown away (since the last checkpoint) at interruptions. */
    readonly lostGpuHours: number;
    /** GPU-hours spent redoing that work before the horizon ended. */
    readonly redoneGpuHours: number;
    /** H100 GPU-hours of work left undone at the horizon end (unfinished and unplaceable jobs). */
    readonly unfinishedWork: number;
    /** Runs stopped for a higher-priority placement and the GPU-hours of work they lost since their last checkpoint
     * (also in lostGpuHours); present only for a policy that preempts (SimPolicy.preempt). */
    readonly priorityPreemptions?: { readonly count: number; readonly lostGpuHours: number };
    /** Running jobs moved to a cheaper pool by the re-optimisation step (job-migration.ts): moves, the GPU-hours of
     * work they lost since their last checkpoint (also in lostGpuHours), the GPU-hours billed warming up on the new
     * pools, and the saving the moves were expected to make when decided (USD); present only for a policy that
     * migrates (SimPolicy.migrate). */
    readonly migrations?: {
      readonly count: number;
      readonly lostGpuHours: number;
      readonly warmupGpuHours: number;
      readonly estimatedSavingUsd: number;
    };
  };
  readonly capacity: {
    readonly groups: readonly {
      readonly id: string;
      readonly kind: string;
      readonly capacityGpuHours: number;
      readonly usedGpuHours: number;
      readonly idleGpuHours: number;
    }[];
    /** Times a group held more GPUs than its capacity (must be 0). */
    readonly overCapacity: number;
  };
  readonly outages: readonly {
    readonly provider: string;
    readonly region: string;
    readonly start: number;
    readonly end: number;
  }[];
  readonly ledger: {
    readonly postings: number;
    readonly reconciles: boolean;
    readonly problems: readonly string[];
    readonly lines: readonly LedgerLine[];
  };
  readonly events: number;
}

/** One priced inference service (all its geographies), or the total over them. Money in exact integer cents. */
export interface ServiceRevenue {
  /** Served H100-replica-hours. */
  readonly servedUnitHours: number;
  /** servedUnitHours × tokensPerSecondPerReplica × 3600. */
  readonly tokensServed: number;
  /** tokensServed / 1e6 × pricePerMillionTokens, rounded to the cent once per service (half away from zero). */
  readonly revenueCents: Cents;
  /** Usage charges billed for the service's replicas (reserved blocks and shortfall are not attributed). */
  readonly costCents: Cents;
  readonly marginCents: Cents;
  /** (revenue − cost) / revenue; null when there is no revenue. */
  readonly grossMargin: number | null;
}

export interface InferenceRevenue extends ServiceRevenue {
  readonly services: readonly (ServiceRevenue & {
    readonly id: string;
    readonly pricePerMillionTokens: number;
    readonly tokensPerSecondPerReplica: number;
  })[];
}
