/**
 * The control plane's ports: the store (durable state), the providers (cloud back ends) and the clock. Declared here
 * as types; adapters live at the edge (src/store: memory, SQLite and PostgreSQL through Kysely; src/providers: the
 * sandbox cloud's HTTP client, real clouds later). Each port has ONE contract test suite that every adapter runs
 * (src/store/test-support/store-contract.ts, src/providers/test-support/provider-contract.ts).
 */
import type {
  Cause,
  Placement,
  TeamRecord,
  TokenRecord,
  UsageRecord,
  WorkloadEvent,
  WorkloadRecord,
  WorkloadSpec,
  WorkloadState,
} from './records.js';

/** Time, behind a port so the control logic is testable (a fake clock in tests, Date.now in the shell). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

// ----------------------------------------------------------------------------------------------------------------
// Store

export interface NewWorkload {
  readonly id: string;
  readonly team: string;
  readonly spec: WorkloadSpec;
  readonly idempotencyKey: string | null;
  readonly at: number;
  readonly cause: Cause;
  /** What happens to it next in the same transaction when it is created (group commit: its admission and first
   * evaluation), each step one version and one event after `submitted`; ignored when the key answers an earlier
   * workload. */
  readonly steps?: readonly WorkloadStep[];
}

/** A change without the version it expects: a step taken by a workload just created. */
export type WorkloadStep = Omit<WorkloadChange, 'id' | 'expectedVersion'>;

/** A change of one workload, applied only if its version is still `expectedVersion` (optimistic concurrency). */
export interface WorkloadChange {
  readonly id: string;
  readonly expectedVersion: number;
  readonly state: WorkloadState;
  /** Omitted: unchanged; null: cleared. */
  readonly placement?: Placement | null;
  readonly checkpoint?: WorkloadRecord['checkpoint'];
  readonly attempt?: number;
  readonly waitingFor?: Cause | null;
  readonly at: number;
  readonly cause: Cause;
}

export interface WorkloadQuery {
  /** Only this team's workloads (a team token); undefined: all (the admin). */
  readonly team?: string;
  readonly states?: readonly WorkloadState[];
  /** At most this many, oldest first; after the id given (keyset pagination). */
  readonly limit?: number;
  readonly after?: string;
}

export interface CreatedWorkload {
  readonly workload: WorkloadRecord;
  readonly created: boolean;
}

export interface Store {
  /** Creates or upgrades the schema (versioned migrations, each applied once, in order). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /** Inserts a submitted workload and its first event atomically. The same (team, idempotencyKey) again returns the
   * workload first created, `created: false`, and changes nothing. */
  createWorkload(w: NewWorkload): Promise<{ readonly workload: WorkloadRecord; readonly created: boolean }>;
  /** Group commit of submissions: createWorkload for each, in order, in ONE transaction, all or nothing (an item that
   * fails — a bad text, an id taken, a spec too large — fails the whole batch and nothing is stored). Answers one
   * result per item, in order; a (team, idempotencyKey) given twice in the batch answers the first's workload with
   * `created: false` the second time, as two calls would. */
  createWorkloads(ws: readonly NewWorkload[]): Promise<CreatedWorkload[]>;
  getWorkload(id: string): Promise<WorkloadRecord | undefined>;
  listWorkloads(q: WorkloadQuery): Promise<WorkloadRecord[]>;
  /** Applies the changes in one transaction, each only where its version still matches (bumping it and appending one
   * event per applied change). Answers the updated records of those applied; the ids of the others are conflicts. */
  applyChanges(
    changes: readonly WorkloadChange[],
  ): Promise<{ readonly applied: WorkloadRecord[]; readonly conflicts: string[] }>;
  /** The events of one workload, in order. */
  listEvents(workloadId: string): Promise<WorkloadEvent[]>;

  putToken(t: TokenRecord): Promise<void>;
  /** The token with this hash, revoked or not (a caller checks `revokedAt`). */
  findTokenByHash(hash: string): Promise<TokenRecord | undefined>;
  /** Revokes token `id` at `at` — when `team` is given, only if the token belongs to that team — and answers it as
   * stored after; a token already revoked keeps its first `revokedAt` (idempotent). Undefined: no such token (in
   * that team), and nothing changed. */
  revokeToken(id: string, at: number, team?: string): Promise<TokenRecord | undefined>;
  /** Every token, revoked or not — with `team`, only that team's (not the admin tokens) — oldest first (then by id). */
  listTokens(q: { readonly team?: string }): Promise<TokenRecord[]>;
  putTeam(t: TeamRecord): Promise<void>;
  getTeam(name: string): Promise<TeamRecord | undefined>;
  listTeams(): Promise<TeamRecord[]>;

  /** Opens (end null) or closes a usage record; the same id again replaces it (idempotent). */
  putUsage(u: UsageRecord): Promise<void>;
  listUsage(q: { readonly team?: string; readonly from?: number; readonly to?: number }): Promise<UsageRecord[]>;

  /** Small durable settings (the blocklist, the last re-plan time, …) as JSON values. */
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

// ----------------------------------------------------------------------------------------------------------------
// Provider

/** What a provider can sell now in one region: an instance type with its GPUs, prices and free capacity. */
export interface Offering {
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly gpusPerInstance: number;
  /** Instances that can be launched now (on-demand); spot has its own. */
  readonly available: number;
  readonly spotAvailable: number;
  readonly pricePerInstanceHourCents: number;
  readonly spotPricePerInstanceHourCents: number | null;
}

export interface LaunchRequest {
  /** Idempotency token: the same token twice launches once and answers the same launch (`${workloadId}/${attempt}`). */
  readonly clientToken: string;
  readonly workloadId: string;
  /** The team the work is for (carried into usage records). */
  readonly team: string;
  readonly region: string;
  readonly instanceType: string;
  /** A gang: all instances start or none does. */
  readonly instances: number;
  readonly spot: boolean;
  readonly setup?: string;
  readonly run?: string;
  readonly envs?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Resume from this checkpoint (work done, H100 GPU-hours), 0 for a fresh start. */
  readonly resumeFrom: number;
}

export type LaunchState = 'provisioning' | 'running' | 'succeeded' | 'failed' | 'preempted' | 'lost' | 'terminated';

export interface LaunchStatus {
  readonly launchId: string;
  readonly clientToken: string;
  readonly workloadId: string;
  readonly state: LaunchState;
  /** Last checkpoint the workload reported (work done, H100 GPU-hours) and when. */
  readonly checkpoint: { readonly at: number; readonly workDone: number } | null;
  readonly exitCode: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** A cloud back end. Calls may fail (throw ProviderError); the control plane counts a provider that keeps failing or
 * stops answering as down after a documented bound, and re-places its work. */
export interface Provider {
  readonly name: string;
  offerings(): Promise<Offering[]>;
  launch(req: LaunchRequest): Promise<LaunchStatus>;
  /** Every launch the provider still knows (for reconciling after a restart). */
  listLaunches(): Promise<LaunchStatus[]>;
  terminate(launchId: string): Promise<void>;
  /** The last lines the launch wrote (stdout and stderr interleaved). */
  logs(launchId: string, tailLines: number): Promise<string>;
  /** Usage of this provider's launches that changed since `since` (epoch ms). */
  usage(since: number): Promise<UsageRecord[]>;
}

/** A provider call that failed: `code` is a stable code (`provider.unreachable`, `provider.capacity`, …). */
export class ProviderError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
