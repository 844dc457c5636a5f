/**
 * The HTTP API as a Hono app: every route of the table (routes.ts) with its checks in one order — token, path
 * parameters, query, headers, body (type, size, JSON, schema) — then its handler; every refusal and every failure
 * an RFC 9457 problem document; one log line and one metrics observation per request.
 */
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { Principal } from '../app/control/api.js';
import { authenticate } from './tokens.js';
import { bodyKind, type BodyKind, incomingHeader, parseJson, readBodyText, readIncomingText } from './body.js';
import { createMetrics, type ServerMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { ApiProblem, PROBLEM_TYPE, toProblem } from './problem.js';
import { type Answer, honoPath, pathMatcher, type Route, route, type ServerDeps } from './route.js';
import { V1_ROUTES } from './routes.js';
import { healthSchema, LIMITS } from './schemas.js';
import { invalidBody, invalidParameters } from './validation.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/** Bindings: Node's request when served by the Node adapter (listen.ts); absent under `app.request` (tests). */
type Env = { Bindings: { incoming?: unknown }; Variables: { route: string; problem: string } };

/** The principal the server itself uses to read the fleet for /metrics. */
const SYSTEM: Principal = { tokenId: 'system', team: null, admin: true };

export interface ServerApp {
  readonly app: Hono<Env>;
  readonly metrics: ServerMetrics;
  readonly routes: readonly Route[];
}

export function createServerApp(deps: ServerDeps): ServerApp {
  const metrics = createMetrics(async () => (await deps.api.fleet(SYSTEM)).workloadsByState);
  let doc: unknown;
  const open: Route[] = [
    route({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This document (no token needed)',
      access: 'none',
      ok: { status: 200, description: 'the OpenAPI 3.1 document' },
      problems: [],
      handle: async () => ({ status: 200, body: doc }),
    }),
    route({
      method: 'GET',
      path: '/metrics',
      operationId: 'metrics',
      summary: 'Prometheus metrics (no token needed; the server listens on loopback only)',
      access: 'none',
      ok: { status: 200, description: 'the Prometheus text format', contentType: 'text/plain' },
      problems: [],
      handle: async () => ({
        status: 200,
        body: await metrics.registry.metrics(),
        contentType: metrics.registry.contentType,
      }),
    }),
    route({
      method: 'GET',
      path: '/healthz',
      operationId: 'health',
      summary: 'The server answers (no token needed)',
      access: 'none',
      ok: { status: 200, description: 'up', schema: healthSchema },
      problems: [],
      handle: async () => ({ status: 200, body: { ok: true } }),
    }),
  ];
  const routes = [...V1_ROUTES, ...open];
  doc = openApiDocument(routes);

  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    const t0 = process.hrtime.bigint();
    const requestId = randomUUID();
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const routeName = c.get('route') ?? 'unmatched';
    metrics.observeRequest(c.req.method, routeName, c.res.status, seconds);
    deps.logger.info(
      {
        requestId,
        method: c.req.method,
        route: routeName,
        path: c.req.path.slice(0, 300),
        status: c.res.status,
        ms: Math.round(seconds * 1e6) / 1e3,
        ...(c.get('problem') ? { problem: c.get('problem') } : {}),
      },
      'request',
    );
  });

  for (const r of routes)
    app.on(r.method, honoPath(r.path), async (c) => {
      c.set('route', `${r.method} ${r.path}`);
      try {
        return answer(c, await run(c, r, deps));
      } catch (e) {
        return problem(c, e, deps);
      }
    });

  const matchers = routes.map((r) => ({ r, re: pathMatcher(r.path) }));
  app.notFound((c) => {
    const allow = METHODS.filter((m) => matchers.some((x) => x.r.method === m && x.re.test(c.req.path)));
    if (allow.length > 0)
      return problem(
        c,
        new ApiProblem(
          'api.method-not-allowed',
          405,
          `${c.req.method.slice(0, 20)} is not allowed on this path (allowed: ${allow.join(', ')})`,
          { method: c.req.method.slice(0, 20), allow },
          { Allow: allow.join(', ') },
        ),
        deps,
      );
    return problem(
      c,
      new ApiProblem('api.not-found', 404, 'no route has this path (the routes are in /openapi.json)', {
        method: c.req.method.slice(0, 20),
      }),
      deps,
    );
  });
  app.onError((e, c) => problem(c, e, deps));
  return { app, metrics, routes };
}

