// Served by the Node adapter (listen.ts), the API reads headers and body from Node's request itself, not from a web
// Request (app.ts): over a real socket on 127.0.0.1 it answers what it answers in process (app.request), for a
// submission and for every body and header refusal — and a body cut off at the limit leaves the connection usable.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { listen, type Listening } from './listen.js';
import { LIMITS } from './schemas.js';
import { type Harness, harness, SPEC } from './test-support/harness.js';

let h: Harness;
let server: Listening;
before(async () => {
  h = await harness();
  server = await listen(h.app, 0);
});
after(() => server.close());

interface Sent {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request over a fresh socket; `chunks` are written one by one (chunked, no Content-Length). */
function send(
  headers: http.OutgoingHttpHeaders,
  body: string | Buffer | readonly Buffer[],
  path = '/v1/workloads',
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e)));
    if (Array.isArray(body)) {
      for (const c of body) req.write(c);
      req.end();
    } else req.end(body);
  });
}

const json = (token: string): http.OutgoingHttpHeaders => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

/** The same request in process: its status and problem type. */
async function inProcess(headers: Record<string, string>, body: string | Uint8Array): Promise<[number, string]> {
  const r = await h.app.request('/v1/workloads', { method: 'POST', headers, body });
  const text = await r.text();
  return [r.status, r.status >= 400 ? JSON.parse(text).type : ''];
}

const typeOf = (s: Sent): string => (s.status >= 400 ? JSON.parse(s.body).type : '');

test('a submission over the socket is answered as in process', async () => {
  const s = await send(json(h.research), JSON.stringify(SPEC));
  assert.equal(s.status, 201, s.body);
  assert.equal(s.headers['content-type'], 'application/json');
  assert.match(String(s.headers.location), /^\/v1\/workloads\//);
  assert.equal(JSON.parse(s.body).workloads[0].spec.name, SPEC.name);
  assert.ok(typeof s.headers['x-request-id'] === 'string');
});

test('refusals of the body and its headers are the same problems over the socket as in process', async () => {
  const auth = `Bearer ${h.research}`;
  const cases: { what: string; headers: Record<string, string>; body: string | Buffer }[] = [
    { what: 'malformed JSON', headers: { authorization: auth, 'content-type': 'application/json' }, body: '{"a":' },
    {
      what: 'not UTF-8',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    },
    { what: 'no token', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SPEC) },
    { what: 'no content type', headers: { authorization: auth }, body: JSON.stringify(SPEC) },
    {
      what: 'a schema error',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...SPEC, name: 42 }),
    },
    {
      what: 'a bad Idempotency-Key',
      headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': '' },
      body: JSON.stringify(SPEC),
    },
  ];
  for (const c of cases) {
    const s = await send(c.headers, c.body);
    assert.ok(s.status >= 400, `${c.what}: ${s.status}`);
    assert.equal(s.headers['content-type'], 'application/problem+json', c.what);
    assert.deepEqual([s.status, typeOf(s)], await inProcess(c.headers, c.body), c.what);
  }
});

test('the Authorization header given twice is read as the web Headers read it (joined, so not a valid token)', async () => {
  const s = await send(
    // Two header lines (Node's own parsing would keep the first only).
    {
      authorization: [`Bearer ${h.research}`, `Bearer ${h.research}`],
      'content-type': 'application/json',
    } as unknown as http.OutgoingHttpHeaders,
    JSON.stringify(SPEC),
  );
  assert.equal(s.status, 401);
  assert.equal(typeOf(s), 'auth.invalid-token');
});

test('an oversized body is refused with 413, declared or streamed, and the server still answers', async () => {
  const big = JSON.stringify({ ...SPEC, run: 'x'.repeat(LIMITS.bodyBytes) });
  const declared = await send({ ...json(h.research), 'content-length': String(Buffer.byteLength(big)) }, big);
  assert.equal(declared.status, 413);
  assert.equal(typeOf(declared), 'api.body-too-large');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const streamed = await send(
    json(h.research),
    Array.from({ length: 24 }, () => chunk),
  );
  assert.equal(streamed.status, 413);
  assert.equal(typeOf(streamed), 'api.body-too-large');
  const ok = await send(json(h.research), JSON.stringify({ ...SPEC, name: 'after' }));
  assert.equal(ok.status, 201, ok.body);
});
