/**
 * A SQL store's port methods wrapped so that a driver failure (the database down, reset, busy, its disk full) leaves
 * them as its StoreError (driver-failure.ts). Used by sql-store.ts's constructor.
 */
import type { Store } from '../control/ports.js';
import { driverFailure } from './driver-failure.js';

/** The Store port's methods (every one async): the calls a driver failure can escape from. */
const PORT_METHODS = [
  'migrate',
  'close',
  'createWorkload',
  'createWorkloads',
  'getWorkload',
  'listWorkloads',
  'applyChanges',
  'listEvents',
  'putToken',
  'findTokenByHash',
  'revokeToken',
  'listTokens',
  'putTeam',
  'getTeam',
  'listTeams',
  'putUsage',
  'listUsage',
  'getMeta',
  'setMeta',
] as const satisfies readonly (keyof Store)[];

/** The port's methods of `store`, on `store`, with a driver error that says the database failed (down, reset, busy,
 * disk full) rethrown as its StoreError (driver-failure.ts): the one place the SQL store translates them. Only the
 * port's methods are wrapped — what they call inside (write, the fast path) throws through them — so a submission's
 * few store calls pay one rejection handler each, nothing on the way in. */
export function translatingFailures(store: Store, proto: Store, url: string): void {
  const self = store as unknown as Record<string, unknown>;
  const fail = (e: unknown): never => {
    throw driverFailure(e, url);
  };
  for (const name of PORT_METHODS) {
    const method = proto[name] as (...args: unknown[]) => Promise<unknown>;
    self[name] = (...args: unknown[]): Promise<unknown> => method.apply(store, args).catch(fail);
  }
}
