/**
 * Errors of the HTTP API as RFC 9457 problem documents (`application/problem+json`): `type` is the stable code
 * (src/core/codes.ts), `title` its one-line meaning, `status`, `detail` (the words for this case), `instance` (the
 * request's path) and the code's params as extension members. No stack trace ever leaves the server.
 */
import { CODES, isCode } from '../core/codes.js';
import { ControlError } from '../app/control/api.js';
import { UserError } from '../app/errors.js';
import { asStoreFailure, type StoreFailureCode } from '../control/store-failure.js';

export const PROBLEM_TYPE = 'application/problem+json';

/** A refusal the server itself makes (a route, a body, a token). */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly params: Readonly<Record<string, unknown>> = {},
    /** Extra response headers (Allow on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly [param: string]: unknown;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** The title of a code: its meaning in the catalogue, without the `(4xx)` note. */
export function titleOf(code: string): string {
  if (!isCode(code)) return code;
  return CODES[code].meaning.replace(/\s*\([^()]*\)$/, '');
}

function document(
  code: string,
  status: number,
  detail: string,
  instance: string,
  params: Readonly<Record<string, unknown>>,
): ProblemDocument {
  const doc: Record<string, unknown> = { type: code, title: titleOf(code), status, detail, instance };
  for (const [k, v] of Object.entries(params)) if (!RESERVED.has(k)) doc[k] = v;
  return doc as ProblemDocument;
}

/**
 * The status of a store that failed during a request (src/control/store-failure.ts), and how soon to retry: a
 * database that does not answer or is busy is 503 with `Retry-After: 1` (pg's pool reconnects on the next call once
 * it is back); a full disk is 507 Insufficient Storage, no Retry-After (it does not clear by itself: an operator
 * frees space); an I/O error of the database file is 503, no Retry-After.
 */
const STORE_FAILURE_STATUS: Readonly<Record<StoreFailureCode, { status: number; retryAfter?: number }>> = {
  'store.unreachable': { status: 503, retryAfter: 1 },
  'store.busy': { status: 503, retryAfter: 1 },
  'store.disk-full': { status: 507 },
  'store.io-error': { status: 503 },
};

/**
 * The problem document of anything a handler threw: the server's own refusals, the control plane's ControlError
 * (its code and status), a user error of the application layer (422 with its code), a store that failed (503/507 and
 * its code; the store's address and the driver's words stay in the server's log, never shown to a tenant), and
 * anything else as a 500 `internal` whose detail names no internals.
 */
export function toProblem(
  e: unknown,
  instance: string,
): { doc: ProblemDocument; headers: Readonly<Record<string, string>> } {
  if (e instanceof ApiProblem)
    return { doc: document(e.code, e.status, e.message, instance, e.params), headers: e.headers };
  if (e instanceof ControlError) {
    const status = Number.isInteger(e.status) && e.status >= 400 && e.status <= 599 ? e.status : 500;
    const detail = e.message && e.message !== e.code ? e.message : titleOf(e.code);
    return { doc: document(e.code, status, detail, instance, e.params), headers: {} };
  }
  if (e instanceof UserError) {
    const issues = (e as UserError & { issues?: readonly { code: string }[] }).issues;
    const code = e.code ?? issues?.[0]?.code ?? 'input.invalid';
    const lines = e.message.split('\n').filter((l) => l.trim() !== '');
    return { doc: document(code, 422, lines.join('; '), instance, issues ? { issues } : {}), headers: {} };
  }
  const failure = asStoreFailure(e);
  if (failure) {
    const { status, retryAfter } = STORE_FAILURE_STATUS[failure.code];
    return {
      doc: document(
        failure.code,
        status,
        `${titleOf(failure.code)} (the server's log has the store's error)`,
        instance,
        {},
      ),
      headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    };
  }
  return {
    doc: document(
      'internal',
      500,
      'internal error: the server failed on this request (its log says more)',
      instance,
      {},
    ),
    headers: {},
  };
}
