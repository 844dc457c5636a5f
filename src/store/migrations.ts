/**
 * The store's schema as versioned migrations, written once with Kysely's schema builder for both dialects. Each
 * migration runs once, in order, in its own write transaction that also records it in `skyfleet_migrations`; a
 * store made by an older skyfleet is upgraded by the migrations it lacks, running migrate again is a no-op, and a
 * store already migrated past what this skyfleet knows is refused (`store.newer-schema`) rather than written to.
 * Several processes may migrate at once: SQLite serialises them with BEGIN IMMEDIATE, PostgreSQL with a
 * transaction-scoped advisory lock. Never edit a migration that has shipped: add the next one.
 */
import { type Kysely, sql } from 'kysely';
import type { SqlBackend } from './backend.js';
import type { Db, Dialect } from './schema.js';
import { StoreError } from './store-error.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<Db>, dialect: Dialect): Promise<void>;
}

// The schema builder is untyped (tables that do not exist yet): `any` is Kysely's own advice for migrations.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Schema = Kysely<any>;

/** Keys and names: text compared byte by byte (PostgreSQL's "C" collation; SQLite's BINARY is the default), so
 * every dialect orders ids and team names alike (order.ts). */
const key = (dialect: Dialect) => (dialect === 'postgres' ? sql`text collate "C"` : sql`text`);

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workloads and their events',
    async up(db: Schema, dialect) {
      await db.schema
        .createTable('workloads')
        .addColumn('id', key(dialect), (c) => c.primaryKey())
        .addColumn('team', key(dialect), (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('placement', 'text')
        .addColumn('checkpoint', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('waiting_for', 'text')
        .addColumn('idempotency_key', key(dialect))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // NULL keys never collide (both dialects treat NULLs as distinct), so only keyed submissions are unique.
      await db.schema
        .createIndex('workloads_team_idempotency_key')
        .on('workloads')
        .columns(['team', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema.createIndex('workloads_created').on('workloads').columns(['created_at', 'id']).execute();
      await db.schema
        .createIndex('workloads_team_created')
        .on('workloads')
        .columns(['team', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('workloads_state').on('workloads').column('state').execute();
      await db.schema
        .createTable('events')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('workload_id', key(dialect), (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_workload').on('events').columns(['workload_id', 'seq']).execute();
    },
  },
  {
    version: 2,
    name: 'tokens, teams and meta values',
    async up(db: Schema, dialect) {
      await db.schema
        .createTable('tokens')
        .addColumn('id', key(dialect), (c) => c.primaryKey())
        .addColumn('hash', key(dialect), (c) => c.notNull().unique())
        .addColumn('team', key(dialect))
        .addColumn('admin', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('teams')
        .addColumn('name', key(dialect), (c) => c.primaryKey())
        .addColumn('quota_gpus', 'text', (c) => c.notNull())
        .addColumn('monthly_budget_cents', 'bigint')
        .addColumn('monthly_budget_gpu_hours', 'double precision')
        .execute();
      await db.schema
        .createTable('meta')
        .addColumn('key', key(dialect), (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 3,
    name: 'usage records',
    async up(db: Schema, dialect) {
      await db.schema
        .createTable('usage')
        .addColumn('id', key(dialect), (c) => c.primaryKey())
        .addColumn('workload_id', key(dialect), (c) => c.notNull())
        .addColumn('team', key(dialect), (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('instance_type', 'text', (c) => c.notNull())
        .addColumn('gpu', 'text', (c) => c.notNull())
        .addColumn('gpus', 'integer', (c) => c.notNull())
        .addColumn('instances', 'integer', (c) => c.notNull())
        .addColumn('pricing', 'text', (c) => c.notNull())
        .addColumn('price_per_instance_hour_cents', 'bigint', (c) => c.notNull())
        .addColumn('start_at', 'bigint', (c) => c.notNull())
        .addColumn('end_at', 'bigint')
        .execute();
      await db.schema.createIndex('usage_start').on('usage').columns(['start_at', 'id']).execute();
      await db.schema.createIndex('usage_team_start').on('usage').columns(['team', 'start_at', 'id']).execute();
    },
  },
  {
    version: 4,
    name: 'token revocation',
    async up(db: Schema) {
      // Null: valid. Existing tokens stay valid.
      await db.schema.alterTable('tokens').addColumn('revoked_at', 'bigint').execute();
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((m, x) => Math.max(m, x.version), 0);

/** An arbitrary, fixed key for PostgreSQL's advisory lock: "skyfleet migrate" as two 32-bit halves. */
const PG_LOCK_KEY = [0x736b7966, 0x6d696772] as const;

/** Applies the migrations not yet applied, up to `target` (default: all), each in its own transaction.
 * `migrations` is for tests (a migration that fails must leave nothing behind). */
export async function migrate(
  backend: SqlBackend,
  o: { readonly target?: number; readonly migrations?: readonly Migration[] } = {},
): Promise<void> {
  const list = o.migrations ?? MIGRATIONS;
  const known = list.reduce((m, x) => Math.max(m, x.version), 0);
  const target = o.target ?? known;
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (m.version > target) break;
    await backend.write(async (trx) => {
      if (backend.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY[0]}, ${PG_LOCK_KEY[1]})`.execute(trx);
      await trx.schema
        .createTable('skyfleet_migrations')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      const applied = await trx.selectFrom('skyfleet_migrations').select('version').execute();
      const newest = applied.reduce((x, r) => Math.max(x, r.version), 0);
      if (newest > known) throw new StoreError('store.newer-schema', { version: newest, known });
      if (applied.some((r) => r.version === m.version)) return;
      await m.up(trx, backend.dialect);
      await trx
        .insertInto('skyfleet_migrations')
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
    });
  }
}

/** The versions applied, in order (for tests and `docs/store.md`'s upgrade story). */
export async function appliedVersions(backend: SqlBackend): Promise<number[]> {
  const rows = await backend.db.selectFrom('skyfleet_migrations').select('version').orderBy('version').execute();
  return rows.map((r) => r.version);
}
