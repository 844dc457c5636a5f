import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const tierAllowed: Filter = {
  name: 'tier',
  regionBlind: true,
  rejects: ({ workload, pool }) => !workload.tiers.includes(pool.tier),
  check: ({ workload, pool }) =>
    workload.tiers.includes(pool.tier)
      ? undefined
      : reason('filter.tier', 'tier', { tier: pool.tier, accepts: [...workload.tiers] }),
};
