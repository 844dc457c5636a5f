/**
 * Compile stage "problem": the items and candidates with the supply and the policy's shares and budgets, as the
 * solvers read them (problem.ts).
 */
import type { Snapshot } from '../../core/types.js';
import type { Bucket, Candidate, Item, Problem } from '../problem.js';
import type { Supply } from '../pools.js';

export function assembleProblem(
  snapshot: Snapshot,
  buckets: readonly Bucket[],
  supply: Supply,
  items: readonly Item[],
  candidates: readonly Candidate[],
): Problem {
  const maxSpendShare: Record<string, number> = {};
  const maxGpuShare: Record<string, number> = {};
  for (const p of snapshot.providers) {
    maxSpendShare[p.id] = snapshot.policy.maxSpendShareByProvider[p.id] ?? snapshot.policy.maxSpendShare;
    maxGpuShare[p.id] = snapshot.policy.maxGpuShareByProvider[p.id] ?? snapshot.policy.maxGpuShare;
  }
  return {
    buckets,
    pools: supply.pools,
    groups: supply.groups,
    commitments: supply.commitments,
    items,
    candidates,
    providers: snapshot.providers.map((p) => p.id),
    maxSpendShare,
    maxGpuShare,
    teamBudgets: snapshot.policy.teamBudgets,
    sunkCost: supply.sunkCost,
    sunkByProvider: supply.sunkByProvider,
  };
}
