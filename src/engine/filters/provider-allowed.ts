import type { Filter } from './filter.js';

export const providerAllowed: Filter = {
  name: 'provider',
  regionBlind: true,
  rejects: ({ workload, pool }) => workload.providers !== undefined && !workload.providers.includes(pool.provider),
  check: ({ workload, pool }) =>
    !workload.providers || workload.providers.includes(pool.provider)
      ? undefined
      : `provider ${pool.provider} is not in the workload's providers (${workload.providers.join(', ')})`,
};
