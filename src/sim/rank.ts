/**
 * Picking the cheapest free candidate without pricing every one (branch and bound on a static order).
 *
 * A policy may declare `floor(world, c, bucket)`, a lower bound per hour on its cost for candidate c in that bucket,
 * whatever the state (policy.ts). The simulator compares candidates by cost(c, hours_c) where hours_c = H / rel_c
 * (a job: H = remaining H100 GPU-hours / gang size; an inference replica: cost of 1/rel replica-hours, H = 1), so
 * key_c = floor_c / rel_c bounds the compared quantity from below: compared_c >= key_c × H. Candidates are visited in
 * increasing key order (pool order on equal keys) and the scan stops at the first key with key × H × (1 − 1e-9) above
 * the best cost found: every candidate left costs more than the best, so it could neither win nor tie; it stops as
 * well at the first infinite bound (a candidate the policy never takes, e.g. another provider's under `single`). (The 1e-9
 * margin absorbs float rounding between key × H and the policy's own arithmetic.) The winner is the one a full scan in
 * pool order finds: the least cost, the lowest candidate index among equal costs.
 *
 * Orders depend only on the candidate list and the bucket, so they are built once per (list, bucket) and kept.
 * Pure; one Ranker per simulation run.
 */
import type { SimPolicy } from './policy.js';
import type { Candidate, World } from './world.js';

/** Keeps the scan going through candidates whose bound is within rounding of the best cost. */
export const PRUNE_MARGIN = 1 - 1e-9;

export interface RankOrder {
  /** Candidate indices in increasing key order (ties: lower index first). */
  readonly order: Int32Array;
  /** key[i] belongs to order[i]; all -Infinity when the policy declares no floor (no pruning). */
  readonly key: Float64Array;
}

export class Ranker {
  private readonly cache = new Map<readonly Candidate[], { bucket: number; rank: RankOrder }>();

  /** `floor`: the policy's (SimPolicy.floor); undefined = no pruning. */
  constructor(
    private readonly world: World,
    private readonly floor: Floor | undefined,
  ) {}

  /** The visiting order of `cands` in `bucket`. */
  order(cands: readonly Candidate[], bucket: number): RankOrder {
    const hit = this.cache.get(cands);
    if (hit && hit.bucket === bucket) return hit.rank;
    const rank = rankOrder(this.world, this.floor, cands, bucket);
    this.cache.set(cands, { bucket, rank });
    return rank;
  }
}

export type Floor = NonNullable<SimPolicy['floor']>;

export function rankOrder(
  world: World,
  floor: Floor | undefined,
  cands: readonly Candidate[],
  bucket: number,
): RankOrder {
  const n = cands.length;
  const order = new Int32Array(n);
  const key = new Float64Array(n).fill(-Infinity);
  for (let k = 0; k < n; k++) order[k] = k;
  if (!floor) return { order, key };
  const raw = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const c = cands[k]!;
    const v = floor(world, c, bucket) / c.rel;
    raw[k] = Number.isNaN(v) ? -Infinity : v; // a bound that is not a number bounds nothing
  }
  order.sort((a, b) => (raw[a]! < raw[b]! ? -1 : raw[a]! > raw[b]! ? 1 : a - b));
  for (let i = 0; i < n; i++) key[i] = raw[order[i]!]!;
  return { order, key };
}

/**
 * The index in `cands` of the least `costOf(k)` among candidates `usable(k)`, the lowest index among equal costs;
 * -1 when none is usable at a finite cost, or at a cost below `below` when it is given (the scan then stops as soon as
 * no candidate left can cost less than it). `h` is the scale of the keys (see the module comment).
 */
export function cheapest(
  rank: RankOrder,
  h: number,
  usable: (k: number) => boolean,
  costOf: (k: number) => number,
  below = Infinity,
): number {
  const { order, key } = rank;
  let best = -1;
  let bestCost = below;
  for (let i = 0; i < order.length; i++) {
    const bound = key[i]! * h;
    if (bound === Infinity || bound * PRUNE_MARGIN > bestCost) break;
    const k = order[i]!;
    if (!usable(k)) continue;
    const cost = costOf(k);
    if (cost < bestCost || (cost === bestCost && k < best)) {
      bestCost = cost;
      best = k;
    }
  }
  return best;
}
