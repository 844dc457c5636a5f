/**
 * A filter is a hard constraint: one small stateless plugin with a name, asked "can this item go on this pool?".
 * Its answer is data: undefined (feasible) or a reason, recorded as `{filter, reason}` so that "why not here?" can
 * always be answered (the Kubernetes scheduler framework's Filter plugins; Nomad's feasibility checkers).
 */
import type { Contract, Policy, ProviderSpec, Workload } from '../../core/types.js';
import type { Pool } from '../problem.js';

export interface FilterContext {
  readonly workload: Workload;
  /** Inference: the geography this item serves. */
  readonly geo: string | undefined;
  readonly pool: Pool;
  readonly provider: ProviderSpec;
  readonly contracts: readonly Contract[];
  readonly policy: Policy;
  /** Throughput of the pool's GPU relative to H100 for this workload (undefined = unknown). */
  readonly throughput: number | undefined;
  /** GPUs the item occupies on this pool (per unit for inference), rounded to whole instances for gangs. */
  readonly gpus: number;
  /** Start and end (epoch ms) of the item on this pool. */
  readonly start: number;
  readonly end: number;
  /** Static capacity of the pool (its tightest group) in each bucket the item is active in. */
  readonly minCapacity: number;
  /** Buckets [first, last] the item is active in on this pool, and its hours from start to finish. */
  readonly first: number;
  readonly last: number;
  readonly durationHours: number;
}

export interface Filter {
  readonly name: string;
  /** Undefined when the pair is feasible, else the reason in words. */
  check(ctx: FilterContext): string | undefined;
  /** Optional fast answer to "does check reject?" without building the words (for filters that reject often). */
  rejects?(ctx: FilterContext): boolean;
  /** True when the answer never depends on the pool's region, geography or price, only on its provider, GPU, tier,
   * instance size, capacity groups and contract terms: then compile asks once for all the pools that differ only in
   * region and price. Leave unset when in doubt (the filter is then asked for every pool). */
  readonly regionBlind?: boolean;
}

export interface Rejection {
  readonly filter: string;
  readonly reason: string;
  readonly pool: string;
}
