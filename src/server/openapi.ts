/**
 * The OpenAPI 3.1 document of the API, made from the route table and the very zod schemas that validate the
 * requests (`z.toJSONSchema`, JSON Schema 2020-12: OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import type { Route } from './route.js';
import { LIMITS, problemSchema } from './schemas.js';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  return rest;
};

const COMMON_PROBLEMS: Readonly<Record<number, string>> = {
  400: 'a query or path parameter, a header or the JSON cannot be read',
  401: 'no token, or not a valid one',
  403: 'the token may not do this',
  404: 'no such workload (or one of another team), team or route',
  405: 'the path does not take this method',
  409: 'the workload cannot change so (its state)',
  413: `the body is larger than ${LIMITS.bodyBytes} bytes`,
  415: 'the body has a content type the route does not read',
  422: 'the body does not fit the schema, or the control plane refuses it',
  500: 'the server failed (no details are given; its log has them)',
  502: 'a provider did not answer (control.provider-error)',
  503: 'the store did not answer or was busy (store.unreachable, store.busy: Retry-After), or cannot read its file (store.io-error)',
  507: "the store's disk is full (store.disk-full)",
};

/** The Retry-After a 503 of a store that does not answer carries (problem.ts). */
const RETRY_AFTER: Json = {
  'Retry-After': {
    description: 'seconds to wait before trying again (store.unreachable, store.busy)',
    schema: { type: 'integer', minimum: 0 },
  },
};

function parameters(r: Route): Json[] {
  const out: Json[] = [];
  const props = (schema: z.ZodType | undefined): [string, Json, boolean][] => {
    if (!schema) return [];
    const js = jsonSchema(schema, 'input');
    const required = new Set((js.required as string[] | undefined) ?? []);
    return Object.entries((js.properties as Record<string, Json> | undefined) ?? {}).map(([k, v]) => [
      k,
      v,
      required.has(k),
    ]);
  };
  for (const [name, schema] of props(r.params)) out.push({ name, in: 'path', required: true, schema });
  for (const [name, schema, required] of props(r.query))
    out.push({
      name,
      in: 'query',
      required,
      schema,
      ...(schema.description ? { description: schema.description } : {}),
    });
  for (const h of r.headers ?? []) {
    const schema = jsonSchema(h.schema, 'input');
    out.push({
      name: h.name,
      in: 'header',
      required: false,
      schema,
      ...(schema.description ? { description: schema.description } : {}),
    });
  }
  return out;
}

function operation(r: Route): Json {
  const content = {
    [r.ok.contentType ?? 'application/json']: {
      schema: r.ok.schema ? jsonSchema(r.ok.schema, 'output') : { type: 'string' },
    },
  };
  const responses: Json = { [String(r.ok.status)]: { description: r.ok.description, content } };
  for (const also of r.ok.also ?? []) responses[String(also.status)] = { description: also.description, content };
  const statuses = new Set<number>([
    ...(r.access === 'none' ? [] : [401]),
    ...(r.access === 'admin' ? [403] : []),
    ...(r.params || r.query || r.headers ? [400] : []),
    ...(r.body ? [400, 413, 415, 422] : []),
    ...r.problems,
    405,
    500,
    // A route behind a token reads the store (the token at least): it may find it away; a write may find it full.
    ...(r.access === 'none' ? [] : [503]),
    ...(r.access === 'none' || r.method === 'GET' ? [] : [507]),
  ]);
  for (const st of [...statuses].sort())
    responses[String(st)] = {
      description: COMMON_PROBLEMS[st] ?? 'a problem',
      ...(st === 503 ? { headers: RETRY_AFTER } : {}),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  const op: Json = { operationId: r.operationId, summary: r.summary, responses };
  const params = parameters(r);
  if (params.length > 0) op.parameters = params;
  if (r.access === 'none') op.security = [];
  if (r.body) {
    const content: Json = {};
    if (r.body.json) content['application/json'] = { schema: jsonSchema(r.body.json, 'input') };
    if (r.body.yaml)
      content['application/yaml'] = {
        schema: { type: 'string', description: 'a SkyPilot task YAML or a skyfleet workload file, as is' },
      };
    op.requestBody = { required: r.body.required, content };
  }
  return op;
}

export function openApiDocument(routes: readonly Route[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const item = paths[r.path] ?? {};
    item[r.method.toLowerCase()] = operation(r);
    paths[r.path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'skyfleet control plane',
      version: '1.0.0',
      description:
        'The HTTP API of `skyfleet serve` (docs/api.md). Errors are RFC 9457 problem documents whose `type` is a stable code (docs/codes.md).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: 'http://127.0.0.1:8470' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API token (sft_…)' } },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}
