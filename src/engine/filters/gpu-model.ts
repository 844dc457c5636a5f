import type { Filter } from './filter.js';

export const gpuModel: Filter = {
  name: 'gpu-model',
  regionBlind: true,
  rejects: ({ workload, pool }) => !workload.gpus.includes(pool.gpu),
  check: ({ workload, pool }) =>
    workload.gpus.includes(pool.gpu)
      ? undefined
      : `${pool.gpu} is not among the accepted GPUs (${workload.gpus.join(', ')})`,
};
