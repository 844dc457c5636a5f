/**
 * What the SQL store needs of a database, the one place where SQLite and PostgreSQL differ in how they run work:
 * a Kysely instance for reads, and write transactions with the semantics the store's rules need
 * (sqlite-backend.ts: BEGIN IMMEDIATE; postgres-backend.ts: READ COMMITTED with rows locked in id order).
 */
import type { Kysely } from 'kysely';
import type { Db, Dialect } from './schema.js';

export interface SqlBackend {
  readonly dialect: Dialect;
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
