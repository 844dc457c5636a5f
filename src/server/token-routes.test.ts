/** DELETE /v1/tokens/{id}: who may revoke what, a revoked token is refused at once (through serve's token cache
 * too), another team's token id is 404 and changes nothing, and no secret reaches the log. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../store/memory-store.js';
import { createServerApp } from './app.js';
import { createLogger } from './logger.js';
import { harness } from './test-support/harness.js';
import { fakeControl } from './test-support/fake-control.js';
import { cachingTokens } from './token-cache.js';
import { hashToken, issueToken } from './tokens.js';

const json = async (r: Response): Promise<any> => JSON.parse(await r.text());
const idOf = (h: Awaited<ReturnType<typeof harness>>, secret: string): string => {
  const t = h.accounts.tokens.find((x) => x.hash === hashToken(secret));
  assert.ok(t, 'the token is stored');
  return t.id;
};

test('the admin revokes a team token: 200 with revokedAt, then that token is a 401 problem and the others still work', async () => {
  const h = await harness();
  const id = idOf(h, h.research);
  assert.equal((await h.call('GET', '/v1/whoami', { token: h.research })).status, 200);
  const r = await h.call('DELETE', `/v1/tokens/${id}`, { token: h.admin });
  assert.equal(r.status, 200);
  const body = await json(r);
  assert.deepEqual(Object.keys(body).sort(), ['admin', 'createdAt', 'id', 'revokedAt', 'team']);
  assert.equal(body.id, id);
  assert.equal(body.team, 'research');
  assert.equal(body.revokedAt, 1_800_000_000_000);
  const refused = await h.call('GET', '/v1/whoami', { token: h.research });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('content-type'), 'application/problem+json');
  assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer/);
  const p = await json(refused);
  assert.equal(p.type, 'auth.invalid-token');
  assert.equal(p.status, 401);
  const write = await h.call('POST', '/v1/workloads', { token: h.research, body: '{}' });
  assert.equal(write.status, 401, 'a write with the revoked token is refused before its body is read');
  assert.equal((await h.call('GET', '/v1/whoami', { token: h.vision })).status, 200);
  assert.equal((await h.call('GET', '/v1/whoami', { token: h.admin })).status, 200);
  // Again: the same answer, the first revokedAt kept.
  const again = await h.call('DELETE', `/v1/tokens/${id}`, { token: h.admin });
  assert.equal(again.status, 200);
  assert.deepEqual(await json(again), body);
  assert.deepEqual(h.control.calls, [], 'the control plane was never asked');
});

test("a team token revokes its own team's tokens, itself included, and nothing of another team's", async () => {
  const h = await harness();
  const second = (await issueToken(h.accounts, { team: 'research', admin: false }, 0)).secret;
  const before = JSON.stringify(h.accounts.tokens);
  for (const [who, target] of [
    [h.vision, h.research],
    [h.vision, h.admin],
    [h.research, h.admin],
  ] as const) {
    const r = await h.call('DELETE', `/v1/tokens/${idOf(h, target)}`, { token: who });
    assert.equal(r.status, 404);
    const p = await json(r);
    assert.equal(p.type, 'api.token-not-found');
    assert.equal(p.id, idOf(h, target));
  }
  const unknown = await h.call('DELETE', '/v1/tokens/tok_nothing', { token: h.research });
  assert.equal(unknown.status, 404, 'an id that does not exist answers the same');
  assert.equal((await json(unknown)).type, 'api.token-not-found');
  assert.equal(JSON.stringify(h.accounts.tokens), before, 'nothing changed');
  for (const t of [h.research, h.vision, h.admin, second])
    assert.equal((await h.call('GET', '/v1/whoami', { token: t })).status, 200);

  const other = await h.call('DELETE', `/v1/tokens/${idOf(h, second)}`, { token: h.research });
  assert.equal(other.status, 200);
  assert.equal((await h.call('GET', '/v1/whoami', { token: second })).status, 401);
  const self = await h.call('DELETE', `/v1/tokens/${idOf(h, h.research)}`, { token: h.research });
  assert.equal(self.status, 200);
  assert.equal((await h.call('GET', '/v1/whoami', { token: h.research })).status, 401);
  assert.equal((await h.call('DELETE', `/v1/tokens/${idOf(h, h.vision)}`, { token: h.research })).status, 401);
  assert.equal((await h.call('GET', '/v1/whoami', { token: h.vision })).status, 200);
});

test('a malformed token id is a 400 problem; other methods on the path are 405', async () => {
  const h = await harness();
  const bad = await h.call('DELETE', `/v1/tokens/${encodeURIComponent('-bad id')}`, { token: h.admin });
  assert.equal(bad.status, 400);
  assert.equal((await json(bad)).type, 'api.invalid-parameter');
  const get = await h.call('GET', '/v1/tokens/tok_1', { token: h.admin });
  assert.equal(get.status, 405);
  assert.equal((await json(get)).type, 'api.method-not-allowed');
  assert.equal(get.headers.get('allow'), 'DELETE');
});

test('no secret and no hash of a token reaches the log when tokens are made, used and revoked', async () => {
  const h = await harness();
  const made = await json(await h.call('POST', '/v1/tokens', { token: h.admin, body: '{"team":"research"}' }));
  await h.call('GET', '/v1/whoami', { token: made.token });
  await h.call('DELETE', `/v1/tokens/${made.id}`, { token: h.admin });
  await h.call('GET', '/v1/whoami', { token: made.token });
  await h.call('DELETE', `/v1/tokens/${idOf(h, h.admin)}`, { token: h.vision });
  const log = h.logs.join('');
  assert.ok(log.includes('DELETE /v1/tokens/{id}'), 'the requests were logged');
  for (const secret of [h.admin, h.research, h.vision, made.token]) {
    assert.ok(!log.includes(secret), 'a secret in the log');
    assert.ok(!log.includes(hashToken(secret)), 'a hash in the log');
  }
});

test("serve's token cache: a revoked token is refused by the next request in this process, not 5 s later", async () => {
  const store = new MemoryStore();
  const accounts = cachingTokens(store);
  const logs: string[] = [];
  const server = createServerApp({
    api: fakeControl(),
    accounts,
    clock: { now: () => 1_800_000_000_000 },
    logger: createLogger({ write: (s: string) => void logs.push(s) }),
  });
  const admin = (await issueToken(accounts, { team: null, admin: true }, 0)).secret;
  const team = await issueToken(accounts, { team: 'research', admin: false }, 0);
  const call = (method: string, path: string, token: string) =>
    Promise.resolve(server.app.request(path, { method, headers: { authorization: `Bearer ${token}` } }));
  assert.equal((await call('GET', '/v1/whoami', team.secret)).status, 200);
  assert.equal((await call('GET', '/v1/whoami', team.secret)).status, 200, 'now answered from the cache');
  assert.equal((await call('DELETE', `/v1/tokens/${team.record.id}`, admin)).status, 200);
  const r = await call('GET', '/v1/whoami', team.secret);
  assert.equal(r.status, 401);
  assert.equal((await json(r)).type, 'auth.invalid-token');
  assert.equal((await store.findTokenByHash(team.record.hash))?.revokedAt, 1_800_000_000_000, 'stored as revoked');
});

test('the OpenAPI document has the route, its 404 and its answer schema', async () => {
  const h = await harness();
  const doc = (await (await h.call('GET', '/openapi.json')).json()) as any;
  const op = doc.paths['/v1/tokens/{id}']?.delete;
  assert.ok(op, 'DELETE /v1/tokens/{id} is documented');
  assert.equal(op.operationId, 'revokeToken');
  assert.ok(op.responses['404'] && op.responses['401'], Object.keys(op.responses).join(','));
  const ok = op.responses['200'].content['application/json'].schema;
  assert.ok(JSON.stringify(ok).includes('revokedAt'));
});

test('GET /v1/tokens: the admin lists every token, revoked ones too, oldest first — never a secret nor a hash', async () => {
  const h = await harness();
  const later = await issueToken(h.accounts, { team: 'research', admin: false }, 1_800_000_000_500);
  await h.call('DELETE', `/v1/tokens/${later.record.id}`, { token: h.admin });
  const r = await h.call('GET', '/v1/tokens', { token: h.admin });
  assert.equal(r.status, 200);
  const text = await r.text();
  for (const t of h.accounts.tokens) assert.ok(!text.includes(t.hash), 'a hash in the answer');
  for (const secret of [h.admin, h.research, h.vision, later.secret]) assert.ok(!text.includes(secret), 'a secret');
  const { tokens } = JSON.parse(text) as { tokens: Record<string, unknown>[] };
  assert.equal(tokens.length, 4);
  for (const t of tokens) assert.deepEqual(Object.keys(t).sort(), ['admin', 'createdAt', 'id', 'revokedAt', 'team']);
  assert.deepEqual(tokens.at(-1), {
    id: later.record.id,
    team: 'research',
    admin: false,
    createdAt: 1_800_000_000_500,
    revokedAt: 1_800_000_000_000,
  });
  const first = tokens.slice(0, 3);
  assert.deepEqual(
    first.map((t) => [t.team, t.admin, t.revokedAt]).sort(),
    [
      [null, true, null],
      ['research', false, null],
      ['vision', false, null],
    ].sort(),
  );
  assert.deepEqual(
    first.map((t) => t.id),
    [idOf(h, h.admin), idOf(h, h.research), idOf(h, h.vision)].sort(),
    'created at the same time: by id',
  );
  assert.deepEqual(h.control.calls, [], 'the control plane was never asked');
});

test("GET /v1/tokens: a team token lists its own team's tokens only; a revoked token lists nothing (401)", async () => {
  const h = await harness();
  const second = await issueToken(h.accounts, { team: 'research', admin: false }, 1_800_000_000_001);
  const research = await json(await h.call('GET', '/v1/tokens', { token: h.research }));
  assert.deepEqual(
    research.tokens.map((t: { id: string }) => t.id),
    [idOf(h, h.research), second.record.id],
  );
  assert.ok(research.tokens.every((t: { team: string; admin: boolean }) => t.team === 'research' && !t.admin));
  const vision = await json(await h.call('GET', '/v1/tokens', { token: h.vision }));
  assert.deepEqual(
    vision.tokens.map((t: { id: string }) => t.id),
    [idOf(h, h.vision)],
  );
  await h.call('DELETE', `/v1/tokens/${idOf(h, h.vision)}`, { token: h.vision });
  const refused = await h.call('GET', '/v1/tokens', { token: h.vision });
  assert.equal(refused.status, 401);
  assert.equal((await json(refused)).type, 'auth.invalid-token');
  assert.equal((await h.call('GET', '/v1/tokens')).status, 401, 'no token');
});

test('GET /v1/tokens is in the OpenAPI document, answered by the schema it shows', async () => {
  const h = await harness();
  const doc = await json(await h.call('GET', '/openapi.json'));
  const op = doc.paths['/v1/tokens'].get;
  assert.equal(op.operationId, 'listTokens');
  const item = op.responses['200'].content['application/json'].schema.properties.tokens.items;
  assert.deepEqual(Object.keys(item.properties).sort(), ['admin', 'createdAt', 'id', 'revokedAt', 'team']);
  assert.ok(!('token' in item.properties) && !('hash' in item.properties));
  assert.equal(doc.paths['/v1/tokens'].post.operationId, 'createToken');
});
