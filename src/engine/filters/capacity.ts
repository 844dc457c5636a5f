import type { Filter } from './filter.js';

/** Static capacity: even with nothing else placed, the pool must hold the gang in every bucket the item runs in. */
export const capacity: Filter = {
  name: 'capacity',
  regionBlind: true,
  check: ({ workload, gpus, minCapacity }) =>
    workload.kind === 'inference'
      ? minCapacity > 0
        ? undefined
        : 'no capacity while the service runs'
      : gpus <= minCapacity
        ? undefined
        : `needs ${gpus} GPUs; the pool has at most ${minCapacity} while the job runs`,
};
