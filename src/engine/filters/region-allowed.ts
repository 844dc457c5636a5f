import type { Filter } from './filter.js';

export const regionAllowed: Filter = {
  name: 'region',
  rejects: ({ workload, pool }) => workload.regions !== undefined && !workload.regions.includes(pool.region),
  check: ({ workload, pool }) =>
    !workload.regions || workload.regions.includes(pool.region)
      ? undefined
      : `region ${pool.region} is not in the workload's regions (${workload.regions.join(', ')})`,
};
