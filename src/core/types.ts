/**
 * The domain model of skyfleet, as the engine sees it after a scenario file has been read and validated.
 * Plain data only: no classes, no I/O. Instants are epoch milliseconds (UTC); durations are hours;
 * money in the planning model is `Usd` (a float; core/money.ts), exact `Cents` where it is output or booked.
 */
import type { ContractId, ProviderId, WorkloadId } from './ids.js';
import type { Usd } from './money.js';

export type { ContractId, ProviderId, Usd, WorkloadId };
export type GpuModel = string;
export type Instant = number; // epoch milliseconds, UTC
export type Hours = number;

/** How capacity is bought. `reserved` = a contract's reserved block (sunk); `committed` = on-demand bought under a
 * contract's discount and burning its commitment; `on-demand` and `spot` = list price with no contract. */
export type Tier = 'reserved' | 'committed' | 'on-demand' | 'spot';
export const TIERS: readonly Tier[] = ['reserved', 'committed', 'on-demand', 'spot'];

/** A purchasable unit from the price catalog (one row of data/gpu-catalog.csv). */
export interface Offering {
  readonly provider: ProviderId;
  readonly instanceType: string;
  readonly gpu: GpuModel;
  readonly gpusPerInstance: number;
  readonly region: string;
  readonly zone?: string;
  readonly pricePerHour: Usd; // per instance-hour, list
  readonly spotPricePerHour?: Usd; // per instance-hour
}

export interface Catalog {
  readonly offerings: readonly Offering[];
}

/** A provider the scenario uses, with the limits the user declares on it. */
export interface ProviderSpec {
  readonly id: ProviderId;
  /** Most GPUs that can be held at once on on-demand/committed/spot tiers, all regions together. */
  readonly quotaGpus: number;
  /** Optional per-region quota (GPUs); a region absent here is bounded by quotaGpus alone. */
  readonly regionQuotaGpus?: Readonly<Record<string, number>>;
  /** Regions allowed; undefined = every region in the catalog. */
  readonly regions?: readonly string[];
  /** Largest gang (GPUs) that fits one interconnect domain on this provider. */
  readonly interconnectDomainGpus: number;
  /** Expected spot preemptions per GPU-hour-of-a-gang-hour (per hour of a job's life). 0 = no spot. */
  readonly spotPreemptionsPerHour: number;
  /** Fraction of quota that may be on spot at once (spot capacity is scarcer). */
  readonly spotCapacityFraction: number;
  /** Fractional change of list and spot prices per year from the horizon start (e.g. -0.15); absent = 0. */
  readonly priceChangePerYear?: number;
}

/** A step of a ramp: from `from` on, the value is `value` (until the next step). */
export interface RampStep {
  readonly from: Instant;
  readonly value: number;
}

export interface CommitmentPeriod {
  readonly start: Instant;
  readonly end: Instant;
  /** Minimum spend (USD) or usage (GPU-hours) in the period: take-or-pay. */
  readonly minimum: number;
}

export interface Commitment {
  readonly unit: 'usd' | 'gpu-hours';
  readonly periods: readonly CommitmentPeriod[];
  /** Fraction (0..1) of a period's shortfall carried forward into the next period's minimum instead of paid. */
  readonly carryForwardFraction: number;
}

export interface ReservedBlock {
  readonly id: string;
  readonly gpu: GpuModel;
  readonly region: string;
  /** GPUs available over time (a ramp). */
  readonly ramp: readonly RampStep[];
  /** USD per GPU-hour, paid for every reserved GPU whether used or not. */
  readonly ratePerGpuHour: Usd;
  /** Do the block's charges burn the contract's commitment? */
  readonly countsTowardCommitment: boolean;
  /** The instance type the block is made of (whole instances of it), when the contract names one; else the catalog's
   * largest shape of the GPU in the region (engine/pools.ts). */
  readonly instanceType?: string;
}

export interface Contract {
  readonly id: ContractId;
  readonly provider: ProviderId;
  readonly start: Instant;
  readonly end: Instant;
  readonly commitment?: Commitment;
  /** Fraction (0..1) off list price for on-demand capacity bought under this contract. */
  readonly discount: number;
  readonly reserved: readonly ReservedBlock[];
  /** Workload classes whose new demand must be offered here first. */
  readonly rightOfFirstRefusal: readonly string[];
  /** Workload classes that must run on this provider. */
  readonly exclusivity: readonly string[];
}

export interface SurvivabilityRule {
  /** Workload priority tiers (1 = most critical) this rule covers. */
  readonly tiers: readonly number[];
  /** Fraction (0..1) of each covered workload's capacity that must survive the loss of any one provider. */
  readonly fraction: number;
}

export interface ResidencyRule {
  /** Workload classes (or teams) the rule covers; `*` = all. */
  readonly appliesTo: readonly string[];
  /** Allowed geographies (us, eu, asia, …) — see core/geo.ts. */
  readonly geos: readonly string[];
}

