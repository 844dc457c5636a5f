import type { Filter } from './filter.js';

export const tierAllowed: Filter = {
  name: 'tier',
  check: ({ workload, pool }) =>
    workload.tiers.includes(pool.tier) ? undefined : `tier ${pool.tier} is not accepted (accepts ${workload.tiers.join(', ')})`,
};
