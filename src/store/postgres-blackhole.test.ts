/**
 * A PostgreSQL host that accepts the connection and then says nothing (packets dropped, a hung server): the store's
 * call fails after the connect timeout as store.unreachable instead of hanging the request (without the timeout the
 * call would wait on the OS, far past this test's own 10 s bound). The "server" is a socket
 * on 127.0.0.1 that never answers; the timeout is shortened for the test (CONNECT_TIMEOUT_MS is the default).
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { sql } from 'kysely';
import { driverFailure } from './driver-failure.js';
import { CONNECT_TIMEOUT_MS, openPostgresBackend } from './postgres-backend.js';
import { StoreError } from './store-error.js';

test('a database that never answers: the call fails after the connect timeout as store.unreachable', {
  timeout: 10_000,
}, async () => {
  assert.ok(CONNECT_TIMEOUT_MS >= 1_000 && CONNECT_TIMEOUT_MS <= 30_000, 'a bounded default');
  const sockets = new Set<Socket>();
  const silent = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const address = silent.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `postgres://postgres@127.0.0.1:${port}/test`;
  const backend = openPostgresBackend({ connectionString: url, connectTimeoutMs: 300 });
  try {
    const e = await sql`select 1`.execute(backend.db).then(
      () => assert.fail('a silent server answered'),
      (err: unknown) => driverFailure(err, url),
    );
    assert.ok(e instanceof StoreError, `a StoreError, not ${String(e)}`);
    assert.equal(e.code, 'store.unreachable', e.message);
  } finally {
    await backend.close().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});