/**
 * Node's request behind `c` when there is one: headers and body are then read from it directly, not through the web
 * `Request` the adapter would otherwise build for them (its `Headers`, `AbortSignal` and streams cost more than the
 * rest of a submission's HTTP handling). The answers are the same either way (node-request.test.ts holds both to it).
 */
function incomingOf(c: Context<Env>): IncomingMessage | undefined {
  // c.env is undefined under app.request, whatever its type says.
  const m = (c.env as Env['Bindings'] | undefined)?.incoming;
  return m instanceof IncomingMessage ? m : undefined;
}

async function run(c: Context<Env>, r: Route, deps: ServerDeps): Promise<Answer> {
  const incoming = incomingOf(c);
  const header = (name: string): string | undefined =>
    incoming ? incomingHeader(incoming, name.toLowerCase()) : c.req.header(name);
  const principal: Principal =
    r.access === 'none' ? SYSTEM : await authenticate(deps.accounts, header('authorization'));
  if (r.access === 'admin' && !principal.admin)
    throw new ApiProblem('auth.forbidden', 403, 'only an admin token may do this', { need: 'admin' });
  const params = parse(r.params, c.req.param(), 'path parameter');
  const query = parse(r.query, queryObject(c.req.url), 'query parameter');
  const headers: Record<string, string | undefined> = {};
  for (const h of r.headers ?? []) {
    const v = header(h.name);
    if (v === undefined) continue;
    const ok = h.schema.safeParse(v);
    if (!ok.success) throw invalidParameters(ok.error.issues, `header ${h.name}`);
    headers[h.name.toLowerCase()] = ok.data;
  }
  let body: unknown;
  let kind: BodyKind | null = null;
  if (r.body) {
    kind = bodyKind(header('content-type'), [
      ...(r.body.json ? ['json' as const] : []),
      ...(r.body.yaml ? ['yaml' as const] : []),
    ]);
    const text = incoming
      ? await readIncomingText(incoming, LIMITS.bodyBytes)
      : await readBodyText(c.req.raw, LIMITS.bodyBytes);
    if (kind === 'yaml') body = text;
    else if (r.body.json) {
      const ok = r.body.json.safeParse(parseJson(text));
      if (!ok.success) throw invalidBody(ok.error.issues);
      body = ok.data;
    }
  }
  return r.handle({ principal, params, query, headers, body, bodyKind: kind, deps });
}

/** The query string as an object; a parameter given twice is refused. */
function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) {
    if (Object.hasOwn(out, k))
      throw new ApiProblem('api.invalid-parameter', 400, `query parameter '${k.slice(0, 60)}' is given twice`, {
        errors: [{ path: k.slice(0, 60), message: 'given twice' }],
      });
    out[k] = v;
  }
  return out;
}

function parse(schema: z.ZodType | undefined, value: Record<string, string>, what: string): unknown {
  if (!schema) {
    const extra = Object.keys(value);
    if (extra.length > 0 && what === 'query parameter')
      throw new ApiProblem('api.invalid-parameter', 400, `unknown query parameter '${extra[0]?.slice(0, 60)}'`, {
        errors: extra.slice(0, 10).map((k) => ({ path: k.slice(0, 60), message: 'unknown parameter' })),
      });
    return {};
  }
  const ok = schema.safeParse(value);
  if (!ok.success) throw invalidParameters(ok.error.issues, what);
  return ok.data;
}

function answer(c: Context<Env>, a: Answer): Response {
  for (const [k, v] of Object.entries(a.headers ?? {})) c.header(k, v);
  if (a.contentType) {
    c.header('Content-Type', a.contentType);
    return c.body(String(a.body), a.status as 200);
  }
  return c.json(a.body as object, a.status as 200);
}

function problem(c: Context<Env>, e: unknown, deps: ServerDeps): Response {
  const { doc, headers } = toProblem(e, c.req.path.slice(0, 300));
  if (doc.status >= 500)
    deps.logger.error(
      {
        err: {
          name: e instanceof Error ? e.name : typeof e,
          message: e instanceof Error ? e.message.slice(0, 500) : '',
        },
        type: doc.type,
      },
      'request failed',
    );
  c.set('problem', doc.type);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  c.header('Content-Type', PROBLEM_TYPE);
  return c.body(JSON.stringify(doc), doc.status as 400);
}
