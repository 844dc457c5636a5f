import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

/** Static capacity: even with nothing else placed, the pool must hold the gang in every bucket the item runs in. */
export const capacity: Filter = {
  name: 'capacity',
  regionBlind: true,
  check: ({ workload, gpus, minCapacity }) =>
    workload.kind === 'inference'
      ? minCapacity > 0
        ? undefined
        : reason('filter.capacity.service', 'capacity')
      : gpus <= minCapacity
        ? undefined
        : reason('filter.capacity', 'capacity', { needs: gpus, largestPool: minCapacity }),
};
