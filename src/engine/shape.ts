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
  const instances = blockInstances(gpus, perInstance, multiNode);
  return instances === 0 ? undefined : { instances, replicas: blockReplicas(gpus, perInstance) };
}

/** `packing(…).instances` without building the object (compile asks this for every (item, pool) pair); 0 when the
 * replica does not fit. */
export function blockInstances(gpus: number, perInstance: number, multiNode: boolean): number {
  if (!(perInstance >= 1) || !(gpus > 0)) return 0;
  if (gpus <= perInstance) return 1;
  return multiNode ? Math.ceil(gpus / perInstance) : 0;
}

/** `packing(…).replicas` of a replica that fits (`blockInstances` > 0), without building the object. */
export function blockReplicas(gpus: number, perInstance: number): number {
  return gpus <= perInstance ? Math.floor(perInstance / gpus) : 1;
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

/**
 * Does a block of instances (its GPUs, the units it serves, its price per hour) do everything another block on the same
 * terms does (same provider, region, GPU, tier, contract, capacity groups), no dearer? Then n units on it never take
 * more GPUs nor cost more: ⌈n / units_a⌉ ≤ ⌈n / units_b⌉ blocks, each with no more GPUs and no higher price. On a full
 * tie `a` wins when `first` (the caller's tie-break).
 */
export function blockDominates(
  aGpus: number,
  aUnits: number,
  aPrice: number,
  bGpus: number,
  bUnits: number,
  bPrice: number,
  first: boolean,
): boolean {
  if (!(aGpus <= bGpus && aUnits >= bUnits && aPrice <= bPrice)) return false;
  return first || aGpus < bGpus || aUnits > bUnits || aPrice < bPrice;
}

/** Indexes (into `blocks`) of the blocks no other block of the same `terms` (`termsOfPools`) dominates (`blockDominates`), in order;
 * `by` gets, for each dropped one, the index of a block that dominates it. On a full tie the block of larger instances
 * (`perInstance`: fewer nodes for a gang) is kept, then the earlier one. */
export function undominatedBlocks(
  blocks: readonly { terms: number; gpus: number; units: number; price: number; perInstance: number }[],
  by?: Map<number, number>,
): number[] {
  const out: number[] = [];
  // Only blocks on the same terms can dominate each other: compare within each group (indexes ascending, so the
  // first dominator found is the same as in a scan of every block).
  const sameTerms = new Map<number, number[]>();
  for (let j = 0; j < blocks.length; j++) {
    const t = blocks[j]!.terms;
    const g = sameTerms.get(t);
    if (g) g.push(j);
    else sameTerms.set(t, [j]);
  }
  for (let j = 0; j < blocks.length; j++) {
    const b = blocks[j]!;
    const group = sameTerms.get(b.terms)!;
    let dominator = -1;
    for (let k = 0; k < group.length && dominator < 0; k++) {
      const i = group[k]!;
      const a = blocks[i]!;
      if (
        i !== j &&
        blockDominates(
          a.gpus,
          a.units,
          a.price,
          b.gpus,
          b.units,
          b.price,
          a.perInstance > b.perInstance || (a.perInstance === b.perInstance && i < j),
        )
      )
        dominator = i;
    }
    if (dominator < 0) out.push(j);
    else by?.set(j, dominator);
  }
  return out;
}

/** Per pool, a number shared exactly by the pools on the same terms — provider, region, GPU, tier, contract, reserved
 * block, capacity groups and commitment terms per bucket — which differ only in instance shape and price. */
export function termsOfPools(
  pools: readonly {
    provider: string;
    region: string;
    gpu: string;
    tier: string;
    contractId?: string | undefined;
    blockId?: string | undefined;
    groups: readonly number[];
    burns: readonly number[];
  }[],
): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(pools.length);
  pools.forEach((p, i) => {
    const key = [
      p.provider,
      p.region,
      p.gpu,
      p.tier,
      p.contractId ?? '',
      p.blockId ?? '',
      p.groups.join(','),
      p.burns.join(','),
    ].join('|');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    out[i] = id;
  });
  return out;
}
