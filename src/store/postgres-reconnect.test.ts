/**
 * PostgreSQL going away under a running store (127.0.0.1:5432, a schema of its own): a TCP proxy on 127.0.0.1 stands
 * in front of the server; cutting it (every socket destroyed, the port closed) makes the next store calls reject with
 * store.unreachable, not a raw pg error, and once the proxy listens again on the same port the same store works
 * again (pg's Pool opens new connections). Bounded: every wait is on a socket event, the test times out at 20 s.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TeamRecord } from '../control/records.js';
import { openStore } from './open-store.js';
import { StoreError } from './store-error.js';
import { createSchema, dropSchema, freshSchemaName, PG_TEST_URL } from './test-support/postgres-harness.js';
import { targetOf, tcpProxy, throughPort } from './test-support/tcp-proxy.js';

const team = (name: string): TeamRecord => ({
  name,
  quotaGpus: {},
  monthlyBudgetCents: null,
  monthlyBudgetGpuHours: null,
});

function unreachable(e: unknown): true {
  assert.ok(e instanceof StoreError, `a StoreError, not ${String(e)}`);
  assert.equal(e.code, 'store.unreachable', e.message);
  assert.equal(typeof e.params.reason, 'string');
  assert.match(String(e.params.url), /^postgres:\/\/.*127\.0\.0\.1:\d+\/test/);
  return true;
}

test('PostgreSQL cut mid-run: the next calls are store.unreachable; back again, the same store works', {
  timeout: 20_000,
}, async () => {
  const schema = freshSchemaName();
  await createSchema(schema); // fails, saying how to start PostgreSQL, when it does not answer
  const proxy = tcpProxy(targetOf(PG_TEST_URL));
  const port = await proxy.listen(0);
  const viaProxy = throughPort(PG_TEST_URL, port, schema);
  const store = await openStore(viaProxy, { dir: '.' });
  try {
    await store.migrate();
    await store.putTeam(team('research'));
    assert.equal((await store.getTeam('research'))?.name, 'research');

    await proxy.cut();
    await assert.rejects(store.getTeam('research'), unreachable);
    await assert.rejects(store.putTeam(team('vision')), unreachable);
    await assert.rejects(store.listWorkloads({}), unreachable);

    await proxy.listen(port);
    assert.equal((await store.getTeam('research'))?.name, 'research');
    await store.putTeam(team('vision'));
    assert.deepEqual(
      (await store.listTeams()).map((t) => t.name),
      ['research', 'vision'],
    );
  } finally {
    await store.close();
    await proxy.cut();
    await dropSchema(schema);
  }
});
