/** /openapi.json: a structurally valid OpenAPI 3.1 document, every route in it, and its schemas the very ones that
 * validate the requests. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { harness } from './test-support/harness.js';
import { workloadSpecSchema } from './schemas.js';

const OPERATION_KEYS = new Set([
  'tags',
  'summary',
  'description',
  'externalDocs',
  'operationId',
  'parameters',
  'requestBody',
  'responses',
  'callbacks',
  'deprecated',
  'security',
  'servers',
]);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `$ref` in the document points at something in it. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) refs(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

test('the OpenAPI document is 3.1, structurally valid, and lists every route', async () => {
  const h = await harness();
  const r = await h.call('GET', '/openapi.json');
  assert.equal(r.status, 200);
  const doc = (await r.json()) as any;
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
  assert.equal(doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(doc.components.securitySchemes.bearer.type, 'http');
  const ops = new Set<string>();
  const ids = new Set<string>();
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    assert.match(path, /^\//);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, op] of Object.entries<any>(item)) {
      assert.ok(METHODS.includes(method), method);
      for (const k of Object.keys(op)) assert.ok(OPERATION_KEYS.has(k), `${method} ${path}: ${k}`);
      assert.equal(typeof op.operationId, 'string');
      assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} twice`);
      ids.add(op.operationId);
      ops.add(`${method.toUpperCase()} ${path}`);
      const params = (op.parameters ?? []) as any[];
      for (const p of params) {
        assert.ok(['path', 'query', 'header', 'cookie'].includes(p.in), `${path}: in ${p.in}`);
        assert.equal(typeof p.name, 'string');
        assert.equal(typeof p.schema, 'object');
        if (p.in === 'path') assert.equal(p.required, true);
      }
      assert.deepEqual(
        params
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort(),
        [...templated].sort(),
        `${method} ${path}: path parameters`,
      );
      assert.ok(Object.keys(op.responses).length > 0);
      for (const [status, resp] of Object.entries<any>(op.responses)) {
        assert.match(status, /^[1-5](\d\d|XX)$|^default$/);
        assert.equal(typeof resp.description, 'string');
        for (const media of Object.values<any>(resp.content ?? {})) assert.equal(typeof media.schema, 'object');
        if (Number(status) >= 400) assert.ok(resp.content['application/problem+json'], `${path} ${status}`);
      }
      if (op.requestBody) assert.ok(Object.keys(op.requestBody.content).length > 0);
    }
  }
  for (const route of h.routes)
    assert.ok(ops.has(`${route.method} ${route.path}`), `${route.method} ${route.path} missing`);
  assert.equal(ops.size, h.routes.length);
  for (const ref of refs(doc)) {
    assert.match(ref, /^#\/components\/schemas\//);
    assert.ok(doc.components.schemas[ref.split('/').pop() as string], ref);
  }
  // open routes say so; the others take the global bearer requirement
  assert.deepEqual(doc.paths['/openapi.json'].get.security, []);
  assert.equal(doc.paths['/v1/workloads'].post.security, undefined);
  assert.deepEqual(doc.security, [{ bearer: [] }]);
  // every status a route answers is listed: a replayed Idempotency-Key's 200 beside 201, a provider's 502 on logs
  const submit = doc.paths['/v1/workloads'].post.responses;
  assert.deepEqual(submit['200'].content, submit['201'].content);
  assert.ok(doc.paths['/v1/workloads/{id}/logs'].get.responses['502']);
  assert.ok(doc.paths['/v1/teams/{name}'].put.responses['201']);
  // a store that does not answer (503 with Retry-After) on every route behind a token, a full disk (507) on writes
  assert.ok(doc.paths['/v1/workloads'].get.responses['503'].headers['Retry-After']);
  assert.ok(submit['507']);
  assert.equal(doc.paths['/v1/workloads'].get.responses['507'], undefined);
  assert.equal(doc.paths['/healthz'].get.responses['503'], undefined);
});

test("the submit body's schema is the zod schema that validates it, as JSON Schema 2020-12", async () => {
  const h = await harness();
  const doc = (await (await h.call('GET', '/openapi.json')).json()) as any;
  const body = doc.paths['/v1/workloads'].post.requestBody.content['application/json'].schema;
  const { $schema: _, ...expected } = z.toJSONSchema(workloadSpecSchema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as any;
  assert.deepEqual(body, expected);
  assert.equal(body.additionalProperties, false, 'unknown fields are refused, and the document says so');
  assert.deepEqual(body.required.sort(), ['name', 'workload']);
  assert.ok(doc.paths['/v1/workloads'].post.requestBody.content['application/yaml']);
  const list = doc.paths['/v1/workloads'].get.parameters.map((p: any) => p.name);
  assert.deepEqual(list.sort(), ['after', 'limit', 'state']);
  assert.ok(
    doc.paths['/v1/workloads'].post.parameters.some((p: any) => p.name === 'Idempotency-Key' && p.in === 'header'),
  );
});
