/** The admin token file: made once (0600), read again on later starts, and replaced when its token was revoked. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryStore } from '../store/memory-store.js';
import { ensureAdminToken } from './admin-token.js';
import { hashToken } from './tokens.js';

test('the admin token file is made once, kept on later starts, and replaced once its token is revoked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-admin-token-'));
  try {
    const file = join(dir, '.skyfleet', 'admin-token');
    const store = new MemoryStore();
    assert.deepEqual(await ensureAdminToken(store, file, 1), { file, created: true });
    const first = readFileSync(file, 'utf8').trim();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const record = await store.findTokenByHash(hashToken(first));
    assert.equal(record?.admin, true);
    assert.deepEqual(await ensureAdminToken(store, file, 2), { file, created: false });
    assert.equal(readFileSync(file, 'utf8').trim(), first, 'kept');

    await store.revokeToken(record?.id ?? '', 3);
    assert.deepEqual(await ensureAdminToken(store, file, 4), { file, created: true });
    const second = readFileSync(file, 'utf8').trim();
    assert.notEqual(second, first, 'a revoked admin token is replaced, not stored again');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal((await store.findTokenByHash(hashToken(second)))?.revokedAt, undefined);
    assert.equal((await store.findTokenByHash(hashToken(first)))?.revokedAt, 3, 'the old one stays revoked');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
