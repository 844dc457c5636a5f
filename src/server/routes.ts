/** The API's routes, as one table (route.ts explains why): workloads, fleet, teams and tokens, and the open ones. */
import type { ControlApi, Principal } from '../app/control/api.js';
import type { TeamRecord, WorkloadSpec } from '../control/records.js';
import { issueToken } from './tokens.js';
import { LEDGER_ROUTES } from './ledger-routes.js';
import { ApiProblem } from './problem.js';
import { type Route, route } from './route.js';
import * as s from './schemas.js';
import { specsOf, submitSpecs } from './submit.js';
import { TOKEN_ROUTES } from './token-routes.js';

const ID = { params: s.idParamsSchema };
const NOT_FOUND = [404];

type WorkloadRouteSpec = Pick<Route, 'method' | 'path' | 'operationId' | 'summary' | 'ok' | 'problems'> & {
  /** The use case's answer for the principal and the workload id in the path: the 200 body. */
  readonly call: (api: ControlApi, principal: Principal, id: string) => Promise<unknown>;
};

/** A route on one workload (`{id}` in the path), for any token: the control plane asked, its answer rendered. */
const workloadRoute = ({ call, ...r }: WorkloadRouteSpec): Route =>
  route({
    ...r,
    access: 'token',
    ...ID,
    handle: async ({ deps, principal, params }) => ({ status: 200, body: await call(deps.api, principal, params.id) }),
  });

/** Cancelling a workload, by POST …/cancel or DELETE: the same answer, problems and call. */
const CANCEL = {
  ok: { status: 200, description: 'the workload, cancelled', schema: s.workloadViewSchema },
  problems: [404, 409],
  call: (api: ControlApi, principal: Principal, id: string) => api.cancel(principal, id),
};

