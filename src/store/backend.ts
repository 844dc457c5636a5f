/**
 * What the SQL store needs of a database, the one place where SQLite and PostgreSQL differ in how they run work:
 * a Kysely instance for reads, and write transactions with the semantics the store's rules need
 * (sqlite-backend.ts: BEGIN IMMEDIATE; postgres-backend.ts: READ COMMITTED with rows locked in id order).
 */
import type { Kysely } from 'kysely';
import type { Db, Dialect } from './schema.js';

/** A prepared statement of the SQLite driver, as the store's hot path uses it (better-sqlite3's, by its shape). */
export interface NativeStatement {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
}

/** SQLite only: write transactions run synchronously on the driver with prepared statements, no query building
 * (sql-fast-path.ts; the same transaction rules as `write`). */
export interface NativeWriter {
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE … COMMIT; ROLLBACK when it throws) in one synchronous
   * step, after the write transactions queued before it in this process. `prepare` answers a statement prepared
   * once per connection. */
  writeSync<T>(fn: (prepare: (sql: string) => NativeStatement) => T): Promise<T>;
}

export interface SqlBackend {
  readonly dialect: Dialect;
  /** SQLite: the synchronous write path of the hot statements; absent for PostgreSQL. */
  readonly native?: NativeWriter;
  /** For reads (a read sees only committed data). */
  readonly db: Kysely<Db>;
  /** Runs `fn` in one write transaction: committed when it resolves, rolled back when it throws. */
  write<T>(fn: (trx: Kysely<Db>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A unique constraint refused a write (SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
