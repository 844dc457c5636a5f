import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const throughputKnown: Filter = {
  name: 'throughput',
  regionBlind: true,
  check: ({ throughput, pool }) =>
    throughput !== undefined && throughput > 0
      ? undefined
      : reason('filter.throughput', 'throughput', { gpu: pool.gpu }),
};
