/**
 * --explain: every alternative considered for one workload, what it would have cost given everything else in the
 * plan, and why it lost; plus every pool the filters rejected, with the filter and its reason. Notes and rejections
 * are reasons as data (`explain.*`, `filter.*`), given in words too through the Words port.
 */
import { reason, type Reason } from '../core/codes.js';
import type { Compiled } from './compile.js';
import { paidUnits, type Solution } from './problem.js';
import type { CandidateOut, ExplainOut, WorkloadOut } from './plan-types.js';
import { GreedyState } from './solvers/greedy-state.js';
import { estimateCaps } from './solvers/greedy.js';
import { cents } from './report.js';
import type { Words } from './words.js';

/** `out`: the workload as the plan reports it (its why-not leads the explanation when it is not wholly placed). */
export function explainWorkload(
  compiled: Compiled,
  solution: Solution,
  workloadId: string,
  out: WorkloadOut | undefined,
  words: Words,
): ExplainOut {
  const { problem } = compiled;
  const items = compiled.itemsOf.get(workloadId) ?? [];
  const state = new GreedyState(problem, estimateCaps(problem));
  solution.assignments.forEach((list, i) => {
    if (items.includes(i)) return;
    for (const a of list) state.apply(a.candidate, a.units, 0, problem.items[i]!.team);
  });
  const candidates: CandidateOut[] = [];
  for (const i of items) {
    const item = problem.items[i]!;
    const chosen = new Set((solution.assignments[i] ?? []).map((a) => a.candidate));
    const costs = item.candidates.map((k) => ({ k, cost: state.marginalCost(k, item.units) }));
    const bestChosen = Math.min(...costs.filter((c) => chosen.has(c.k)).map((c) => c.cost));
    for (const { k, cost } of costs.sort((a, b) => a.cost - b.cost)) {
      const c = problem.candidates[k]!;
      const pool = problem.pools[c.pool]!;
      const code = state.blocker(k, item.units, 0, item.team);
      const blocked = code !== 0 ? state.describeBlock(code, item.team) : undefined;
      const rofr = item.firstRefusal.length > 0 && !item.firstRefusal.includes(pool.provider);
      const why: Reason = chosen.has(k)
        ? reason('explain.chosen', 'explain')
        : blocked
          ? reason('explain.blocked', 'explain', { block: { ...blocked } })
          : rofr
            ? reason('explain.first-refusal', 'explain', { providers: [...item.firstRefusal] })
            : Number.isFinite(bestChosen)
              ? reason('explain.dearer', 'explain', { cents: cents(cost - bestChosen) })
              : reason('explain.not-chosen', 'explain');
      candidates.push({
        pool: item.geo ? `${pool.id} (${item.geo})` : pool.id,
        provider: pool.provider,
        region: pool.region,
        gpu: pool.gpu,
        tier: pool.tier,
        effectiveCents: cents(cost),
        listCents: cents(c.listCost * paidUnits(item.units, c.unitsPerReplica)),
        chosen: chosen.has(k),
        note: words.reason(why),
        code: why.code,
        source: why.source,
        params: why.params,
      });
    }
  }
  const rejections = (compiled.rejections.get(workloadId) ?? []).map((r) => ({
    filter: r.filter,
    reason: words.reason(r.reason),
    pool: r.pool,
    code: r.reason.code,
    source: r.reason.source,
    params: r.reason.params,
  }));
  return out?.whyNot
    ? { workload: workloadId, candidates, whyNot: out.whyNot, rejections }
    : { workload: workloadId, candidates, rejections };
}
