/**
 * The bad-input suite: malformed, oversized, wrongly typed and unknown-field bodies, bad headers and query strings,
 * unknown paths and methods, replayed idempotency keys — always a 4xx RFC 9457 problem document, never a stack
 * trace, and nothing changed (the fake control plane saw no submit or cancel, tokens and teams are as they were).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Harness, SPEC } from './test-support/harness.js';
import { assertProblem, notJsonObject, seeded, snapshot } from './test-support/problems.js';
import { LIMITS } from './schemas.js';

const RUNS = 150;

const mutating = (h: Harness): string[] => h.control.calls.filter((c) => c === 'submit' || c === 'cancel');

const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.double(),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
);
const FIELDS = ['name', 'workload', 'run', 'setup', 'envs', 'secrets', 'workdir', 'source'] as const;

const badBody = fc.oneof(
  // not JSON at all, or JSON that is not an object
  notJsonObject(200),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
  // a valid spec with an unknown field
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(FIELDS as readonly string[]).includes(k)),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([k, v]) => JSON.stringify({ ...SPEC, [k]: v })),
  // a field of the wrong type, or a required one missing
  fc
    .tuple(fc.constantFrom(...FIELDS), wrongType)
    .filter(([k, v]) => !(k === 'workload' && v !== null && typeof v === 'object' && !Array.isArray(v)))
    .map(([k, v]) => JSON.stringify({ ...SPEC, [k]: v })),
  fc
    .constantFrom('name', 'workload')
    .map((k) => JSON.stringify(Object.fromEntries(Object.entries(SPEC).filter(([f]) => f !== k)))),
  // envs and secrets with bad names or values
  fc
    .tuple(
      fc.constantFrom('envs', 'secrets'),
      fc.string({ maxLength: 10 }).filter((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)),
      fc.string(),
    )
    .map(([f, k, v]) => JSON.stringify({ ...SPEC, [f]: { [k]: v } })),
  // truncated JSON
  fc.nat({ max: JSON.stringify(SPEC).length - 1 }).map((n) => JSON.stringify(SPEC).slice(0, n)),
);

test('fuzz: bad bodies on POST /v1/workloads are 4xx problems and submit nothing', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  await fc.assert(
    fc.asyncProperty(badBody, fc.constantFrom('research', 'admin'), async (body, who) => {
      const token = who === 'admin' ? h.admin : h.research;
      const r = await h.call('POST', `/v1/workloads${who === 'admin' ? '?team=research' : ''}`, { token, body });
      const p = await assertProblem(r, body.slice(0, 100));
      assert.ok(['api.malformed-json', 'api.invalid-field', 'api.unknown-field'].includes(p.type), p.type);
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(mutating(h), []);
  assert.equal(await snapshot(h), before);
});

test('fuzz: bad headers (content type, idempotency key, token, source) are 4xx problems and change nothing', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  const header = fc.oneof(
    fc
      .string({ maxLength: 40 })
      .filter(
        (t) =>
          !/^\s*(application\/(json|yaml|x-yaml)|text\/(yaml|x-yaml))\s*(;.*)?$/i.test(t) && /^[\x20-\x7e]*$/.test(t),
      )
      .map((t) => ({ 'content-type': t })),
    fc
      .string({ maxLength: 300 })
      .filter((k) => !/^[\x21-\x7e]{1,128}$/.test(k) && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(k))
      .map((k) => ({ 'idempotency-key': k })),
    fc
      .string({ minLength: 257, maxLength: 400 })
      .filter((k) => /^[\x21-\x7e]+$/.test(k))
      .map((k) => ({ 'x-skyfleet-source': k })),
    fc
      .string({ maxLength: 80 })
      .filter((t) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(t))
      .map((t) => ({ authorization: `Bearer ${t}` })),
  );
  await fc.assert(
    fc.asyncProperty(header, async (hdr) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...hdr };
      const useToken = !('authorization' in hdr);
      const r = await h.call('POST', '/v1/workloads', {
        ...(useToken ? { token: h.research } : {}),
        body: JSON.stringify({ ...SPEC, name: 'fuzzed' }),
        headers,
      });
      await assertProblem(r, JSON.stringify(hdr));
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(mutating(h), []);
  assert.equal(await snapshot(h), before);
});

const segment = fc.oneof(
  fc.constantFrom(
    'workloads',
    'cancel',
    'events',
    'teams',
    'tokens',
    'fleet',
    'v1',
    '..',
    '.',
    '%2e%2e',
    'wl_1',
    'wl_2',
    '',
  ),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
);

test('fuzz: unknown paths, methods and query strings are 4xx problems and change nothing', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      fc.array(segment, { minLength: 0, maxLength: 5 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      fc.constantFrom('research', 'vision'),
      async (method, segs, q, who) => {
        const query = new URLSearchParams(q).toString();
        const path = `/v1/${segs.join('/')}${query ? `?${query}` : ''}`;
        const token = who === 'research' ? h.research : h.vision;
        // vision may cancel only its own workload (wl_2): leave that out so the state stays as it was
        const r = await h.call(method, path, {
          token,
          ...(method === 'POST' || method === 'PUT' ? { body: '{"x":1}' } : {}),
        });
        if (r.status < 400) {
          assert.ok(
            method === 'GET' || method === 'OPTIONS' || method === 'DELETE' || method === 'POST',
            `${method} ${path}`,
          );
          return;
        }
        await assertProblem(r, `${method} ${path}`);
      },
    ),
    { numRuns: RUNS * 2 },
  );
  assert.deepEqual(
    h.control.calls.filter((c) => c === 'submit'),
    [],
  );
  assert.equal(await snapshot(h), before);
});

test('named cases: each the problem type it should be', async () => {
  const h = await seeded();
  const cases: [string, Promise<Response>, number, string][] = [
    [
      'malformed JSON',
      h.call('POST', '/v1/workloads', { token: h.research, body: '{"name": ' }),
      400,
      'api.malformed-json',
    ],
    [
      'wrong type',
      h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify({ ...SPEC, name: 7 }) }),
      422,
      'api.invalid-field',
    ],
    [
      'unknown field',
      h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify({ ...SPEC, gpu: 'H100' }) }),
      422,
      'api.unknown-field',
    ],
    ['unknown route', h.call('GET', '/v1/nothing', { token: h.research }), 404, 'api.not-found'],
    ['wrong method', h.call('PATCH', '/v1/workloads', { token: h.research }), 405, 'api.method-not-allowed'],
    ['bad limit', h.call('GET', '/v1/workloads?limit=0', { token: h.research }), 400, 'api.invalid-parameter'],
    [
      'bad state',
      h.call('GET', '/v1/workloads?state=running,nope', { token: h.research }),
      400,
      'api.invalid-parameter',
    ],
    ['unknown query', h.call('GET', '/v1/workloads?colour=red', { token: h.research }), 400, 'api.invalid-parameter'],
    [
      'query twice',
      h.call('GET', '/v1/workloads?limit=1&limit=2', { token: h.research }),
      400,
      'api.invalid-parameter',
    ],
    [
      'bad tail',
      h.call('GET', '/v1/workloads/wl_1/logs?tail=100000', { token: h.research }),
      400,
      'api.invalid-parameter',
    ],
    [
      'bad id',
      h.call('GET', `/v1/workloads/${encodeURIComponent('a b')}`, { token: h.research }),
      400,
      'api.invalid-parameter',
    ],
    [
      'no content type',
      h.call('POST', '/v1/workloads', { token: h.research, body: 'x', headers: { 'content-type': '' } }),
      415,
      'api.unsupported-media-type',
    ],
    [
      'not UTF-8',
      Promise.resolve(
        h.app.request('/v1/teams/x', {
          method: 'PUT',
          headers: { authorization: `Bearer ${h.admin}`, 'content-type': 'application/json' },
          body: new Uint8Array([0x7b, 0xff, 0x7d]),
        }),
      ),
      400,
      'file.not-utf8',
    ],
  ];
  for (const [what, p, status, type] of cases) {
    const r = await p;
    assert.equal(r.status, status, what);
    assert.equal((await assertProblem(r, what)).type, type, what);
  }
  const m = await h.call('PATCH', '/v1/workloads', { token: h.research });
  assert.equal(m.headers.get('allow'), 'GET, POST');
  assert.deepEqual(mutating(h), []);
});

test('an oversized body is refused with 413 from its Content-Length, and when streamed without one', async () => {
  const h = await seeded();
  const big = JSON.stringify({ ...SPEC, run: 'x'.repeat(LIMITS.bodyBytes) });
  const declared = await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: big,
    headers: { 'content-length': String(big.length) },
  });
  assert.equal((await assertProblem(declared, 'declared')).type, 'api.body-too-large');
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      if (pulled > 64)
        c.close(); // 4 MiB at most; the server stops reading after 1 MiB
      else c.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  const r = await h.app.request('/v1/workloads', {
    method: 'POST',
    headers: { authorization: `Bearer ${h.research}`, 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  assert.equal((await assertProblem(r, 'streamed')).type, 'api.body-too-large');
  assert.ok(pulled < 40, `read ${pulled} chunks`);
  assert.deepEqual(mutating(h), []);
});

test('a replayed Idempotency-Key with a different body is refused and changes nothing', async () => {
  const h = await seeded();
  const before = await snapshot(h);
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30 }), async (name) => {
      fc.pre(name !== SPEC.name);
      const r = await h.call('POST', '/v1/workloads', {
        token: h.research,
        body: JSON.stringify({ ...SPEC, name }),
        headers: { 'idempotency-key': 'seed' },
      });
      assert.equal((await assertProblem(r, name)).type, 'api.idempotency-key-reused');
    }),
    { numRuns: 50 },
  );
  assert.equal(await snapshot(h), before);
});
