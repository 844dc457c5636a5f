import type { Filter } from './filter.js';

export const tierAllowed: Filter = {
  name: 'tier',
  regionBlind: true,
  rejects: ({ workload, pool }) => !workload.tiers.includes(pool.tier),
  check: ({ workload, pool }) =>
    workload.tiers.includes(pool.tier)
      ? undefined
      : `tier ${pool.tier} is not accepted (accepts ${workload.tiers.join(', ')})`,
};
