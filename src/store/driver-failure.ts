/**
 * A database driver's error during a store call, as a StoreError the server understands (src/control/store-failure.ts)
 * when it says the database failed rather than the call:
 *   - PostgreSQL (pg): the connection refused, reset, timed out or cut (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE,
 *     EHOSTUNREACH, ENETUNREACH, "Connection terminated…"), SQLSTATE class 08 (connection exception), 57P01/57P02/
 *     57P03 (the server shutting down, crashed, or starting) and class 53 (insufficient resources) → store.unreachable,
 *     except 53100 (disk full) → store.disk-full;
 *   - SQLite (better-sqlite3): SQLITE_BUSY* (after the busy timeout) → store.busy, SQLITE_FULL → store.disk-full,
 *     SQLITE_IOERR* → store.io-error.
 * Anything else — a constraint the store already turns into its own code, a StoreError, a bug — is returned as it is.
 * `url` is the store as messages show it (no password); the reason is the driver's message with any password in a
 * URL replaced by ***.
 */
import type { StoreFailureCode } from '../control/store-failure.js';
import { StoreError } from './store-error.js';

const NODE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PG_UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03']);
const PG_DISK_FULL = '53100';

function failureCode(e: Error & { code?: unknown }): StoreFailureCode | undefined {
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return 'store.busy';
    if (code === 'SQLITE_FULL') return 'store.disk-full';
    if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) return 'store.io-error';
    return undefined;
  }
  if (NODE_CONNECTION_CODES.has(code)) return 'store.unreachable';
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (code === PG_DISK_FULL) return 'store.disk-full';
    if (code.startsWith('08') || code.startsWith('53') || PG_UNREACHABLE_STATES.has(code)) return 'store.unreachable';
    return undefined;
  }
  // pg's own words when the socket ends under a query or a pooled client ("Connection terminated unexpectedly",
  // "Connection terminated due to connection timeout", "Client has encountered a connection error and is not
  // queryable"), or a timeout acquiring a connection.
  if (
    /^Connection terminated|connection error and is not queryable|^timeout exceeded when trying to connect/i.test(
      e.message,
    )
  )
    return 'store.unreachable';
  return undefined;
}

/** Any `scheme://user:password@` in `text` with the password as ***. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s@/]*@/gi, '$1***@');
}

/** The driver error `e` as a StoreError when it is a failure of the database; otherwise `e` itself. */
export function driverFailure(e: unknown, url: string): unknown {
  if (!(e instanceof Error) || e instanceof StoreError) return e;
  const code = failureCode(e as Error & { code?: unknown });
  if (code === undefined) return e;
  const driverCode = (e as { code?: unknown }).code;
  const message = e.message === '' ? String(driverCode ?? e.name) : e.message;
  const reason =
    typeof driverCode === 'string' && !message.includes(driverCode) ? `${message} (${driverCode})` : message;
  return new StoreError(code, { url: redactUrls(url), reason: redactUrls(reason) });
}