const workloads: readonly Route[] = [
  route({
    method: 'POST',
    path: '/v1/workloads',
    operationId: 'submitWorkloads',
    summary:
      'Submit a workload: a WorkloadSpec as application/json, or a SkyPilot task / skyfleet workload file as application/yaml (one workload per task)',
    access: 'token',
    query: s.submitQuerySchema,
    headers: [
      { name: 'Idempotency-Key', schema: s.idempotencyKeySchema },
      { name: 'X-Skyfleet-Source', schema: s.sourceHeaderSchema },
    ],
    body: { json: s.workloadSpecSchema, yaml: true, required: true },
    ok: {
      status: 201,
      description: 'submitted (200: an Idempotency-Key replayed, nothing new)',
      schema: s.submitResponseSchema,
      also: [{ status: 200, description: 'an Idempotency-Key replayed: the workloads it made, nothing new' }],
    },
    problems: [403, 404, 413, 415, 422],
    async handle({ deps, principal, query, body, headers }) {
      if (body === undefined) throw new ApiProblem('api.invalid-field', 422, 'the body is empty', { errors: [] });
      // zod's optional fields are `T | undefined`; a parsed spec has no key set to undefined.
      const specs = specsOf(deps, body as WorkloadSpec | string, headers['x-skyfleet-source']);
      const r = await submitSpecs(deps, principal, specs.workloads, query.team, headers['idempotency-key']);
      const first = r.workloads[0];
      return {
        status: r.created ? 201 : 200,
        body: { workloads: r.workloads, warnings: specs.warnings },
        headers: {
          ...(first && r.workloads.length === 1 ? { Location: `/v1/workloads/${encodeURIComponent(first.id)}` } : {}),
          ...(r.created ? {} : { 'Idempotent-Replayed': 'true' }),
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/workloads',
    operationId: 'listWorkloads',
    summary: "List workloads (a team token: its team's only), oldest first, a page at a time",
    access: 'token',
    query: s.listQuerySchema,
    ok: { status: 200, description: 'a page of workloads', schema: s.listResponseSchema },
    problems: [],
    async handle({ deps, principal, query }) {
      const limit = query.limit ?? s.LIMITS.listDefault;
      const states = query.state?.split(',') as s.WorkloadStateName[] | undefined;
      const list = await deps.api.list(principal, {
        limit,
        ...(states ? { states } : {}),
        ...(query.after ? { after: query.after } : {}),
      });
      const last = list[list.length - 1];
      return { status: 200, body: { workloads: list, next: list.length >= limit && last ? last.id : null } };
    },
  }),
  workloadRoute({
    method: 'GET',
    path: '/v1/workloads/{id}',
    operationId: 'getWorkload',
    summary: 'One workload (404 for an id of another team)',
    ok: { status: 200, description: 'the workload', schema: s.workloadViewSchema },
    problems: NOT_FOUND,
    call: (api, principal, id) => api.get(principal, id),
  }),
  workloadRoute({
    method: 'POST',
    path: '/v1/workloads/{id}/cancel',
    operationId: 'cancelWorkload',
    summary: 'Cancel a workload (its launch is terminated by the reconcile loop)',
    ...CANCEL,
  }),
  workloadRoute({
    method: 'DELETE',
    path: '/v1/workloads/{id}',
    operationId: 'deleteWorkload',
    summary: 'The same as POST /v1/workloads/{id}/cancel',
    ...CANCEL,
  }),
  workloadRoute({
    method: 'GET',
    path: '/v1/workloads/{id}/events',
    operationId: 'workloadEvents',
    summary: 'Every transition of a workload, in order, each with its cause',
    ok: { status: 200, description: 'the events', schema: s.eventsResponseSchema },
    problems: NOT_FOUND,
    call: async (api, principal, id) => ({ events: await api.events(principal, id) }),
  }),
  workloadRoute({
    method: 'GET',
    path: '/v1/workloads/{id}/explain',
    operationId: 'explainWorkload',
    summary: 'Why a workload is where it is, or what it waits for',
    ok: { status: 200, description: 'the explanation, as codes and params', schema: s.explainResponseSchema },
    problems: NOT_FOUND,
    call: (api, principal, id) => api.explain(principal, id),
  }),
  route({
    method: 'GET',
    path: '/v1/workloads/{id}/logs',
    operationId: 'workloadLogs',
    summary: 'The last lines a workload wrote',
    access: 'token',
    ...ID,
    query: s.logsQuerySchema,
    ok: { status: 200, description: 'the lines, as one text', schema: s.logsResponseSchema },
    problems: [404, 409, 502], // 409 control.not-launched: nothing launched yet; 502 control.provider-error
    async handle({ deps, principal, params, query }) {
      const tail = query.tail ?? s.LIMITS.tailDefault;
      return {
        status: 200,
        body: { workloadId: params.id, tail, text: await deps.api.logs(principal, params.id, tail) },
      };
    },
  }),
];

const fleetAndAccounts: readonly Route[] = [
  route({
    method: 'GET',
    path: '/v1/fleet',
    operationId: 'fleet',
    summary: 'The providers (up or down), the workloads by state and the blocklist',
    access: 'token',
    ok: { status: 200, description: 'the fleet', schema: s.fleetResponseSchema },
    problems: [],
    handle: async ({ deps, principal }) => ({ status: 200, body: await deps.api.fleet(principal) }),
  }),
  route({
    method: 'GET',
    path: '/v1/whoami',
    operationId: 'whoami',
    summary: 'Who the token is',
    access: 'token',
    ok: { status: 200, description: 'the token’s principal', schema: s.whoamiSchema },
    problems: [],
    handle: async ({ principal }) => ({ status: 200, body: principal }),
  }),
  route({
    method: 'GET',
    path: '/v1/teams',
    operationId: 'listTeams',
    summary: 'The teams with their quotas and budgets (a team token: its own)',
    access: 'token',
    ok: { status: 200, description: 'the teams', schema: s.teamsResponseSchema },
    problems: [],
    async handle({ deps, principal }) {
      if (principal.admin) return { status: 200, body: { teams: await deps.accounts.listTeams() } };
      const own = principal.team === null ? undefined : await deps.accounts.getTeam(principal.team);
      return { status: 200, body: { teams: own ? [own] : [] } };
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/teams/{name}',
    operationId: 'putTeam',
    summary: 'Create or change a team (admin): omitted fields keep their value, null clears a budget',
    access: 'admin',
    params: s.teamParamsSchema,
    body: { json: s.teamBodySchema, required: true },
    ok: {
      status: 200,
      description: 'the team as stored (201 when created)',
      schema: s.teamSchema,
      also: [{ status: 201, description: 'the team, created' }],
    },
    problems: [403, 413, 415, 422],
    async handle({ deps, params, body }) {
      const b = (body ?? {}) as Exclude<typeof body, string | undefined>;
      const old = await deps.accounts.getTeam(params.name);
      const team: TeamRecord = {
        name: params.name,
        quotaGpus: b.quotaGpus ?? old?.quotaGpus ?? {},
        monthlyBudgetCents: (b.monthlyBudgetCents === undefined
          ? (old?.monthlyBudgetCents ?? null)
          : b.monthlyBudgetCents) as TeamRecord['monthlyBudgetCents'],
        monthlyBudgetGpuHours:
          b.monthlyBudgetGpuHours === undefined ? (old?.monthlyBudgetGpuHours ?? null) : b.monthlyBudgetGpuHours,
      };
      await deps.accounts.putTeam(team);
      return { status: old ? 200 : 201, body: team };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/tokens',
    operationId: 'createToken',
    summary: 'Create an API token for a team, or another admin token (admin); the secret is shown once',
    access: 'admin',
    body: { json: s.tokenBodySchema, required: true },
    ok: { status: 201, description: 'the token, with its secret', schema: s.tokenCreatedSchema },
    problems: [403, 404, 413, 415, 422],
    async handle({ deps, body }) {
      const b = (body ?? {}) as Exclude<typeof body, string | undefined>;
      if ((b.team === undefined) === (b.admin === undefined))
        throw new ApiProblem('api.invalid-field', 422, 'give exactly one of team and admin', {
          errors: [{ path: '', message: 'exactly one of team and admin' }],
        });
      if (b.team !== undefined && !(await deps.accounts.getTeam(b.team)))
        throw new ApiProblem(
          'api.team-not-found',
          404,
          `no team '${b.team}' (create it: skyfleet team set ${b.team})`,
          {
            team: b.team,
          },
        );
      const { record, secret } = await issueToken(
        deps.accounts,
        { team: b.team ?? null, admin: b.admin === true },
        deps.clock.now(),
      );
      return {
        status: 201,
        body: { id: record.id, token: secret, team: record.team, admin: record.admin, createdAt: record.createdAt },
      };
    },
  }),
];

/** Every route under /v1; /openapi.json, /metrics and /healthz are added by app.ts (they need the table). */
export const V1_ROUTES: readonly Route[] = [...workloads, ...fleetAndAccounts, ...TOKEN_ROUTES, ...LEDGER_ROUTES];
