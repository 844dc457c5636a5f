import type { Filter } from './filter.js';

export const throughputKnown: Filter = {
  name: 'throughput',
  regionBlind: true,
  check: ({ throughput, pool }) =>
    throughput !== undefined && throughput > 0
      ? undefined
      : `no throughput figure for ${pool.gpu} (give one in \`throughput:\`)`,
};
