import { reason } from '../../core/codes.js';
import type { Workload } from '../../core/types.js';
import type { Filter } from './filter.js';
import { blockInstances, multiNodeOf, packing, replicaGpusOf } from '../shape.js';

/**
 * A replica (inference) or a gang (training, batch) must fit the pool's instance shape: on ONE instance with at least
 * its GPUs, or — where the workload allows multi-node replicas (training always; batch unless `multiNode: false`;
 * inference only with `multiNode: true`) — on whole instances that together sit in one interconnect domain. A
 * workload that says on how many `nodes` it runs (a SkyPilot task's num_nodes) needs instances of exactly its GPUs
 * per node, as SkyPilot launches them.
 */

/** GPUs per node of a workload with `nodes`, when the pool's instances do not have exactly that many. */
function nodesMiss(workload: Workload, perInstance: number): number | undefined {
  if (workload.nodes === undefined) return undefined;
  const perNode = (workload.kind === 'inference' ? workload.gpusPerReplica : workload.gpuCount) / workload.nodes;
  return perInstance === perNode ? undefined : perNode;
}
export const instanceShape: Filter = {
  name: 'instance-shape',
  regionBlind: true,
  rejects: ({ workload, pool, provider, gpus }) => {
    const per = pool.gpusPerInstance;
    if (nodesMiss(workload, per) !== undefined) return true;
    const instances = blockInstances(replicaGpusOf(workload, gpus), per, multiNodeOf(workload));
    if (instances === 0) return true;
    return workload.kind === 'inference' && instances > 1 && instances * per > provider.interconnectDomainGpus;
  },
  check: ({ workload, pool, provider, gpus }) => {
    const need = replicaGpusOf(workload, gpus);
    const per = pool.gpusPerInstance;
    const perNode = nodesMiss(workload, per);
    if (perNode !== undefined && workload.nodes !== undefined)
      return reason('filter.instance-shape.nodes', 'instance-shape', {
        nodes: workload.nodes,
        perNode,
        instanceType: pool.instanceType,
        perInstance: per,
      });
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
