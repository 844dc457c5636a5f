import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const providerAllowed: Filter = {
  name: 'provider',
  regionBlind: true,
  rejects: ({ workload, pool }) => workload.providers !== undefined && !workload.providers.includes(pool.provider),
  check: ({ workload, pool }) =>
    !workload.providers || workload.providers.includes(pool.provider)
      ? undefined
      : reason('filter.provider', 'provider', { provider: pool.provider, accepts: [...workload.providers] }),
};
