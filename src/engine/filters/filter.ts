/**
 * A filter is a hard constraint: one small stateless plugin with a name, asked "can this item go on this pool?".
 * Its answer is data: undefined (feasible) or a `Reason` (`{code, source, params}`, codes from src/core/codes.ts),
 * recorded with the pool so that "why not here?" can always be answered (the Kubernetes scheduler framework's Filter
 * plugins; Nomad's feasibility checkers). The words are made at the edge (src/messages).
 */
import { reason, type FilterName, type Reason, type RejectionSource } from '../../core/codes.js';
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
  /** The source of every reason it gives. */
  readonly name: FilterName;
  /** Undefined when the pair is feasible, else the reason as data. */
  check(ctx: FilterContext): Reason | undefined;
  /** Optional fast answer to "does check reject?" without building the reason (for filters that reject often). */
  rejects?(ctx: FilterContext): boolean;
  /** True when the answer never depends on the pool's region, geography or price, only on its provider, GPU, tier,
   * instance size, capacity groups and contract terms: then compile asks once for all the pools that differ only in
   * region and price. Leave unset when in doubt (the filter is then asked for every pool). */
  readonly regionBlind?: boolean;
}

/** A pool a filter (or compile's dominance pruning, `dominated`) kept an item off, and why. */
export interface Rejection {
  readonly filter: RejectionSource;
  readonly pool: string;
  readonly reason: Reason;
}

/** The record of a rejection; a filter whose fast `rejects` said yes always gives a reason, so the fallback
 * (`rejected.<filter>`, no params) is never expected. */
export function rejection(filter: RejectionSource, why: Reason | undefined, pool: string): Rejection {
  return { filter, pool, reason: why ?? reason(`rejected.${filter}`, filter) };
}
