import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';

/** A gang must sit in one interconnect domain. */
export const interconnect: Filter = {
  name: 'interconnect',
  regionBlind: true,
  check: ({ workload, provider, gpus }) =>
    workload.kind === 'inference' || gpus <= provider.interconnectDomainGpus
      ? undefined
      : reason('filter.interconnect', 'interconnect', {
          gang: gpus,
          provider: provider.id,
          largestDomain: provider.interconnectDomainGpus,
        }),
};
