/**
 * Compile stage "shape pruning": among one item's candidates on pools of the same contract terms, a block (whole
 * instances) with no more GPUs, serving no fewer units, at no higher price than another's makes the other useless to
 * the item (shape.ts blockDominates). The dominated candidates leave the item's list; each is recorded as a
 * `dominated` rejection.
 */
import type { Candidate, Pool } from '../problem.js';
import { undominatedBlocks } from '../shape.js';
import type { RejectionLog } from './rejections.js';

/** The block (shape.ts undominatedBlocks) of `gpus` GPUs serving `units` units on `pool`: its terms, and its price
 * per hour at list price. The planner and the simulator (sim/world.ts) compare shapes by the same blocks. */
export function shapeBlock(
  pool: Pool,
  gpus: number,
  units: number,
  termsOf: Int32Array,
): { terms: number; gpus: number; units: number; price: number; perInstance: number } {
  return {
    terms: termsOf[pool.index]!,
    gpus,
    units,
    price: gpus * pool.listPricePerGpuHour,
    perInstance: pool.gpusPerInstance,
  };
}

/** Whether two of the candidates from `first` on sit on pools of the same terms (only those can dominate each other). */
export function sharesTerms(
  candidates: readonly Candidate[],
  first: number,
  pools: readonly Pool[],
  termsOf: Int32Array,
): boolean {
  const seen = new Set<number>();
  for (let k = first; k < candidates.length; k++) {
    const t = termsOf[pools[candidates[k]!.pool]!.index]!;
    if (seen.has(t)) return true;
    seen.add(t);
  }
  return false;
}

/**
 * Prunes the dominated shapes among the item's candidates, `candidates[first..]` (listed in `cands`): they are taken
 * off the end of `candidates` and the undominated ones put back in order, `cands` rewritten to match.
 */
export function pruneShapes(
  candidates: Candidate[],
  first: number,
  cands: number[],
  pools: readonly Pool[],
  termsOf: Int32Array,
  log: RejectionLog,
): void {
  if (cands.length <= 1 || !sharesTerms(candidates, first, pools, termsOf)) return;
  const mine = candidates.splice(first);
  const blocks = mine.map((c) =>
    shapeBlock(pools[c.pool]!, c.replicaGpus ?? c.gpusPerUnit, c.unitsPerReplica ?? 1, termsOf),
  );
  const by = new Map<number, number>();
  const keep = undominatedBlocks(blocks, by);
  cands.length = 0;
  for (const j of keep) {
    cands.push(candidates.length);
    candidates.push(mine[j]!);
  }
  for (const [j, i] of by) log.dominatedShape(pools[mine[j]!.pool]!, pools[mine[i]!.pool]!);
}
