/** `--store URL` forms, the default file, and the two ways opening fails (store.url-invalid, store.unreachable). */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryStore } from './memory-store.js';
import { DEFAULT_STORE_FILE, describeStore, openStore, resolveStoreUrl } from './open-store.js';
import { StoreError } from './store-error.js';

const code = (expected: string) => (e: unknown) => {
  assert.ok(e instanceof StoreError, String(e));
  assert.equal(e.code, expected);
  return true;
};

test('URL forms: none, a plain path, sqlite:, postgres(ql)://, memory:', () => {
  assert.deepEqual(resolveStoreUrl(undefined, '/srv'), {
    kind: 'sqlite',
    path: join('/srv', DEFAULT_STORE_FILE),
    synchronous: 'normal',
  });
  assert.equal(DEFAULT_STORE_FILE, join('.skyfleet', 'skyfleet.db'));
  assert.deepEqual(resolveStoreUrl('', '/srv'), resolveStoreUrl(undefined, '/srv'));
  assert.deepEqual(resolveStoreUrl('data/x.db', '/srv'), {
    kind: 'sqlite',
    path: '/srv/data/x.db',
    synchronous: 'normal',
  });
  assert.deepEqual(resolveStoreUrl('/abs/x.db', '/srv'), { kind: 'sqlite', path: '/abs/x.db', synchronous: 'normal' });
  assert.deepEqual(resolveStoreUrl('sqlite:x.db', '/srv'), {
    kind: 'sqlite',
    path: '/srv/x.db',
    synchronous: 'normal',
  });
  assert.deepEqual(resolveStoreUrl('sqlite:///abs/x.db', '/srv'), {
    kind: 'sqlite',
    path: '/abs/x.db',
    synchronous: 'normal',
  });
  assert.deepEqual(resolveStoreUrl('sqlite:x.db?synchronous=full', '/srv'), {
    kind: 'sqlite',
    path: '/srv/x.db',
    synchronous: 'full',
  });
  assert.deepEqual(resolveStoreUrl('sqlite:x.db?synchronous=NORMAL', '/srv'), resolveStoreUrl('sqlite:x.db', '/srv'));
  assert.deepEqual(resolveStoreUrl('memory:', '/srv'), { kind: 'memory' });
  const pg = resolveStoreUrl('postgres://u:secret@db.local:5432/sky?schema=fleet&sslmode=disable', '/srv');
  assert.equal(pg.kind, 'postgres');
  if (pg.kind === 'postgres') {
    assert.equal(pg.schema, 'fleet');
    assert.equal(pg.connectionString, 'postgres://u:secret@db.local:5432/sky?sslmode=disable');
    assert.equal(describeStore(pg), 'postgres://u:***@db.local:5432/sky?sslmode=disable', 'no password in messages');
  }
  assert.equal(resolveStoreUrl('postgresql://127.0.0.1/test', '/srv').kind, 'postgres');
  assert.equal(resolveStoreUrl('POSTGRES://127.0.0.1/test', '/srv').kind, 'postgres');
});

test('a URL skyfleet cannot use is store.url-invalid, with the URL', () => {
  for (const bad of [
    'mysql://db/x',
    'http://127.0.0.1:8470',
    'sqlite:',
    'sqlite:x.db?synchronous=off',
    'sqlite:x.db?journal=delete',
    'memory:x',
    'postgres://127.0.0.1/test?schema=Bad-Name',
    'postgres://[::1',
  ]) {
    assert.throws(() => resolveStoreUrl(bad, '/srv'), code('store.url-invalid'), bad);
    try {
      resolveStoreUrl(bad, '/srv');
    } catch (e) {
      assert.deepEqual((e as StoreError).params, { url: bad });
    }
  }
});

test('the default store is a SQLite file in .skyfleet/ under dir, the folder made; memory: is a MemoryStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-open-'));
  try {
    const store = await openStore(undefined, { dir });
    await store.migrate();
    await store.setMeta('hello', 'world');
    await store.close();
    assert.ok(existsSync(join(dir, '.skyfleet', 'skyfleet.db')));
    const again = await openStore(`sqlite:${join(dir, '.skyfleet', 'skyfleet.db')}`, { dir: '/nowhere' });
    await again.migrate();
    assert.equal(await again.getMeta('hello'), 'world');
    await again.close();
    assert.ok((await openStore('memory:', { dir })) instanceof MemoryStore);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database that cannot be opened or reached is store.unreachable, with the reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-open-'));
  try {
    mkdirSync(join(dir, 'a-folder'));
    await assert.rejects(openStore(join(dir, 'a-folder'), { dir }), (e: unknown) => {
      code('store.unreachable')(e);
      assert.equal((e as StoreError).params.url, join(dir, 'a-folder'));
      return true;
    });
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    await assert.rejects(openStore('postgres://postgres:pw@127.0.0.1:1/test', { dir }), (e: unknown) => {
      code('store.unreachable')(e);
      assert.equal((e as StoreError).params.url, 'postgres://postgres:***@127.0.0.1:1/test');
      assert.match(String((e as StoreError).params.reason), /ECONNREFUSED/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a StoreError says what went wrong in words, its code beside', () => {
  try {
    resolveStoreUrl('mysql://db/x', '/srv');
    assert.fail('no error');
  } catch (e) {
    assert.equal(
      (e as StoreError).message,
      '--store "mysql://db/x": use sqlite:PATH, a file path, postgres://… or memory:',
    );
  }
  for (const [c, params, words] of [
    ['store.unreachable', { url: 'x.db', reason: 'EISDIR' }, 'cannot open the store x.db: EISDIR'],
    [
      'store.newer-schema',
      { version: 7, known: 3 },
      'the store is at schema version 7, this skyfleet knows versions up to 3: upgrade skyfleet',
    ],
    ['store.duplicate', { kind: 'workload', id: 'w-1' }, 'a workload with id "w-1" already exists'],
    [
      'store.spec-too-large',
      { id: 'w-1', bytes: 2000000, limit: 1048576 },
      'the spec of "w-1" is 2000000 bytes of JSON, more than the limit of 1048576',
    ],
    ['store.bad-text', { field: 'team' }, 'the field team holds a NUL character or an unpaired surrogate'],
    ['store.closed', {}, 'the store is closed'],
  ] as const)
    assert.equal(new StoreError(c, params).message, words, c);
});
