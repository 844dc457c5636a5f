/**
 * SQLite through better-sqlite3 and Kysely. The file is opened in WAL mode with `synchronous = NORMAL` by default
 * (docs/store.md says why: a commit is in the WAL before it returns, so kill -9 of the process loses nothing; only
 * a power cut or an OS crash can lose the last commits, never corrupt the file; FULL, on request, fsyncs each
 * commit: ~140 submissions a second instead of ~1,670 on this machine, bench/RESULTS-store.md), with a busy timeout
 * for writers of other processes and prepared statements kept in a small cache. A write transaction starts with
 * BEGIN IMMEDIATE: it takes the file's write lock before it reads, so two writers never both read version n and
 * both write n + 1. In one process, writers to the same file (several handles) first queue on an in-process lock
 * per file: better-sqlite3 is synchronous, so a second connection waiting for SQLite's lock would block the thread
 * that holds it.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { NativeStatement, SqlBackend } from './backend.js';
import type { Db } from './schema.js';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;
/** Distinct statements kept prepared (statement shapes vary with batch sizes, so the cache is bounded). */
const STATEMENT_CACHE = 256;

export type SqliteSynchronous = 'full' | 'normal';

/** A FIFO lock: run() waits for the runs before it. */
class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** One write lock per database file in this process, by its real path. */
const FILE_LOCKS = new Map<string, Lock>();

function lockFor(path: string): Lock {
  let lock = FILE_LOCKS.get(path);
  if (!lock) {
    lock = new Lock();
    FILE_LOCKS.set(path, lock);
  }
  return lock;
}

/** better-sqlite3 with its prepared statements cached by SQL text (Kysely prepares each query anew). */
function cachedDatabase(db: Database.Database): { prepare(sql: string): Database.Statement; close(): void } {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt === undefined) {
        stmt = db.prepare(text);
        if (cache.size >= STATEMENT_CACHE) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        cache.set(text, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
}

export function openSqliteBackend(path: string, synchronous: SqliteSynchronous = 'normal'): SqlBackend {
  mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  const lock = lockFor(realpathSync(path));
  const cached = cachedDatabase(raw);
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cached }) });
  const prepare = (text: string): NativeStatement => cached.prepare(text);
  const begin = raw.prepare('begin immediate');
  const commit = raw.prepare('commit');
  const rollback = raw.prepare('rollback');
  return {
    dialect: 'sqlite',
    db,
    // The hot path: the whole transaction in one synchronous step (better-sqlite3 is synchronous), so no other
    // statement of this process — a read through Kysely on the same connection — can run inside it.
    native: {
      writeSync: (fn) =>
        lock.run(async () => {
          begin.run();
          try {
            const result = fn(prepare);
            commit.run();
            return result;
          } catch (e) {
            if (raw.inTransaction) rollback.run();
            throw e;
          }
        }),
    },
    write: (fn) =>
      lock.run(() =>
        db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (e) {
            // SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY…): a second
            // rollback would fail and hide the error that matters.
            if (raw.inTransaction) await sql`rollback`.execute(conn);
            throw e;
          }
        }),
      ),
    close: () => lock.run(() => db.destroy()),
  };
}
