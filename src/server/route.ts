/**
 * A route of the API as data: method, path, who may call it, the zod schemas of its path, query, headers and body,
 * its answers, and its handler. The one table (routes.ts) both registers the Hono handlers (app.ts) and makes the
 * OpenAPI document (openapi.ts), so a route cannot exist without being documented, nor be validated by anything but
 * the schemas the document shows.
 */
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Clock } from '../control/ports.js';
import type { ControlApi, Principal } from '../app/control/api.js';
import type { LedgerService } from '../app/ledger-service.js';
import type { WorkloadSpec } from '../control/records.js';
import type { AccountStore } from './tokens.js';
import type { BodyKind } from './body.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** none: open; token: any valid token; admin: the admin's token only. */
export type Access = 'none' | 'token' | 'admin';

/** A warning of the task importer (a field skyfleet cannot honour), as the API returns it. */
export interface ImportWarning {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/** The task importer use case (SkyPilot task YAML or a skyfleet workload file → specs): throws a UserError (an
 * IssuesError with file:line:col) on a malformed file. */
export type TaskImporter = (
  text: string,
  source: string,
) => { readonly workloads: readonly WorkloadSpec[]; readonly warnings: readonly ImportWarning[] };

export interface ServerDeps {
  readonly api: ControlApi;
  readonly accounts: AccountStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Absent: task files (YAML bodies) are refused with 415 `api.import-unavailable`. */
  readonly importTasks?: TaskImporter;
  /** The fleet's ledger (GET /v1/ledger…); absent: those routes answer 503 `api.ledger-unavailable`. */
  readonly ledger?: LedgerService;
}

export interface HeaderSpec {
  readonly name: string;
  readonly schema: z.ZodType<string>;
}

export interface Input<P, Q, B> {
  readonly principal: Principal;
  readonly params: P;
  readonly query: Q;
  /** The parsed JSON body (validated), or the raw text of a YAML body. */
  readonly body: B;
  readonly bodyKind: BodyKind | null;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly deps: ServerDeps;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is with this content type (the metrics text, …) instead of JSON. */
  readonly contentType?: string;
}

export interface Route {
  readonly method: Method;
  /** OpenAPI style: `/v1/workloads/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly headers?: readonly HeaderSpec[];
  /** JSON body schema; `yaml`: a task file is read too (raw text to the importer). */
  readonly body?: { readonly json?: z.ZodType; readonly yaml?: boolean; readonly required: boolean };
  readonly ok: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
    readonly contentType?: string;
    /** Other success statuses with the same body (e.g. 200 for a replayed Idempotency-Key beside 201). */
    readonly also?: readonly { readonly status: number; readonly description: string }[];
  };
  /** The problem statuses the route may answer beyond those of every route. */
  readonly problems: readonly number[];
  readonly handle: (input: Input<any, any, any>) => Promise<Answer>;
}

/** A route with its handler's input typed from its schemas. */
export function route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(
  r: Omit<Route, 'handle' | 'params' | 'query' | 'body'> & {
    readonly params?: P;
    readonly query?: Q;
    readonly body?: { readonly json?: B; readonly yaml?: boolean; readonly required: boolean };
    readonly handle: (input: Input<z.output<P>, z.output<Q>, z.output<B> | string | undefined>) => Promise<Answer>;
  },
): Route {
  return r as Route;
}

/** `/v1/workloads/{id}` → `/v1/workloads/:id` (Hono's syntax). */
export const honoPath = (path: string): string => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

/** A matcher of the concrete paths a route pattern stands for (one segment per parameter). */
export const pathMatcher = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[A-Za-z]+\}/g, '[^/]+')}/?$`);
