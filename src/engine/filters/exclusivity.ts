import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

/** A contract's exclusivity clause: work of the class must go to that contract's provider. */
export const exclusivity: Filter = {
  name: 'exclusivity',
  regionBlind: true,
  check: ({ workload, pool, contracts, start }) => {
    for (const c of contracts) {
      if (c.exclusivity.includes(workload.class) && c.start <= start && start < c.end && c.provider !== pool.provider) {
        return reason('filter.exclusivity', 'exclusivity', {
          contract: c.id,
          class: workload.class,
          provider: c.provider,
        });
      }
    }
    return undefined;
  },
};
