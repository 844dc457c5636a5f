/**
 * The composition of `skyfleet serve`: the store (`--store`, src/store/open-store.ts, migrated), the providers (every
 * provider of the sandbox cloud at `--sandbox`, or none), the control plane (src/app/control/control-plane.ts) over
 * them, and the task importer. The one place that knows every adapter.
 */
import { randomUUID } from 'node:crypto';
import { ControlPlane } from '../../app/control/control-plane.js';
import { ledgerService } from '../../app/ledger-service.js';
import { UserError } from '../../app/errors.js';
import { type Provider, ProviderError, type Store } from '../../control/ports.js';
import { connectSandbox } from '../../providers/sandbox-provider.js';
import { cachingTokens } from '../../server/token-cache.js';
import { openStore } from '../../store/open-store.js';
import { countingPlacements } from './counting-store.js';
import type { ServeOptions, ServeRuntime } from './runtime.js';
import { importTasks } from './task-importer.js';

/** A store error at start-up (a bad URL, a database that cannot be reached) is the user's: one line, exit 2. */
function asUserError(e: unknown): unknown {
  if (e instanceof Error && e.name === 'StoreError') {
    const code = (e as Error & { code: string }).code;
    const params = (e as Error & { params?: Record<string, unknown> }).params ?? {};
    const what = Object.entries(params)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
    return new UserError(
      `--store: ${e.message === code ? 'the store cannot be used' : e.message}${what ? ` (${what})` : ''} [${code}]`,
      2,
    );
  }
  return e;
}

/** Every provider of the sandbox at `url`; one that does not answer is the user's: one line, exit 2. */
async function sandboxProviders(url: string): Promise<Provider[]> {
  try {
    return await connectSandbox(url);
  } catch (e) {
    if (e instanceof ProviderError)
      throw new UserError(`--sandbox: ${e.message} (start one: skyfleet sandbox --config FILE) [${e.code}]`, 2);
    throw e;
  }
}

/** Where `serve` looks for the sandbox cloud when `--sandbox` is not given: `skyfleet sandbox`'s default port. */
export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:8471';

/** Without `--sandbox`: the sandbox at its default address when one answers there (the README's walk-through starts
 * it first), else no provider — said in one line, since work then waits for ever. */
async function defaultSandboxProviders(notes: string[]): Promise<Provider[]> {
  try {
    const providers = await connectSandbox(DEFAULT_SANDBOX_URL, { timeoutMs: 2_000 });
    notes.push(`using the sandbox cloud at ${DEFAULT_SANDBOX_URL} (${providers.length} providers)`);
    return providers;
  } catch {
    notes.push(
      `no provider: no sandbox answers at ${DEFAULT_SANDBOX_URL}; work will wait (start one: skyfleet sandbox --config FILE, or give --sandbox URL)`,
    );
    return [];
  }
}

/** What the control plane tells of itself (provider down, requeued, re-planned with its trigger, …): logged by serve. */
export type ControlEvent = { readonly kind: string; readonly [k: string]: unknown };

export async function openServeRuntime(
  o: ServeOptions,
  onPlaced: (n: number) => void,
  onEvent: (e: ControlEvent) => void = () => {},
): Promise<ServeRuntime> {
  let store: Store;
  try {
    store = await openStore(o.storeUrl, { dir: process.cwd() });
    await store.migrate();
  } catch (e) {
    throw asUserError(e);
  }
  const notes: string[] = [];
  let providers: Provider[];
  try {
    providers = o.sandboxUrl ? await sandboxProviders(o.sandboxUrl) : await defaultSandboxProviders(notes);
  } catch (e) {
    await store.close();
    throw e;
  }
  const control = new ControlPlane({
    store: countingPlacements(store, onPlaced),
    providers,
    clock: o.clock,
    fleet: o.fleet,
    newId: () => `w-${randomUUID()}`,
    onEvent,
  });
  return {
    notes,
    api: control,
    // Verified tokens are kept for a few seconds (server/token-cache.ts): no store read per request.
    accounts: cachingTokens(store),
    importTasks,
    ledger: ledgerService({ store, fleet: o.fleet, clock: o.clock }),
    tick: async () => {
      await control.tick();
    },
    close: () => store.close(),
  };
}
