import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const regionAllowed: Filter = {
  name: 'region',
  rejects: ({ workload, pool }) => workload.regions !== undefined && !workload.regions.includes(pool.region),
  check: ({ workload, pool }) =>
    !workload.regions || workload.regions.includes(pool.region)
      ? undefined
      : reason('filter.region', 'region', { region: pool.region, accepts: [...workload.regions] }),
};
