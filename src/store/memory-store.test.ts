/** The Store contract suite on the memory adapter: handles sharing one MemoryData are the "second connection". */
import type { Store } from '../control/ports.js';
import { MemoryStore, newMemoryData } from './memory-store.js';
import { storeContract } from './test-support/store-contract.js';

storeContract('memory', async () => {
  const data = newMemoryData();
  const handles: Store[] = [];
  const open = async (): Promise<Store> => {
    const s = new MemoryStore(data);
    await s.migrate();
    handles.push(s);
    return s;
  };
  const store = await open();
  return {
    store,
    another: open,
    dispose: async () => {
      for (const h of handles) await h.close();
    },
  };
});
