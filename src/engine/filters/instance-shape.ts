import { reason } from '../../core/codes.js';
import type { Filter } from './filter.js';
import { blockInstances, multiNodeOf, packing, replicaGpusOf } from '../shape.js';

/**
 * A replica (inference) or a gang (training, batch) must fit the pool's instance shape: on ONE instance with at least
 * its GPUs, or — where the workload allows multi-node replicas (training always; batch unless `multiNode: false`;
 * inference only with `multiNode: true`) — on whole instances that together sit in one interconnect domain.
 */
export const instanceShape: Filter = {
  name: 'instance-shape',
  regionBlind: true,
  rejects: ({ workload, pool, provider, gpus }) => {
    const per = pool.gpusPerInstance;
    const instances = blockInstances(replicaGpusOf(workload, gpus), per, multiNodeOf(workload));
    if (instances === 0) return true;
    return workload.kind === 'inference' && instances > 1 && instances * per > provider.interconnectDomainGpus;
  },
  check: ({ workload, pool, provider, gpus }) => {
    const need = replicaGpusOf(workload, gpus);
    const per = pool.gpusPerInstance;
    const pack = packing(need, per, multiNodeOf(workload));
    if (workload.kind !== 'inference') {
      // A gang that may span instances is the interconnect filter's business (whole instances in one domain).
      return pack
        ? undefined
        : reason('filter.instance-shape.gang', 'instance-shape', {
            gang: workload.gpuCount,
            instanceType: pool.instanceType,
            perInstance: per,
          });
    }
    if (!pack)
      return reason('filter.instance-shape.replica', 'instance-shape', {
        needs: need,
        instanceType: pool.instanceType,
        perInstance: per,
      });
    if (pack.instances > 1 && pack.instances * per > provider.interconnectDomainGpus) {
      return reason('filter.instance-shape.domain', 'instance-shape', {
        needs: need,
        instances: pack.instances,
        instanceType: pool.instanceType,
        gpus: pack.instances * per,
        provider: provider.id,
        largestDomain: provider.interconnectDomainGpus,
      });
    }
    return undefined;
  },
};
