/**
 * PostgreSQL through pg's Pool and Kysely. BIGINT (epoch ms, cents) is read as a number, not pg's default string:
 * every value the store keeps is below 2^53. A write is one READ COMMITTED transaction; the store locks the rows
 * it changes (SELECT … FOR UPDATE in id order) and checks their version in `UPDATE … WHERE id = ? AND version = ?`.
 * `schema`, when given (SCHEMA_NAME), is the search path of every connection (open-store.ts creates it if missing;
 * tests run each in a schema of their own).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { SqlBackend } from './backend.js';
import type { Db } from './schema.js';

const INT8_OID = 20;
/** Connections per store: the control plane is one process; the applier's batches are short. */
const POOL_SIZE = 10;
/** How long a request waits for a connection to PostgreSQL (new or pooled) before the store answers unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (v: string) => Number(v);
    // biome-ignore lint/suspicious/noExplicitAny: pg's own overloads do not accept the union
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

export interface PostgresOptions {
  readonly connectionString: string;
  readonly schema?: string;
  /** CONNECT_TIMEOUT_MS unless given (tests). */
  readonly connectTimeoutMs?: number;
}

export function openPostgresBackend(o: PostgresOptions): SqlBackend {
  const pool = new pg.Pool({
    connectionString: o.connectionString,
    max: POOL_SIZE,
    // A database host that drops packets instead of refusing them: a new connection (or the wait for a pooled one)
    // fails after CONNECT_TIMEOUT_MS as store.unreachable (driver-failure.ts) rather than hanging the request; TCP
    // keep-alive finds a connection that died silently.
    connectionTimeoutMillis: o.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
    ...(o.schema === undefined ? {} : { options: `-c search_path=${o.schema}` }),
  });
  // An idle connection that dies (the server restarts) must not end the process: the next query reports it.
  pool.on('error', () => undefined);
  // Nor one that dies under a query: pg rejects the query (the store answers store.unreachable, driver-failure.ts)
  // and also emits 'error' on the client, which pg-pool does not listen to while the client is checked out — an
  // uncaught exception that would end `serve`. The pool drops the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    write: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

/** A schema name the store accepts: it goes into a connection option and into DDL unquoted. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
