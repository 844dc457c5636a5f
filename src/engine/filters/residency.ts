import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

/** Policy residency rules: work of a covered class, team or id may only run in the listed geographies. */
export const residency: Filter = {
  name: 'residency',
  check: ({ workload, pool, policy }) => {
    for (const rule of policy.residency) {
      const covers = rule.appliesTo.some(
        (a) => a === '*' || a === workload.class || a === workload.team || a === workload.id,
      );
      if (covers && !rule.geos.includes(pool.geo)) {
        return reason('filter.residency', 'residency', {
          class: workload.class,
          geos: [...rule.geos],
          region: pool.region,
          regionGeo: pool.geo,
        });
      }
    }
    return undefined;
  },
};
