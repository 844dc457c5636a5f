/** Builders for engine tests: small snapshots written in code, with sensible defaults. Ids are given as plain strings
 * and branded here (core/ids.ts), as the scenario reader brands them. */
import { contractId, providerId, workloadId } from '../../core/ids.js';
import type {
  Commitment,
  Contract,
  Offering,
  Policy,
  ProviderSpec,
  Snapshot,
  TrainingWorkload,
  InferenceWorkload,
  BatchWorkload,
  PlanRequest,
  ReservedBlock,
} from '../../core/types.js';

/** Overrides of a workload, its provider allow-list as plain strings. */
export type WorkloadOver<T> = Partial<Omit<T, 'providers'>> & { readonly providers?: readonly string[] };

/** A workload's overrides with its provider allow-list branded. */
function branded<T extends { readonly providers?: readonly string[] }>(over: T) {
  const { providers, ...rest } = over;
  return { ...rest, ...(providers ? { providers: providers.map(providerId) } : {}) };
}

export const T0 = Date.UTC(2027, 0, 1);
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export function offering(
  provider: string,
  region: string,
  gpu: string,
  perGpu: number,
  spotPerGpu?: number,
  gpus = 8,
): Offering {
  return {
    provider: providerId(provider),
    region,
    gpu,
    instanceType: `${provider}.${gpu}.x${gpus}`,
    gpusPerInstance: gpus,
    pricePerHour: perGpu * gpus,
    ...(spotPerGpu !== undefined ? { spotPricePerHour: spotPerGpu * gpus } : {}),
  };
}

export function provider(id: string, over: Partial<ProviderSpec> = {}): ProviderSpec {
  return {
    id: providerId(id),
    quotaGpus: 1024,
    interconnectDomainGpus: 512,
    spotPreemptionsPerHour: 0,
    spotCapacityFraction: 0.25,
    ...over,
  };
}

export const POLICY: Policy = {
  maxSpendShare: 1,
  maxSpendShareByProvider: {},
  maxGpuShare: 1,
  maxGpuShareByProvider: {},
  survivability: [],
  residency: [],
  teamBudgets: {},
};

export function contract(id: string, provider: string, over: Partial<Contract> = {}): Contract {
  return {
    id: contractId(id),
    provider: providerId(provider),
    start: T0,
    end: T0 + 365 * DAY,
    discount: 0,
    reserved: [],
    rightOfFirstRefusal: [],
    exclusivity: [],
    ...over,
  };
}

/** A take-or-pay commitment of `minimum` USD over the 90 days from T0, nothing carried forward. */
export const usdCommitment = (minimum: number): Commitment => ({
  unit: 'usd',
  carryForwardFraction: 0,
  periods: [{ start: T0, end: T0 + 90 * DAY, minimum }],
});

/** A reserved block `blk` of 64 H100 in us-east-1 from T0 at 2 USD/GPU-h, its charges apart from any commitment. */
export const h100Block = (over: Partial<ReservedBlock> = {}): ReservedBlock => ({
  id: 'blk',
  gpu: 'H100',
  region: 'us-east-1',
  ramp: [{ from: T0, value: 64 }],
  ratePerGpuHour: 2,
  countsTowardCommitment: false,
  ...over,
});

export function training(id: string, over: WorkloadOver<TrainingWorkload> = {}): TrainingWorkload {
  return {
    kind: 'training',
    id: workloadId(id),
    team: 'research',
    class: 'training',
    priority: 2,
    gpus: ['H100'],
    tiers: ['reserved', 'committed', 'on-demand'],
    start: T0,
    gpuCount: 64,
    work: 64 * 24 * 10,
    checkpointEvery: 1,
    ...branded(over),
  };
}

export function inference(id: string, over: WorkloadOver<InferenceWorkload> = {}): InferenceWorkload {
  return {
    kind: 'inference',
    id: workloadId(id),
    team: 'product',
    class: 'serving',
    priority: 1,
    gpus: ['H100'],
    tiers: ['reserved', 'committed', 'on-demand'],
    start: T0,
    gpusPerReplica: 8,
    demand: [{ geo: 'us', replicas: 4 }],
    minProviders: 1,
    ...branded(over),
  };
}

export function batch(id: string, over: WorkloadOver<BatchWorkload> = {}): BatchWorkload {
  return {
    kind: 'batch',
    id: workloadId(id),
    team: 'research',
    class: 'batch',
    priority: 3,
    gpus: ['H100'],
    tiers: ['reserved', 'committed', 'on-demand', 'spot'],
    start: T0,
    gpuCount: 8,
    work: 8 * 24,
    checkpointEvery: 1,
    ...branded(over),
  };
}

export function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    catalog: {
      offerings: [offering('aws', 'us-east-1', 'H100', 4, 2), offering('gcp', 'us-central1', 'H100', 3.5, 1.5)],
    },
    providers: [provider('aws'), provider('gcp')],
    contracts: [],
    policy: POLICY,
    throughput: { H100: 1, B200: 2, A100: 0.33 },
    ...over,
  };
}

export function request(workloads: PlanRequest['workloads'], days = 90, bucketHours = 24 * 30): PlanRequest {
  return { workloads, horizon: { start: T0, end: T0 + days * DAY }, bucketHours };
}
