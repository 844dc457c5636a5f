/**
 * SQLite whose file cannot grow (`max_page_count` at the pages it has: the driver answers SQLITE_FULL as on a full
 * disk): a write through either path — the native fast path of submissions and Kysely's — rejects with
 * store.disk-full, not a raw driver error; reads still answer, and once the file may grow again the same store writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { NewWorkload } from '../control/ports.js';
import { openSqliteBackend } from './sqlite-backend.js';
import { SqlStore } from './sql-store.js';
import { StoreError } from './store-error.js';

function workload(id: string): NewWorkload {
  return {
    id,
    team: 'research',
    // ~64 KiB of spec: more pages than the file has free.
    spec: { name: id, workload: { kind: 'training', gpus: 'H100', count: 8, hours: 1 }, run: 'x'.repeat(65_536) },
    idempotencyKey: null,
    at: 1_767_225_600_000,
    cause: { code: 'probe.submitted', source: 'api' },
  };
}

function diskFull(path: string) {
  return (e: unknown): true => {
    assert.ok(e instanceof StoreError, `a StoreError, not ${String(e)}`);
    assert.equal(e.code, 'store.disk-full', e.message);
    assert.equal(e.params.url, path);
    assert.match(String(e.params.reason), /SQLITE_FULL/);
    return true;
  };
}

test('SQLite that cannot grow: writes are store.disk-full, reads answer, and writes work once it may grow', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-full-'));
  const path = join(dir, 'full.db');
  const backend = openSqliteBackend(path);
  const store = new SqlStore(backend, path);
  try {
    await store.migrate();
    await store.createWorkload(workload('w-0'));
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(backend.db);
    const count = pages.rows[0]?.page_count;
    assert.ok(typeof count === 'number' && count > 0);
    await sql.raw(`pragma max_page_count = ${count}`).execute(backend.db);

    await assert.rejects(store.createWorkload(workload('w-1')), diskFull(path));
    await assert.rejects(store.setMeta('big', 'y'.repeat(65_536)), diskFull(path));
    assert.equal((await store.getWorkload('w-0'))?.id, 'w-0');
    assert.equal(await store.getWorkload('w-1'), undefined);

    await sql.raw(`pragma max_page_count = ${count * 100}`).execute(backend.db);
    assert.equal((await store.createWorkload(workload('w-1'))).created, true);
    await store.setMeta('big', 'y'.repeat(65_536));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
