/** Auth rules: every /v1 route needs a valid token (401 problem otherwise), admin routes need the admin (403),
 * a team sees and changes only its own workloads (404 for another team's id), tokens are kept as hashes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashToken } from './tokens.js';
import { harness, SPEC } from './test-support/harness.js';

const json = async (r: Response): Promise<any> => JSON.parse(await r.text());
const concrete = (path: string): string => path.replace('{id}', 'wl_1').replace('{name}', 'research');

test('every /v1 route answers 401 problem documents without a token or with a wrong one, and calls nothing', async () => {
  const h = await harness();
  const v1 = h.routes.filter((r) => r.path.startsWith('/v1/'));
  assert.ok(v1.length >= 12);
  for (const r of v1)
    for (const token of [undefined, 'sft_nope', `sft_${'A'.repeat(43)}`, '']) {
      const res = await h.call(r.method, concrete(r.path), {
        ...(token === undefined ? {} : { token }),
        ...(r.body ? { body: JSON.stringify(SPEC) } : {}),
      });
      assert.equal(res.status, 401, `${r.method} ${r.path} with ${token}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      const p = await json(res);
      assert.equal(p.type, token === undefined || token === '' ? 'auth.missing-token' : 'auth.invalid-token');
      assert.equal(p.status, 401);
    }
  assert.deepEqual(h.control.calls, []);
  const other = await h.call('GET', '/v1/fleet', { headers: { authorization: `Basic ${h.admin}` } });
  assert.equal(other.status, 401);
});

test('the open routes need no token', async () => {
  const h = await harness();
  for (const path of ['/openapi.json', '/metrics', '/healthz'])
    assert.equal((await h.call('GET', path)).status, 200, path);
});

test('admin routes refuse a team token with 403', async () => {
  const h = await harness();
  const put = await h.call('PUT', '/v1/teams/research', {
    token: h.research,
    body: JSON.stringify({ quotaGpus: { H100: 999 } }),
  });
  assert.equal(put.status, 403);
  assert.equal((await json(put)).type, 'auth.forbidden');
  const tok = await h.call('POST', '/v1/tokens', { token: h.research, body: JSON.stringify({ admin: true }) });
  assert.equal(tok.status, 403);
  assert.equal(h.accounts.tokens.length, 3, 'no token made');
  assert.equal((await h.accounts.getTeam('research'))?.quotaGpus.H100, undefined, 'the team unchanged');
});

test("a team cannot see nor change another team's workload: 404, and the workload is unchanged", async () => {
  const h = await harness();
  const id = (await json(await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify(SPEC) })))
    .workloads[0].id;
  for (const [method, path] of [
    ['GET', `/v1/workloads/${id}`],
    ['GET', `/v1/workloads/${id}/events`],
    ['GET', `/v1/workloads/${id}/explain`],
    ['GET', `/v1/workloads/${id}/logs`],
    ['POST', `/v1/workloads/${id}/cancel`],
    ['DELETE', `/v1/workloads/${id}`],
  ] as const) {
    const r = await h.call(method, path, { token: h.vision });
    assert.equal(r.status, 404, `${method} ${path}`);
    assert.equal((await json(r)).type, 'control.not-found');
  }
  assert.equal((await json(await h.call('GET', `/v1/workloads/${id}`, { token: h.research }))).state, 'submitted');
  assert.deepEqual((await json(await h.call('GET', '/v1/workloads', { token: h.vision }))).workloads, []);
  const forOther = await h.call('POST', '/v1/workloads?team=research', { token: h.vision, body: JSON.stringify(SPEC) });
  assert.equal(forOther.status, 403);
});

test('tokens are stored as sha256 hashes, never as the secret', async () => {
  const h = await harness();
  for (const secret of [h.admin, h.research, h.vision]) {
    assert.ok(h.accounts.tokens.some((t) => t.hash === hashToken(secret)));
    assert.ok(!JSON.stringify(h.accounts.tokens).includes(secret));
  }
  assert.match(hashToken('x'), /^[0-9a-f]{64}$/);
});
