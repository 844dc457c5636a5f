/**
 * The control plane as the application layer offers it: the use cases the HTTP API (src/server) calls — the only
 * caller that acts; the CLI is a client of that API — implemented in src/app/control/ over the ports of
 * src/control/ports.ts. Errors are data: a ControlError carries a stable code (src/core/codes.ts) and params; the
 * server renders it as an RFC 9457 problem document whose `type` is that code.
 */
import type { Cause, WorkloadEvent, WorkloadRecord, WorkloadSpec } from '../../control/records.js';

/** Who is calling: resolved from the API token by the server. */
export interface Principal {
  readonly tokenId: string;
  /** null for the admin token. */
  readonly team: string | null;
  readonly admin: boolean;
}

export interface SubmitRequest {
  readonly spec: WorkloadSpec;
  /** The team the work is for: a team token may only name its own team (or omit it); the admin must name one. */
  readonly team?: string;
  /** The same key twice from the same team submits once (the first answer is returned). */
  readonly idempotencyKey?: string;
}

/** A workload as the API shows it: the record without secret values (their names only). A service placed as
 * replica groups (one workload, get/cancel answers) lists its groups: where each is and in what state. */
export type WorkloadView = Omit<WorkloadRecord, 'spec'> & {
  readonly spec: Omit<WorkloadSpec, 'secrets'> & { readonly secretNames?: readonly string[] };
  readonly groups?: readonly GroupView[];
};

/** One replica group of a service, as the service's view lists it. */
export interface GroupView {
  readonly id: string;
  readonly geo: string;
  readonly state: WorkloadRecord['state'];
  readonly placement: WorkloadRecord['placement'];
  readonly waitingFor: Cause | null;
}

/** Why a workload is where it is, or why it waits: the chosen offering and the rejected ones, as data. */
export interface Explanation {
  readonly workloadId: string;
  readonly state: WorkloadRecord['state'];
  readonly chosen: (Cause & { readonly effectiveCostCents?: number }) | null;
  readonly rejections: readonly Cause[];
  readonly waitingFor: Cause | null;
}

export interface FleetStatus {
  readonly providers: readonly {
    readonly name: string;
    readonly up: boolean;
    readonly lastSeen: number | null;
    readonly cause: Cause | null;
  }[];
  readonly workloadsByState: Readonly<Record<string, number>>;
  readonly blocklist: readonly { readonly key: string; readonly until: number; readonly cause: Cause }[];
}

export interface ControlApi {
  submit(p: Principal, req: SubmitRequest): Promise<{ readonly workload: WorkloadView; readonly created: boolean }>;
  get(p: Principal, id: string): Promise<WorkloadView>;
  list(
    p: Principal,
    q: { readonly states?: readonly WorkloadRecord['state'][]; readonly limit?: number; readonly after?: string },
  ): Promise<WorkloadView[]>;
  cancel(p: Principal, id: string): Promise<WorkloadView>;
  events(p: Principal, id: string): Promise<WorkloadEvent[]>;
  explain(p: Principal, id: string): Promise<Explanation>;
  logs(p: Principal, id: string, tailLines: number): Promise<string>;
  fleet(p: Principal): Promise<FleetStatus>;
}

/** A refused request, as data. `status` is the HTTP status the server answers with (400, 401, 403, 404, 409, 422…). */
export class ControlError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Readonly<Record<string, unknown>> = {},
    detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'ControlError';
  }
}
