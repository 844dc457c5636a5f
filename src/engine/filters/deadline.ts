import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

export const deadline: Filter = {
  name: 'deadline',
  regionBlind: true,
  check: ({ workload, end, pool }) => {
    if (workload.kind === 'inference' || workload.deadline === undefined || end <= workload.deadline) return undefined;
    const late = (end - workload.deadline) / 3_600_000;
    return reason('filter.deadline', 'deadline', { gpu: pool.gpu, lateHours: late });
  },
};
