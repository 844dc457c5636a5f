/**
 * Versioned migrations on SQLite and PostgreSQL: applied once each, in order, in a transaction; an older store is
 * upgraded with its data; re-running is a no-op; several migrating at once apply each migration once; a newer
 * store is refused; a migration that fails leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Cents } from '../core/money.js';
import type { SqlBackend } from './backend.js';
import { appliedVersions, MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from './migrations.js';
import type { Dialect } from './schema.js';
import { SqlStore } from './sql-store.js';
import { StoreError } from './store-error.js';
import { type BackendHarness, backendHarness } from './test-support/backends.js';

const T0 = 1_767_225_600_000;

async function within(dialect: Dialect, body: (h: BackendHarness) => Promise<void>): Promise<void> {
  const h = await backendHarness(dialect);
  try {
    await body(h);
  } finally {
    await h.dispose();
  }
}

/** In this store's own schema only (PostgreSQL: the search path; other tests' schemas have the same tables). */
async function tableExists(b: SqlBackend, name: string): Promise<boolean> {
  const q =
    b.dialect === 'postgres'
      ? sql<{
          found: number;
        }>`select count(*) as found from pg_tables where schemaname = current_schema() and tablename = ${name}`
      : sql<{ found: number }>`select count(*) as found from sqlite_master where type = 'table' and name = ${name}`;
  const { rows } = await q.execute(b.db);
  return Number(rows[0]?.found) > 0;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`migrations: ${dialect}`, () => {
    test('a fresh store gets every migration, in order, once', () =>
      within(dialect, async (h) => {
        const b = h.open();
        await migrate(b);
        assert.deepEqual(
          await appliedVersions(b),
          MIGRATIONS.map((m) => m.version),
        );
        assert.equal(SCHEMA_VERSION, 4);
        for (const t of ['workloads', 'events', 'tokens', 'teams', 'meta', 'usage'])
          assert.ok(await tableExists(b, t), t);
      }));

    test('a store made by an older version is upgraded and keeps its data', () =>
      within(dialect, async (h) => {
        const old = h.open();
        await migrate(old, { target: 1 });
        assert.deepEqual(await appliedVersions(old), [1]);
        assert.equal(await tableExists(old, 'usage'), false);
        const before = new SqlStore(old);
        await before.createWorkload({
          id: 'w-old',
          team: 'research',
          spec: { name: 'from v1', workload: { kind: 'training' } },
          idempotencyKey: 'k',
          at: T0,
          cause: { code: 'probe.submitted' },
        });
        await before.close();
        const now = new SqlStore(h.open());
        await now.migrate();
        const b = h.open();
        assert.deepEqual(await appliedVersions(b), [1, 2, 3, 4]);
        assert.equal((await now.getWorkload('w-old'))?.spec.name, 'from v1');
        assert.equal((await now.listEvents('w-old')).length, 1);
        await now.putUsage({
          id: 'u-1',
          workloadId: 'w-old',
          team: 'research',
          provider: 'aws',
          region: 'us-east-1',
          instanceType: 'p5.48xlarge',
          gpu: 'H100',
          gpus: 8,
          instances: 1,
          pricing: 'on-demand',
          pricePerInstanceHourCents: 9832 as Cents,
          start: T0,
          end: null,
        });
        assert.equal((await now.listUsage({})).length, 1);
      }));

    test('migrating again is a no-op: the record of what ran is unchanged', () =>
      within(dialect, async (h) => {
        const b = h.open();
        await migrate(b);
        const rows = await b.db.selectFrom('skyfleet_migrations').selectAll().orderBy('version').execute();
        await migrate(b);
        await migrate(h.open());
        assert.deepEqual(await b.db.selectFrom('skyfleet_migrations').selectAll().orderBy('version').execute(), rows);
      }));

    test('several handles migrating one fresh store at once apply each migration once', () =>
      within(dialect, async (h) => {
        const handles = [h.open(), h.open(), h.open(), h.open()];
        await Promise.all(handles.map((b) => migrate(b)));
        const rows = await handles[0]?.db.selectFrom('skyfleet_migrations').select('version').execute();
        assert.deepEqual(rows?.map((r) => r.version).sort(), [1, 2, 3, 4]);
      }));

    test('a store migrated by a newer skyfleet is refused (store.newer-schema) and left as it is', () =>
      within(dialect, async (h) => {
        const b = h.open();
        await migrate(b);
        await b.db
          .insertInto('skyfleet_migrations')
          .values({ version: SCHEMA_VERSION + 4, name: 'from the future', applied_at: T0 })
          .execute();
        await assert.rejects(migrate(h.open()), (e: unknown) => {
          assert.ok(e instanceof StoreError);
          assert.equal(e.code, 'store.newer-schema');
          assert.deepEqual(e.params, { version: SCHEMA_VERSION + 4, known: SCHEMA_VERSION });
          return true;
        });
        assert.deepEqual(await appliedVersions(b), [1, 2, 3, 4, SCHEMA_VERSION + 4]);
      }));

    test('a migration that fails leaves nothing behind: not its tables, not its record', () =>
      within(dialect, async (h) => {
        const b = h.open();
        await migrate(b);
        const failing: Migration = {
          version: 5,
          name: 'fails half way',
          async up(db) {
            await db.schema.createTable('half_made').addColumn('x', 'integer').execute();
            await sql`insert into half_made (x) values (1)`.execute(db);
            throw new Error('boom');
          },
        };
        await assert.rejects(migrate(b, { migrations: [...MIGRATIONS, failing] }), /boom/);
        assert.deepEqual(await appliedVersions(b), [1, 2, 3, 4]);
        assert.equal(await tableExists(b, 'half_made'), false);
      }));

    test('version 4 (token revocation): the tokens of a version-3 store stay valid and can be revoked', () =>
      within(dialect, async (h) => {
        const old = h.open();
        await migrate(old, { target: 3 });
        // As version 3 wrote it: no revoked_at column yet.
        await sql`insert into tokens (id, hash, team, admin, created_at) values ('t-1', 'h-1', 'research', 0, ${T0})`.execute(
          old.db,
        );
        const now = new SqlStore(h.open());
        await now.migrate();
        assert.deepEqual(await appliedVersions(h.open()), [1, 2, 3, 4]);
        const kept = { id: 't-1', hash: 'h-1', team: 'research', admin: false, createdAt: T0 };
        assert.deepEqual(await now.findTokenByHash('h-1'), kept, 'no revokedAt: valid');
        assert.deepEqual(await now.revokeToken('t-1', T0 + 1), { ...kept, revokedAt: T0 + 1 });
        await now.close();
      }));
  });
}
