import type { Scorer } from './scorer.js';

/** The workload lists GPUs in order of preference: each step down the list costs 1% of the list cost. */
export const gpuPreference: Scorer = {
  name: 'gpu-preference',
  score: ({ workload, pool }, listCost) => Math.max(0, workload.gpus.indexOf(pool.gpu)) * 0.01 * listCost,
};
