/** What `skyfleet serve` runs: the control plane's use cases, the accounts (tokens, teams), the reconcile loop's
 * step and the task importer, built by serve/wiring.ts from the flags. */
import type { ControlApi } from '../../app/control/api.js';
import type { LedgerService } from '../../app/ledger-service.js';
import type { Scenario } from '../../core/types.js';
import type { Clock } from '../../control/ports.js';
import type { AccountStore } from '../../server/tokens.js';
import type { TaskImporter } from '../../server/route.js';
import { resolveStoreUrl } from '../../store/open-store.js';
import { dirname, join } from 'node:path';

export interface ServeOptions {
  readonly fleet: Scenario;
  /** undefined: the default SQLite file (src/store/open-store.ts). */
  readonly storeUrl: string | undefined;
  readonly sandboxUrl?: string;
  readonly clock: Clock;
}

export interface ServeRuntime {
  readonly api: ControlApi;
  readonly accounts: AccountStore;
  readonly importTasks?: TaskImporter;
  /** The fleet's ledger over the store's usage records (GET /v1/ledger). */
  readonly ledger?: LedgerService;
  /** Lines for the user once serve listens (e.g. which sandbox it found), without the `skyfleet: ` prefix. */
  readonly notes: readonly string[];
  /** One step of the reconcile loop. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

/** The admin token's file: beside the SQLite file, or .skyfleet/admin-token where serve runs for another store. */
export function adminTokenFile(storeUrl: string | undefined, dir: string): string {
  const loc = resolveStoreUrl(storeUrl, dir);
  return loc.kind === 'sqlite' ? join(dirname(loc.path), 'admin-token') : join(dir, '.skyfleet', 'admin-token');
}
