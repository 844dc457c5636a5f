import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const gpuModel: Filter = {
  name: 'gpu-model',
  regionBlind: true,
  rejects: ({ workload, pool }) => !workload.gpus.includes(pool.gpu),
  check: ({ workload, pool }) =>
    workload.gpus.includes(pool.gpu)
      ? undefined
      : reason('filter.gpu-model', 'gpu-model', { gpu: pool.gpu, accepts: [...workload.gpus] }),
};
