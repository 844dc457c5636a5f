/**
 * An independent checker of a Solution against a Problem's hard limits, for solver tests: it returns every
 * violation found (empty = feasible). Capacity counts whole replicas for inference candidates (as the greedy
 * solver does) and a gang must sit on one candidate, unless `fractional` is set (LP relaxations).
 */
import type { Problem, Solution } from '../../problem.js';
import { evaluate } from '../../objective.js';

const EPS = 1e-6;

export function violations(problem: Problem, solution: Solution, opts: { fractional?: boolean } = {}): string[] {
  const out: string[] = [];
  const nb = problem.buckets.length;
  const used = problem.groups.map(() => new Array<number>(nb).fill(0));
  const provGpus = new Map<string, number[]>();
  const allGpus = new Array<number>(nb).fill(0);
  const teamSpend = new Map<string, number>();
  solution.assignments.forEach((list, i) => {
    const item = problem.items[i]!;
    const total = list.reduce((s, a) => s + a.units, 0);
    if (total > item.units + EPS) out.push(`item ${i}: ${total} units placed, demand ${item.units}`);
    if (!opts.fractional && !item.divisible && list.length > 1)
      out.push(`item ${i}: an indivisible item split over ${list.length} candidates`);
    const perProvider = new Map<string, number>();
    for (const a of list) {
      if (!item.candidates.includes(a.candidate)) out.push(`item ${i}: candidate ${a.candidate} is not one of its own`);
      if (a.units < 0) out.push(`item ${i}: negative units`);
      const c = problem.candidates[a.candidate]!;
      const pool = problem.pools[c.pool]!;
      perProvider.set(pool.provider, (perProvider.get(pool.provider) ?? 0) + a.units);
      const gpus =
        opts.fractional || c.unitsPerReplica === undefined || c.replicaGpus === undefined
          ? c.gpusPerUnit * a.units
          : Math.ceil(a.units / c.unitsPerReplica - 1e-9) * c.replicaGpus;
      const pg = provGpus.get(pool.provider) ?? new Array<number>(nb).fill(0);
      provGpus.set(pool.provider, pg);
      for (let b = c.firstBucket; b <= c.lastBucket; b++) {
        for (const g of pool.groups) used[g]![b]! += gpus;
        pg[b]! += gpus;
        allGpus[b]! += gpus;
      }
      const spend = c.spend.reduce((s, v) => s + v, 0) + c.preemptionCost;
      teamSpend.set(item.team, (teamSpend.get(item.team) ?? 0) + spend * a.units);
    }
    for (const [p, n] of perProvider)
      if (n > item.maxUnitsPerProvider + EPS)
        out.push(`item ${i}: ${n} units on ${p}, most ${item.maxUnitsPerProvider}`);
  });
  problem.groups.forEach((g, gi) => {
    for (let b = 0; b < nb; b++) {
      if (used[gi]![b]! > (g.capacity[b] ?? 0) + EPS)
        out.push(`group ${g.id} bucket ${b}: ${used[gi]![b]} GPUs, capacity ${g.capacity[b]}`);
    }
  });
  for (const [p, pg] of provGpus) {
    const share = problem.maxGpuShare[p] ?? 1;
    for (let b = 0; b < nb; b++) {
      if (share < 1 && pg[b]! > share * allGpus[b]! + EPS)
        out.push(`provider ${p} bucket ${b}: GPU share above ${share}`);
    }
  }
  const bill = evaluate(problem, solution);
  const total = Object.values(bill.byProvider).reduce((s, v) => s + v, 0);
  for (const p of problem.providers) {
    const share = problem.maxSpendShare[p] ?? 1;
    const mine = bill.byProvider[p] ?? 0;
    if (share < 1 && mine > share * total + EPS * Math.max(1, total))
      out.push(`provider ${p}: spend share ${mine / total} above ${share}`);
  }
  for (const [team, budget] of Object.entries(problem.teamBudgets)) {
    const spent = teamSpend.get(team) ?? 0;
    if (spent > budget + EPS * Math.max(1, budget)) out.push(`team ${team}: ${spent} above budget ${budget}`);
  }
  return out;
}

/** |a − b| within `rel` of the larger magnitude (and at least of 1). */
export function close(a: number, b: number, rel = 1e-6): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}