export interface Policy {
  /** Maximum share (0..1) of total spend on any one provider; per-provider overrides (keyed by provider id: plain
   * string keys, so any provider name looks up). */
  readonly maxSpendShare: number;
  readonly maxSpendShareByProvider: Readonly<Record<string, number>>;
  /** Maximum share (0..1) of GPUs on any one provider; per-provider overrides. */
  readonly maxGpuShare: number;
  readonly maxGpuShareByProvider: Readonly<Record<string, number>>;
  readonly survivability: readonly SurvivabilityRule[];
  readonly residency: readonly ResidencyRule[];
  /** Team → USD budget over the planning horizon. */
  readonly teamBudgets: Readonly<Record<string, Usd>>;
  /** Team → fair-share weight (> 0) in the waiting queue (core/fair-share.ts); a team not listed weighs 1. */
  readonly teamWeights?: Readonly<Record<string, number>>;
}

interface WorkloadBase {
  readonly id: WorkloadId;
  readonly team: string;
  /** Class of work, for contract clauses and residency (e.g. `frontier-training`). */
  readonly class: string;
  /** 1 = most critical. */
  readonly priority: number;
  /** Acceptable GPU models, in the user's order of preference. */
  readonly gpus: readonly GpuModel[];
  /** Optional provider and region allow-lists. */
  readonly providers?: readonly ProviderId[];
  readonly regions?: readonly string[];
  /** Per-workload throughput overrides relative to H100 (GPU model → ratio). */
  readonly throughput?: Readonly<Record<GpuModel, number>>;
  /** Tiers the workload accepts; default depends on kind. */
  readonly tiers: readonly Tier[];
  readonly start: Instant;
  /** Nodes the gang (or one replica) is launched on together, as a SkyPilot task's `num_nodes`: each node holds an
   * equal share of the GPUs, and only instances of exactly that many GPUs take it (the instance-shape filter).
   * Undefined when the file does not say. */
  readonly nodes?: number;
}

/** A gang of GPUs that must sit in one interconnect domain, doing a fixed amount of work. */
export interface TrainingWorkload extends WorkloadBase {
  readonly kind: 'training';
  readonly gpuCount: number;
  /** Amount of work in H100 GPU-hours: hours on gpuCount H100s = work / gpuCount. */
  readonly work: Hours;
  readonly checkpointEvery: Hours;
  readonly deadline?: Instant;
}

export interface InferenceDemand {
  readonly geo: string;
  /** Replicas needed (already converted from tokens/s where the file gives tokens/s). */
  readonly replicas: number;
}

/** A service with demand per geography, served by replicas that can be spread over providers. */
export interface InferenceWorkload extends WorkloadBase {
  readonly kind: 'inference';
  readonly gpusPerReplica: number;
  /** May one replica span several instances (whole ones, in one interconnect domain)? Default false: a replica sits on
   * one instance that holds all its GPUs. */
  readonly multiNode?: boolean;
  /** Demand in H100-replica units per geography; a faster GPU needs fewer replicas. */
  readonly demand: readonly InferenceDemand[];
  readonly minProviders: number;
  readonly end?: Instant;
  /** Tokens per second one replica serves on H100 (when the file gives it). */
  readonly tokensPerSecondPerReplica?: number;
  /** Price charged per million tokens served: revenue and gross margin in the simulator. */
  readonly pricePerMillionTokens?: Usd;
}

/** Preemptible work with a deadline. */
export interface BatchWorkload extends WorkloadBase {
  readonly kind: 'batch';
  readonly gpuCount: number;
  /** May the gang span several instances (whole ones, in one interconnect domain)? Default true; false: it must fit
   * on one instance. (A training gang always may.) */
  readonly multiNode?: boolean;
  readonly work: Hours;
  readonly checkpointEvery: Hours;
  readonly deadline?: Instant;
}

export type Workload = TrainingWorkload | InferenceWorkload | BatchWorkload;

/** Everything the engine needs to know about the world at one moment. */
export interface Snapshot {
  readonly catalog: Catalog;
  readonly providers: readonly ProviderSpec[];
  readonly contracts: readonly Contract[];
  readonly policy: Policy;
  /** GPU model → throughput relative to H100 (H100 = 1). */
  readonly throughput: Readonly<Record<GpuModel, number>>;
}

/** What to plan. */
export interface PlanRequest {
  readonly workloads: readonly Workload[];
  readonly horizon: { readonly start: Instant; readonly end: Instant };
  /** Length of the time buckets capacity and commitments are checked in (hours). */
  readonly bucketHours: Hours;
}

/** A scenario = the snapshot and the request, as one user file describes them. */
export interface Scenario {
  readonly name: string;
  readonly snapshot: Snapshot;
  readonly request: PlanRequest;
}
