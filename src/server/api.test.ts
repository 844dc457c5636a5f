/** The API's behaviour over the fake control plane: submit, list, get, cancel, events, explain, logs, fleet, teams
 * and tokens; idempotency; the answers fit the response schemas the OpenAPI document shows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, SPEC } from './test-support/harness.js';
import * as s from './schemas.js';

const json = async (r: Response): Promise<any> => JSON.parse(await r.text());

test('submit (JSON) answers 201 with the workload, its id, a Location, and no secret value', async () => {
  const h = await harness();
  const r = await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: JSON.stringify({ ...SPEC, secrets: { HF_TOKEN: 'hf_very_secret' } }),
  });
  assert.equal(r.status, 201);
  const b = await json(r);
  s.submitResponseSchema.parse(b);
  assert.equal(b.workloads.length, 1);
  const w = b.workloads[0];
  assert.equal(w.team, 'research');
  assert.equal(w.state, 'submitted');
  assert.deepEqual(w.spec.secretNames, ['HF_TOKEN']);
  assert.equal(r.headers.get('location'), `/v1/workloads/${w.id}`);
  assert.ok(!JSON.stringify(b).includes('hf_very_secret'));
});

test('the same Idempotency-Key with the same spec answers the first workload (200); with another spec 422', async () => {
  const h = await harness();
  const send = (body: unknown) =>
    h.call('POST', '/v1/workloads', {
      token: h.research,
      body: JSON.stringify(body),
      headers: { 'idempotency-key': 'k-1' },
    });
  const first = await send({ ...SPEC, secrets: { A: 'x' } });
  assert.equal(first.status, 201);
  const again = await send({ ...SPEC, secrets: { A: 'x' } });
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await json(again)).workloads[0].id, (await json(first)).workloads[0].id);
  const other = await send({ ...SPEC, name: 'another' });
  assert.equal(other.status, 422);
  const p = await json(other);
  assert.equal(p.type, 'api.idempotency-key-reused');
  assert.equal(p.key, 'k-1');
  assert.equal(h.control.specs.length, 1, 'one workload made');
});

test('list pages oldest first and filters by state; a team sees only its own', async () => {
  const h = await harness();
  for (let i = 0; i < 3; i++)
    await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify({ ...SPEC, name: `r${i}` }) });
  await h.call('POST', '/v1/workloads', { token: h.vision, body: JSON.stringify({ ...SPEC, name: 'v0' }) });
  const page1 = await json(await h.call('GET', '/v1/workloads?limit=2', { token: h.research }));
  s.listResponseSchema.parse(page1);
  assert.deepEqual(
    page1.workloads.map((w: any) => w.spec.name),
    ['r0', 'r1'],
  );
  assert.equal(page1.next, page1.workloads[1].id);
  const page2 = await json(await h.call('GET', `/v1/workloads?limit=2&after=${page1.next}`, { token: h.research }));
  assert.deepEqual(
    page2.workloads.map((w: any) => w.spec.name),
    ['r2'],
  );
  assert.equal(page2.next, null);
  const all = await json(await h.call('GET', '/v1/workloads', { token: h.admin }));
  assert.equal(all.workloads.length, 4);
  await h.call('POST', `/v1/workloads/${page1.workloads[0].id}/cancel`, { token: h.research });
  const cancelled = await json(await h.call('GET', '/v1/workloads?state=cancelled,failed', { token: h.admin }));
  assert.deepEqual(
    cancelled.workloads.map((w: any) => w.spec.name),
    ['r0'],
  );
});

test('get, events, explain, logs and cancel of one workload; DELETE cancels too; cancel twice is a 409', async () => {
  const h = await harness();
  const id = (await json(await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify(SPEC) })))
    .workloads[0].id;
  const get = await json(await h.call('GET', `/v1/workloads/${id}`, { token: h.research }));
  s.workloadViewSchema.parse(get);
  assert.equal(get.id, id);
  const ex = await json(await h.call('GET', `/v1/workloads/${id}/explain`, { token: h.research }));
  s.explainResponseSchema.parse(ex);
  const logs = await json(await h.call('GET', `/v1/workloads/${id}/logs?tail=2`, { token: h.research }));
  s.logsResponseSchema.parse(logs);
  assert.equal(logs.text, 'line 1\nline 2');
  assert.equal(logs.tail, 2);
  const c = await h.call('DELETE', `/v1/workloads/${id}`, { token: h.research });
  assert.equal(c.status, 200);
  assert.equal((await json(c)).state, 'cancelled');
  const again = await h.call('POST', `/v1/workloads/${id}/cancel`, { token: h.research });
  assert.equal(again.status, 409);
  assert.equal(again.headers.get('content-type'), 'application/problem+json');
  const ev = await json(await h.call('GET', `/v1/workloads/${id}/events`, { token: h.research }));
  s.eventsResponseSchema.parse(ev);
  assert.deepEqual(
    ev.events.map((e: any) => [e.from, e.to]),
    [
      [null, 'submitted'],
      ['submitted', 'cancelled'],
    ],
  );
});

test('fleet, whoami and teams', async () => {
  const h = await harness();
  await h.call('POST', '/v1/workloads', { token: h.research, body: JSON.stringify(SPEC) });
  const f = await json(await h.call('GET', '/v1/fleet', { token: h.research }));
  s.fleetResponseSchema.parse(f);
  assert.deepEqual(f.workloadsByState, { submitted: 1 });
  assert.deepEqual(await json(await h.call('GET', '/v1/whoami', { token: h.research })), {
    tokenId: h.accounts.tokens[1]?.id,
    team: 'research',
    admin: false,
  });
  const put = await h.call('PUT', '/v1/teams/nlp', {
    token: h.admin,
    body: JSON.stringify({ quotaGpus: { H100: 64 }, monthlyBudgetCents: 10_000_000 }),
  });
  assert.equal(put.status, 201);
  const upd = await h.call('PUT', '/v1/teams/nlp', {
    token: h.admin,
    body: JSON.stringify({ monthlyBudgetGpuHours: 500 }),
  });
  assert.equal(upd.status, 200);
  assert.deepEqual(await json(upd), {
    name: 'nlp',
    quotaGpus: { H100: 64 },
    monthlyBudgetCents: 10_000_000,
    monthlyBudgetGpuHours: 500,
  });
  const teams = await json(await h.call('GET', '/v1/teams', { token: h.admin }));
  s.teamsResponseSchema.parse(teams);
  assert.equal(teams.teams.length, 3);
  const own = await json(await h.call('GET', '/v1/teams', { token: h.vision }));
  assert.deepEqual(
    own.teams.map((t: any) => t.name),
    ['vision'],
  );
});

test('a new team token is shown once, stored hashed, and works', async () => {
  const h = await harness();
  const r = await h.call('POST', '/v1/tokens', { token: h.admin, body: JSON.stringify({ team: 'research' }) });
  assert.equal(r.status, 201);
  const t = await json(r);
  s.tokenCreatedSchema.parse(t);
  assert.match(t.token, /^sft_/);
  assert.ok(!JSON.stringify(h.accounts.tokens).includes(t.token), 'the secret is not stored');
  const me = await json(await h.call('GET', '/v1/whoami', { token: t.token }));
  assert.equal(me.team, 'research');
  const missing = await h.call('POST', '/v1/tokens', { token: h.admin, body: JSON.stringify({ team: 'nobody' }) });
  assert.equal(missing.status, 404);
  assert.equal((await json(missing)).type, 'api.team-not-found');
  const both = await h.call('POST', '/v1/tokens', {
    token: h.admin,
    body: JSON.stringify({ team: 'research', admin: true }),
  });
  assert.equal(both.status, 422);
});

test('a task file (YAML) goes through the importer: one workload per task, with its warnings', async () => {
  const h = await harness((text, source) => ({
    workloads: text.split('---').map((_, i) => ({ ...SPEC, name: `task-${i}`, source })),
    warnings: [{ code: 'skypilot.unsupported', message: 'ignored', file: source, line: 1, col: 1 }],
  }));
  const r = await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: 'run: a\n---\nrun: b\n',
    headers: { 'content-type': 'application/yaml', 'x-skyfleet-source': 'train.sky.yaml', 'idempotency-key': 'y' },
  });
  assert.equal(r.status, 201);
  const b = await json(r);
  assert.deepEqual(
    b.workloads.map((w: any) => [w.spec.name, w.spec.source, w.idempotencyKey]),
    [
      ['task-0', 'train.sky.yaml', 'y#1'],
      ['task-1', 'train.sky.yaml', 'y#2'],
    ],
  );
  assert.equal(b.warnings[0].file, 'train.sky.yaml');
});

test('without an importer a YAML body is a 415 problem and nothing is submitted', async () => {
  const h = await harness();
  const r = await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: 'run: a\n',
    headers: { 'content-type': 'application/yaml' },
  });
  assert.equal(r.status, 415);
  assert.equal((await json(r)).type, 'api.import-unavailable');
  assert.deepEqual(h.control.calls, []);
});
