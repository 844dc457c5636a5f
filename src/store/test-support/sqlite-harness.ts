/** A StoreHarness over a SQLite file in a temporary folder of its own, removed by dispose. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../control/ports.js';
import { openStore } from '../open-store.js';
import type { StoreHarness } from './store-contract.js';

export async function sqliteHarness(
  url = (dir: string) => `sqlite:${join(dir, 'test.db')}`,
): Promise<StoreHarness & { readonly dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-store-'));
  const handles: Store[] = [];
  const open = async (): Promise<Store> => {
    const s = await openStore(url(dir), { dir });
    handles.push(s);
    await s.migrate();
    return s;
  };
  const store = await open();
  return {
    dir,
    store,
    another: open,
    dispose: async () => {
      for (const h of handles) await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
