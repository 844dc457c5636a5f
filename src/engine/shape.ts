/**
 * Instance shapes: a placement pays for, and occupies, whole instances of its pool's instance type.
 *
 * A replica (or a gang) of k GPUs sits on ONE instance with at least k GPUs — one instance of g ≥ k GPUs then holds
 * ⌊g / k⌋ replicas — or, when the workload allows multi-node replicas, on ⌈k / g⌉ whole instances of its own.
 * The smallest whole-instance step of a placement is its *block*: `instances` instances holding `replicas` replicas.
 * compile.ts turns a block into a candidate's `replicaGpus` (the block's GPUs) and `unitsPerReplica` (the units of
 * demand the block serves), so that capacity (problem.ts `gpusForUnits`) and cost (`paidUnits`) count whole
 * instances. Pure.
 */
import type { Workload } from '../core/types.js';

export interface Packing {
  /** Whole instances in one block. */
  readonly instances: number;
  /** Replicas one block holds. */
  readonly replicas: number;
}

/** How replicas of `gpus` GPUs pack on instances of `perInstance` GPUs; undefined when one does not fit on a single
 * instance and may not span several. */
export function packing(gpus: number, perInstance: number, multiNode: boolean): Packing | undefined {
  if (!(perInstance >= 1) || !(gpus > 0)) return undefined;
  if (gpus <= perInstance) return { instances: 1, replicas: Math.floor(perInstance / gpus) };
  if (!multiNode) return undefined;
  return { instances: Math.ceil(gpus / perInstance), replicas: 1 };
}

/** May a replica (inference) or the gang (training, batch) of w span several instances? Training: always (a gang is
 * multi-node by nature); batch: unless `multiNode: false`; inference: only with `multiNode: true`. */
export function multiNodeOf(w: Workload): boolean {
  if (w.kind === 'training') return true;
  if (w.kind === 'batch') return w.multiNode ?? true;
  return w.multiNode ?? false;
}

/** GPUs of one replica of w: an inference replica's, else the gang's (`gang` when a trace gives the gang its own
 * size; for a gang compile and the simulator pass it rounded up to whole instances, which fits one instance exactly
 * when the gang does). */
export function replicaGpusOf(w: Workload, gang: number): number {
  return w.kind === 'inference' ? w.gpusPerReplica : gang;
}
