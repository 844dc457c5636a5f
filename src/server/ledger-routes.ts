/**
 * The ledger of the running control plane (issue 13's live mode): GET /v1/ledger (the LedgerView as JSON) and its
 * FOCUS 1.3 export (GET /v1/ledger/focus: both datasets in one JSON; or each as text/csv). The use case is
 * `deps.ledger` (src/app/ledger-service.ts); a team token sees only its team's charges, the admin the whole fleet.
 */
import type { Principal } from '../app/control/api.js';
import type { FocusExport, LedgerPeriod, LedgerService } from '../app/ledger-service.js';
import { ApiProblem } from './problem.js';
import { type Route, type ServerDeps, route } from './route.js';
import { focusResponseSchema, ledgerQuerySchema, ledgerViewSchema } from './ledger-schemas.js';

const QUERY = { query: ledgerQuerySchema };
const PROBLEMS = [503];

function serviceOf(deps: ServerDeps): LedgerService {
  if (!deps.ledger) throw new ApiProblem('api.ledger-unavailable', 503, 'this server keeps no ledger', {});
  return deps.ledger;
}

/** The period asked for; a `to` not after `from` is a bad parameter (400). */
function periodOf(q: { from?: string | undefined; to?: string | undefined }): LedgerPeriod {
  const from = q.from === undefined ? undefined : Date.parse(q.from);
  const to = q.to === undefined ? undefined : Date.parse(q.to);
  if (from !== undefined && to !== undefined && !(to > from))
    throw new ApiProblem('api.invalid-parameter', 400, "query parameter 'to': must be after 'from'", {
      errors: [{ path: 'to', message: "must be after 'from'" }],
    });
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

type LedgerRouteSpec = Pick<Route, 'path' | 'operationId' | 'summary' | 'ok'> & {
  /** The use case's answer for the principal over the period asked for: the 200 body. */
  readonly read: (ledger: LedgerService, principal: Principal, period: LedgerPeriod) => Promise<unknown>;
  /** The body is sent as is with this content type (a CSV) instead of JSON. */
  readonly contentType?: string;
};

/** A GET of the ledger over a period (?from, ?to), for any token: the ledger asked, its answer rendered. */
function ledgerRoute({ read, contentType, ...r }: LedgerRouteSpec): Route {
  return route({
    method: 'GET',
    ...r,
    access: 'token',
    ...QUERY,
    problems: PROBLEMS,
    handle: async ({ deps, principal, query }) => ({
      status: 200,
      body: await read(serviceOf(deps), principal, periodOf(query)),
      ...(contentType === undefined ? {} : { contentType }),
    }),
  });
}

/** One dataset of the FOCUS export, as text/csv. */
const focusCsvRoute = (dataset: keyof FocusExport, path: string, operationId: string, summary: string): Route =>
  ledgerRoute({
    path,
    operationId,
    summary,
    ok: { status: 200, description: 'the CSV', contentType: 'text/csv' },
    read: async (ledger, principal, period) => (await ledger.focus(principal, period))[dataset],
    contentType: 'text/csv; charset=utf-8',
  });

export const LEDGER_ROUTES: readonly Route[] = [
  ledgerRoute({
    path: '/v1/ledger',
    operationId: 'ledger',
    summary:
      "The ledger of the providers' usage records against the fleet's contracts over a period: spend by month, commitment burn-down, reserved use, team chargeback (a team token: its team's charges only)",
    ok: { status: 200, description: 'the ledger', schema: ledgerViewSchema },
    read: (ledger, principal, period) => ledger.view(principal, period),
  }),
  ledgerRoute({
    path: '/v1/ledger/focus',
    operationId: 'ledgerFocus',
    summary: 'The FOCUS 1.3 export of the same ledger: the Cost and Usage and the Contract Commitment datasets as CSV',
    ok: { status: 200, description: 'both datasets', schema: focusResponseSchema },
    read: (ledger, principal, period) => ledger.focus(principal, period),
  }),
  focusCsvRoute(
    'costAndUsage',
    '/v1/ledger/focus/cost_and_usage.csv',
    'ledgerFocusCostAndUsage',
    'The FOCUS 1.3 Cost and Usage dataset of the ledger, as text/csv',
  ),
  focusCsvRoute(
    'contractCommitment',
    '/v1/ledger/focus/contract_commitment.csv',
    'ledgerFocusContractCommitment',
    'The FOCUS 1.3 Contract Commitment dataset of the fleet over the period, as text/csv',
  ),
];
