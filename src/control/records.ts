/**
 * The control plane's records: what `skyfleet serve` keeps durable (through the Store port) and what it learns from
 * the providers (through the Provider port). Plain JSON-able data; times are epoch milliseconds (the Clock port's
 * unit), money integer cents. Shared by the pure control logic (src/control), the use cases (src/app/control), the
 * store adapters (src/store), the provider adapters (src/providers) and the HTTP API (src/server).
 */
import type { Cents } from '../core/money.js';

/** The workload state machine (docs/control-plane.md draws it):
 *   submitted → admitted → placed → provisioning → running → succeeded | failed | cancelled;
 *   preempted and lost go back to admitted; held is admitted work that a quota or budget holds back (with the reason). */
export const WORKLOAD_STATES = [
  'submitted',
  'held',
  'admitted',
  'placed',
  'provisioning',
  'running',
  'preempted',
  'lost',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type WorkloadState = (typeof WORKLOAD_STATES)[number];

/** What a team asked for: the workload in the scenario format (kind, gpus, count or gpusPerReplica, nodes, tiers, …)
 * plus what runs. `secrets` values are stored but never logged nor returned by the API. */
export interface WorkloadSpec {
  readonly name: string;
  /** The workload as a scenario file would declare it (the scenario format's field names). */
  readonly workload: Readonly<Record<string, unknown>>;
  readonly run?: string;
  readonly setup?: string;
  readonly envs?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  /** Where the request came from, e.g. `train.sky.yaml` (SkyPilot task) or `job.yaml` (skyfleet workload file). */
  readonly source?: string;
  /** Set by the control plane on an inference service it places as replica groups (service-split.ts): how many. The
   * groups are the workloads `<id>.g0` … `<id>.g<n-1>`; the service holds no placement of its own. */
  readonly replicaGroups?: number;
  /** Set by the control plane on a replica group: the service it belongs to, its index, the geography it serves and
   * the ids of the groups of the same geography (never on the same provider). */
  readonly group?: ReplicaGroupRef;
}

export interface ReplicaGroupRef {
  readonly service: string;
  readonly index: number;
  readonly geo: string;
  readonly siblings: readonly string[];
}

/** Where a workload was put: one offering of one provider, a whole number of instances. */
export interface Placement {
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly gpusPerInstance: number;
  readonly instances: number;
  readonly spot: boolean;
  /** Price of one instance-hour at placement time. */
  readonly pricePerInstanceHourCents: Cents;
  /** The provider's launch handle once provisioning started (an idempotent client token is sent with the launch). */
  readonly launchId?: string;
  /** The engine pool it was placed on (engine/problem.ts Pool.id, e.g. `aws/us-east-1/H100/committed/p5.48xlarge`):
   * which fleet capacity groups (quotas, reserved blocks) it counts against. Added by the control plane. */
  readonly pool?: string;
  /** When the provider reported it running (epoch ms): the work since the last checkpoint is counted from here. */
  readonly startedAt?: number;
}

/** A reason as data (the engine's `{code, source, params}` shape, codes from src/core/codes.ts). */
export interface Cause {
  readonly code: string;
  readonly source?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface WorkloadRecord {
  readonly id: string;
  readonly team: string;
  readonly spec: WorkloadSpec;
  readonly state: WorkloadState;
  /** Bumped by every transition: the optimistic-concurrency token of this workload. */
  readonly version: number;
  readonly placement: Placement | null;
  /** Last checkpoint reported by the provider: epoch ms and work done so far (H100 GPU-hours). */
  readonly checkpoint: { readonly at: number; readonly workDone: number } | null;
  /** How many times it was (re)launched; part of the launch's idempotency token. */
  readonly attempt: number;
  /** Why it waits (held, or admitted but not yet placed), as data. */
  readonly waitingFor: Cause | null;
  readonly idempotencyKey: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One transition, append-only. `from` is null for the submission itself. */
export interface WorkloadEvent {
  readonly seq: number;
  readonly workloadId: string;
  readonly at: number;
  readonly from: WorkloadState | null;
  readonly to: WorkloadState;
  readonly cause: Cause;
}

/** An API token. Only a hash of the secret is stored. `team` null with `admin` true: the admin token. */
export interface TokenRecord {
  readonly id: string;
  readonly hash: string;
  readonly team: string | null;
  readonly admin: boolean;
  readonly createdAt: number;
  /** When it was revoked (epoch ms); absent while it is valid. A revoked token is kept, and authenticates nothing. */
  readonly revokedAt?: number;
}

/** A team's limits: GPUs held at once by model, and a monthly budget in cents and/or GPU-hours (null: none). */
export interface TeamRecord {
  readonly name: string;
  readonly quotaGpus: Readonly<Record<string, number>>;
  readonly monthlyBudgetCents: Cents | null;
  readonly monthlyBudgetGpuHours: number | null;
}

export type PricingKind = 'on-demand' | 'spot' | 'committed' | 'reserved';

/** One stretch of use of one launch: what the ledger bills (issue 13 reads these). `end` null while it runs. */
export interface UsageRecord {
  readonly id: string;
  readonly workloadId: string;
  readonly team: string;
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly gpus: number;
  readonly instances: number;
  readonly pricing: PricingKind;
  readonly pricePerInstanceHourCents: Cents;
  readonly start: number;
  readonly end: number | null;
}
