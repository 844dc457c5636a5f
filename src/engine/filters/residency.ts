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
        return `residency: ${workload.class} must stay in ${rule.geos.join(', ')}; ${pool.region} is ${pool.geo}`;
      }
    }
    return undefined;
  },
};
