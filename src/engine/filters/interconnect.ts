import type { Filter } from './filter.js';

/** A gang must sit in one interconnect domain. */
export const interconnect: Filter = {
  name: 'interconnect',
  regionBlind: true,
  check: ({ workload, provider, gpus }) =>
    workload.kind === 'inference' || gpus <= provider.interconnectDomainGpus
      ? undefined
      : `gang of ${gpus} GPUs exceeds ${provider.id}'s largest interconnect domain (${provider.interconnectDomainGpus})`,
};
