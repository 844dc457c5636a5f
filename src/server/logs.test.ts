/** The log: one JSON line per request with status and latency, and no secret ever — not the token, not a spec's
 * secret values, not a token the admin creates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, SPEC } from './test-support/harness.js';

test('one line per request; no token or secret value in the log of a run that submits secrets', async () => {
  const h = await harness();
  const secretValue = 'hf_SUPERSECRETVALUE_123';
  await h.call('POST', '/v1/workloads?team=research', {
    token: h.admin,
    body: JSON.stringify({ ...SPEC, secrets: { HF_TOKEN: secretValue, WANDB: 'wandb-key-XYZ' } }),
  });
  await h.call('POST', '/v1/workloads', { token: h.research, body: `{"secrets": {"A": "${secretValue}"` }); // malformed
  await h.call('POST', '/v1/workloads', {
    token: h.research,
    body: JSON.stringify({ ...SPEC, secrets: { A: secretValue }, bogus: secretValue }),
  }); // unknown field
  const made = (await (
    await h.call('POST', '/v1/tokens', { token: h.admin, body: JSON.stringify({ team: 'vision' }) })
  ).json()) as {
    token: string;
  };
  await h.call('GET', '/v1/fleet', { token: made.token });
  await h.call('GET', '/v1/fleet', { token: 'sft_wrongwrongwrongwrongwrongwrongwrongwrong12' });
  assert.equal(h.logs.length, 6);
  const lines = h.logs.map((l) => JSON.parse(l));
  for (const l of lines) {
    assert.equal(l.msg, 'request');
    assert.equal(typeof l.ms, 'number');
    assert.equal(typeof l.status, 'number');
    assert.equal(typeof l.requestId, 'string');
  }
  assert.deepEqual(
    lines.map((l) => l.status),
    [201, 400, 422, 201, 200, 401],
  );
  assert.equal(lines[1].problem, 'api.malformed-json');
  const all = h.logs.join('\n');
  for (const secret of [secretValue, 'wandb-key-XYZ', h.admin, h.research, made.token, 'sft_wrongwrong'])
    assert.ok(!all.includes(secret), `the log holds ${secret.slice(0, 8)}…`);
  for (const t of h.accounts.tokens) assert.ok(!all.includes(t.hash), 'a token hash in the log');
});

test('the logger redacts authorization headers, tokens and spec secrets should a line ever carry them', async () => {
  const { createLogger } = await import('./logger.js');
  const out: string[] = [];
  const log = createLogger({ write: (s: string) => void out.push(s) });
  log.info(
    { req: { headers: { authorization: 'Bearer sft_abc' } }, token: 'sft_def', spec: { secrets: { A: 'v1' } } },
    'x',
  );
  log.info({ workload: { spec: { secrets: { B: 'v2' } } }, created: { token: 'sft_ghi' } }, 'y');
  const text = out.join('');
  for (const s of ['sft_abc', 'sft_def', 'v1', 'v2', 'sft_ghi']) assert.ok(!text.includes(s), s);
  assert.match(text, /\[redacted\]/);
});
