/** A store that fails during a request (src/control/store-failure.ts) answers a problem document with its code:
 * 503 and Retry-After for a database that does not answer or is busy, 507 for a full disk; never a password. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '../store/store-error.js';
import { harness } from './test-support/harness.js';

const URL_SHOWN = 'postgres://skyfleet:***@db.internal:5432/skyfleet';

function failing(code: string, reason: string): StoreError {
  return new StoreError(code, { url: URL_SHOWN, reason });
}

async function problemOf(r: Response): Promise<Record<string, unknown>> {
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const text = await r.text();
  assert.ok(!text.includes('hunter2'), text);
  assert.ok(!/\n\s+at |\.ts:\d/.test(text), text);
  return JSON.parse(text);
}

test('a store that does not answer mid-request is a 503 store.unreachable problem with Retry-After', async () => {
  const h = await harness();
  h.control.list = async () => {
    throw failing('store.unreachable', 'connect ECONNREFUSED 10.0.0.7:5432');
  };
  const r = await h.call('GET', '/v1/workloads', { token: h.research });
  assert.equal(r.status, 503);
  assert.equal(r.headers.get('retry-after'), '1');
  const p = await problemOf(r);
  assert.equal(p.type, 'store.unreachable');
  assert.equal(p.status, 503);
  assert.equal(p.title, 'the database cannot be opened or reached, at start or during a request');
  // A tenant learns neither where the database is nor the driver's words: the log has them.
  assert.equal(p.url, undefined);
  assert.equal(p.reason, undefined);
  assert.doesNotMatch(JSON.stringify(p), /10\.0\.0\.7|ECONNREFUSED|5432/);
  assert.match(String(p.detail), /the server's log has the store's error/);
  assert.equal(p.instance, '/v1/workloads');
  const logged = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
  assert.equal(logged?.type, 'store.unreachable', 'the log names the code');
  assert.match(
    logged?.err?.message ?? '',
    new RegExp(`${URL_SHOWN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*ECONNREFUSED`),
  );
});

test('a token lookup that finds the store down is a 503 too, not a 401 or a 500', async () => {
  const h = await harness();
  h.accounts.findTokenByHash = async () => {
    throw failing('store.unreachable', 'Connection terminated unexpectedly');
  };
  const r = await h.call('GET', '/v1/workloads', { token: h.research });
  assert.equal(r.status, 503);
  assert.equal(r.headers.get('retry-after'), '1');
  assert.equal((await problemOf(r)).type, 'store.unreachable');
});

test('busy is 503 with Retry-After, a full disk 507 and an I/O error 503 without it', async () => {
  for (const [code, status, retryAfter] of [
    ['store.busy', 503, '1'],
    ['store.disk-full', 507, null],
    ['store.io-error', 503, null],
  ] as const) {
    const h = await harness();
    h.control.submit = async () => {
      throw new StoreError(code, { url: '/srv/skyfleet.db', reason: 'the driver said so' });
    };
    const r = await h.call('POST', '/v1/workloads', {
      token: h.research,
      body: JSON.stringify({ name: 'x', workload: { kind: 'training', gpus: ['H100'], count: 1, gpuHours: 1 } }),
    });
    assert.equal(r.status, status, code);
    assert.equal(r.headers.get('retry-after'), retryAfter, code);
    const p = await problemOf(r);
    assert.equal(p.type, code);
    assert.equal(p.status, status);
  }
});

test('a raw driver error, or a store error that is not a failure of the store, stays a 500 internal', async () => {
  for (const e of [
    Object.assign(new Error('password authentication failed: postgres://u:hunter2@db/x'), { code: '28P01' }),
    new StoreError('store.closed'),
  ]) {
    const h = await harness();
    h.control.list = async () => {
      throw e;
    };
    const r = await h.call('GET', '/v1/workloads', { token: h.research });
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('retry-after'), null);
    assert.equal((await problemOf(r)).type, 'internal');
  }
});
