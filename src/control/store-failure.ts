/**
 * A store that failed to answer during a call, as data at the port: the store adapters (src/store) throw their
 * StoreError, whose shape is `StoreFailure` when its code is one of `STORE_FAILURE_CODES`; the server (src/server,
 * which may not import src/store) recognises it by that shape and answers 503/507 (docs/api.md). One definition of
 * the shape: this interface, which StoreError implements.
 *   store.unreachable  the database does not answer (PostgreSQL down, restarted, connection reset or refused)
 *   store.busy         SQLite: another process held the write lock beyond the busy timeout
 *   store.disk-full    the database's disk is full (SQLite SQLITE_FULL, PostgreSQL 53100)
 *   store.io-error     the database file cannot be read or written (SQLite SQLITE_IOERR*)
 * The params never hold a password: `url` is the store's location as messages show it (password as ***).
 */
export const STORE_FAILURE_CODES = ['store.unreachable', 'store.busy', 'store.disk-full', 'store.io-error'] as const;
export type StoreFailureCode = (typeof STORE_FAILURE_CODES)[number];

/** The shape of a store error (src/store/store-error.ts's StoreError). */
export interface StoreErrorShape extends Error {
  readonly name: 'StoreError';
  readonly code: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A store error that says the store failed, not the call: the database did not answer, or its disk did not. */
export interface StoreFailure extends StoreErrorShape {
  readonly code: StoreFailureCode;
}

const FAILURE_CODES: ReadonlySet<string> = new Set(STORE_FAILURE_CODES);

/** `e` as a store failure, or undefined. */
export function asStoreFailure(e: unknown): StoreFailure | undefined {
  if (!(e instanceof Error) || e.name !== 'StoreError') return undefined;
  const { code, params } = e as Partial<StoreErrorShape>;
  if (typeof code !== 'string' || !FAILURE_CODES.has(code)) return undefined;
  if (typeof params !== 'object' || params === null) return undefined;
  return e as StoreFailure;
}
