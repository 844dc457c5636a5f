/** The sandbox's HTTP API refuses bad input with a problem document and changes nothing. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SandboxConfigSchema } from './config.js';
import { startSandbox, type RunningSandbox } from './serve.js';

let sb: RunningSandbox;
before(async () => {
  sb = await startSandbox(
    SandboxConfigSchema.parse({
      timeScale: 1000,
      providers: {
        aws: { regions: { r1: { instanceTypes: { t1: { gpu: 'L4', gpusPerInstance: 1, capacity: 2, price: 1 } } } } },
      },
    }),
    { port: 0 },
  );
});
after(() => sb.close());

const good = {
  clientToken: 'a/1',
  workloadId: 'a',
  team: 't',
  region: 'r1',
  instanceType: 't1',
  instances: 1,
  spot: false,
  resumeFrom: 0,
};

async function call(method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(sb.url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // text answer
  }
  return { status: res.status, json };
}

test('malformed, mistyped, unknown-field and oversized launch requests: 4xx problem, no launch made', async () => {
  const cases: [string, number][] = [
    ['{not json', 400],
    [JSON.stringify({ ...good, instances: 'two' }), 400],
    [JSON.stringify({ ...good, extra: 1 }), 400],
    [JSON.stringify({ ...good, instances: 0 }), 400],
    [JSON.stringify({ ...good, envs: { 'BAD NAME': 'x' } }), 400],
    ['[]', 400],
  ];
  for (const [body, status] of cases) {
    const r = await call('POST', '/providers/aws/launches', body);
    assert.equal(r.status, status, body.slice(0, 80));
    assert.equal((r.json as { code: string }).code, 'provider.bad-request', body.slice(0, 80));
    assert.equal((r.json as { retryable: boolean }).retryable, false);
  }
  assert.deepEqual((await call('GET', '/providers/aws/launches')).json, []);
});

test('unknown provider, launch, route and a bad tail or since are refused with their codes', async () => {
  assert.equal(
    ((await call('GET', '/providers/oci/offerings')).json as { code: string }).code,
    'provider.not-configured',
  );
  assert.equal(
    ((await call('GET', '/providers/aws/launches/nope')).json as { code: string }).code,
    'provider.launch-not-found',
  );
  assert.equal((await call('GET', '/nowhere')).status, 404);
  const l = await call('POST', '/providers/aws/launches', JSON.stringify({ ...good, clientToken: 'b/1', run: 'true' }));
  assert.equal(l.status, 201);
  const id = (l.json as { launchId: string }).launchId;
  assert.equal((await call('GET', `/providers/aws/launches/${id}/logs?tail=-1`)).status, 400);
  assert.equal((await call('GET', '/providers/aws/usage?since=soon')).status, 400);
  const again = await call(
    'POST',
    '/providers/aws/launches',
    JSON.stringify({ ...good, clientToken: 'b/1', run: 'true' }),
  );
  assert.equal(again.status, 200, 'a replayed token answers the first launch');
  assert.equal((again.json as { launchId: string }).launchId, id);
});

test('bad faults are sandbox.fault-invalid and change nothing', async () => {
  const before = (await call('GET', '/faults')).json;
  for (const body of [
    { action: 'explode' },
    { action: 'down', region: 'mars-1' },
    { action: 'capacity', region: 'r1', instanceType: 'nope', set: 0 },
    { action: 'slow', ms: -5 },
    { action: 'preempt', launchId: 'nope' },
  ]) {
    const r = await call('POST', '/faults/aws', JSON.stringify(body));
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(body));
    assert.match((r.json as { code: string }).code, /^(sandbox\.fault-invalid|provider\.launch-not-found)$/);
  }
  assert.deepEqual((await call('GET', '/faults')).json, before);
});

test('an oversized launch request is refused (413) and launches nothing', async () => {
  // Over 1 MiB: the sandbox answers 413 from the Content-Length alone and closes the connection; the client may see
  // that answer or, still sending, only the closed connection. Either way nothing is launched.
  const huge = JSON.stringify({ ...good, run: 'x'.repeat(2 * 1024 * 1024) });
  const r = await call('POST', '/providers/aws/launches', huge).catch(() => undefined);
  if (r) {
    assert.equal(r.status, 413);
    assert.equal((r.json as { code: string }).code, 'provider.bad-request');
  }
});
