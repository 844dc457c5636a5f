/**
 * `--store URL` → a Store. The URL forms (docs/store.md):
 *   (none)                       SQLite at `.skyfleet/skyfleet.db` under `dir` (where `serve` runs); the folder is made
 *   sqlite:PATH, or a plain path SQLite at PATH (relative to `dir`), WAL with synchronous=NORMAL: kill -9 loses no
 *                                commit; `sqlite:PATH?synchronous=full` also keeps the last commits through a power cut
 *   postgres://… postgresql://…  PostgreSQL (a pg Pool); `?schema=NAME` keeps the tables in that schema (made if missing)
 *   memory:                      in memory, gone with the process (tests, demos)
 * Anything else is `store.url-invalid`; a database that cannot be opened or reached is `store.unreachable`. The store
 * is opened, not migrated: the caller runs `migrate()`.
 */
import { isAbsolute, join } from 'node:path';
import { sql } from 'kysely';
import type { Store } from '../control/ports.js';
import { MemoryStore } from './memory-store.js';
import { openPostgresBackend, SCHEMA_NAME } from './postgres-backend.js';
import { openSqliteBackend, type SqliteSynchronous } from './sqlite-backend.js';
import { SqlStore } from './sql-store.js';
import { StoreError } from './store-error.js';

/** Where `serve` keeps its SQLite file by default, relative to the folder it runs in. */
export const DEFAULT_STORE_FILE = join('.skyfleet', 'skyfleet.db');

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string; readonly synchronous: SqliteSynchronous }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema?: string; readonly display: string }
  | { readonly kind: 'memory' };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Reads a --store URL (undefined: the default file), relative paths against `dir`. */
export function resolveStoreUrl(url: string | undefined, dir: string): StoreLocation {
  const bad = (): StoreError => new StoreError('store.url-invalid', { url: url ?? '' });
  const file = (path: string, synchronous: SqliteSynchronous = 'normal'): StoreLocation => {
    if (path === '') throw bad();
    return { kind: 'sqlite', path: isAbsolute(path) ? path : join(dir, path), synchronous };
  };
  if (url === undefined || url.trim() === '') return file(DEFAULT_STORE_FILE);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  // One letter before the colon is a Windows drive (C:\…), a path.
  if (scheme === undefined || scheme.length === 1) return file(url);
  if (scheme === 'memory') {
    if (url.slice('memory:'.length) !== '') throw bad();
    return { kind: 'memory' };
  }
  if (scheme === 'sqlite') {
    let rest = url.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2); // sqlite:///abs/path and sqlite://rel/path
    const q = rest.indexOf('?');
    if (q < 0) return file(rest);
    const params = new URLSearchParams(rest.slice(q + 1));
    const sync = params.get('synchronous')?.toLowerCase() ?? 'normal';
    if ([...params.keys()].some((k) => k !== 'synchronous') || (sync !== 'full' && sync !== 'normal')) throw bad();
    return file(rest.slice(0, q), sync);
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw bad();
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw bad();
    parsed.searchParams.delete('schema');
    const display = new URL(parsed.href);
    if (display.password !== '') display.password = '***';
    return {
      kind: 'postgres',
      connectionString: parsed.href,
      ...(schema === undefined ? {} : { schema }),
      display: display.href,
    };
  }
  throw bad();
}

/** What a location is called in messages: the file, or the URL without its password. */
export function describeStore(loc: StoreLocation): string {
  return loc.kind === 'sqlite' ? loc.path : loc.kind === 'postgres' ? loc.display : 'memory:';
}

/** Opens the store at `url` (see the top of this file) and checks that it answers. */
export async function openStore(url: string | undefined, o: { readonly dir: string }): Promise<Store> {
  const loc = resolveStoreUrl(url, o.dir);
  if (loc.kind === 'memory') return new MemoryStore();
  const unreachable = (e: unknown): StoreError =>
    new StoreError('store.unreachable', {
      url: describeStore(loc),
      reason: e instanceof Error ? e.message : String(e),
    });
  if (loc.kind === 'sqlite') {
    try {
      return new SqlStore(openSqliteBackend(loc.path, loc.synchronous), describeStore(loc));
    } catch (e) {
      throw unreachable(e);
    }
  }
  const backend = openPostgresBackend({
    connectionString: loc.connectionString,
    ...(loc.schema === undefined ? {} : { schema: loc.schema }),
  });
  try {
    if (loc.schema !== undefined) await sql.raw(`create schema if not exists ${loc.schema}`).execute(backend.db);
    else await sql`select 1`.execute(backend.db);
  } catch (e) {
    await backend.close();
    throw unreachable(e);
  }
  return new SqlStore(backend, describeStore(loc));
}
