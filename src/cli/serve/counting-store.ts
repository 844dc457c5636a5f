/** A Store that counts the placements it commits: applied changes into `placed`, and workloads created already
 * placed (a submission's admission and first evaluation, committed with it: Store.createWorkloads' steps). The metric
 * `skyfleet_placements_total`, whichever path placed the work (a submission's evaluation or the reconcile loop). A service placed as replica
 * groups holds no placement of its own: its groups' placements count, not the service following them. */
import type { Store } from '../../control/ports.js';

export function countingPlacements(store: Store, onPlaced: (n: number) => void): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'applyChanges')
        return async (changes: Parameters<Store['applyChanges']>[0]) => {
          const r = await target.applyChanges(changes);
          const placed = r.applied.filter((w) => w.state === 'placed' && w.placement !== null).length;
          if (placed > 0) onPlaced(placed);
          return r;
        };
      if (prop === 'createWorkloads')
        return async (ws: Parameters<Store['createWorkloads']>[0]) => {
          const r = await target.createWorkloads(ws);
          const placed = r.filter(
            (x) => x.created && x.workload.state === 'placed' && x.workload.placement !== null,
          ).length;
          if (placed > 0) onPlaced(placed);
          return r;
        };
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
