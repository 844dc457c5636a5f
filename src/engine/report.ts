/** Turns a Solution into the Plan's workload, contract and provider sections. */
import type { Snapshot, Workload } from '../core/types.js';
import type { Compiled } from './compile.js';
import type { Solution } from './problem.js';
import type { ContractOut, PlacementOut, ProviderOut, WorkloadOut } from './plan-types.js';
import type { CostBreakdown } from './objective.js';
import { assignmentCost, freeFractions } from './attribution.js';
import { gpusFor } from './solvers/greedy-state.js';
import { multiNodeOf, packing } from './shape.js';

export const usd = (v: number): number => Math.round(v * 100) / 100;
export const iso = (t: number): string => new Date(t).toISOString();
const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function workloadSection(compiled: Compiled, solution: Solution, workloads: readonly Workload[], cost: CostBreakdown): WorkloadOut[] {
  const { problem } = compiled;
  const phi = freeFractions(problem, cost.commitments);
  const isoOf = new Map<number, string>(); // many placements share a start: format each instant once
  const isoCached = (t: number): string => {
    let s = isoOf.get(t);
    if (s === undefined) { s = iso(t); isoOf.set(t, s); }
    return s;
  };
  return workloads.map((w): WorkloadOut => {
    const items = compiled.itemsOf.get(w.id);
    const rejected = compiled.rejectionCounts.get(w.id) ?? {};
    // Built field by field, not by spreading (10,000 workloads: spreads are the slow path), in the schema's order.
    const out = (status: WorkloadOut['status'], placements: PlacementOut[], effectiveCost: number, listCost: number, unplacedReason?: string): WorkloadOut => {
      const o: Mutable<WorkloadOut> = { id: w.id, kind: w.kind, team: w.team, class: w.class, priority: w.priority, status, placements, effectiveCost, listCost, rejected };
      if (unplacedReason !== undefined) o.unplacedReason = unplacedReason;
      return o;
    };
    if (!items) return out('outside-horizon', [], 0, 0);
    const placements: PlacementOut[] = [];
    let want = 0;
    let got = 0;
    const reasons: string[] = [];
    for (const i of items) {
      const item = problem.items[i]!;
      want += item.units;
      for (const a of solution.assignments[i] ?? []) {
        got += a.units;
        const c = problem.candidates[a.candidate]!;
        const pool = problem.pools[c.pool]!;
        const k = assignmentCost(problem, a, phi);
        const bStart = problem.buckets[c.firstBucket]!;
        const start = Math.max(w.start, bStart.start);
        const p = { provider: pool.provider, region: pool.region, gpu: pool.gpu, tier: pool.tier } as Mutable<PlacementOut>; // the rest follows, in order
        if (pool.contractId) p.contract = pool.contractId;
        if (pool.blockId) p.block = pool.blockId;
        p.instanceType = pool.instanceType;
        const gpus = gpusFor(c, a.units);
        p.instances = Math.round(gpus / pool.gpusPerInstance);
        p.gpus = Math.round(gpus * 1000) / 1000;
        if (item.divisible && c.unitsPerReplica !== undefined && w.kind === 'inference') {
          // Replicas serving the units: a block of instances holds `replicas` of them (shape.ts).
          const perBlock = packing(w.gpusPerReplica, pool.gpusPerInstance, multiNodeOf(w))?.replicas ?? 1;
          p.replicas = Math.ceil((a.units * perBlock) / c.unitsPerReplica - 1e-9);
        }
        p.units = round(a.units, 6);
        p.start = isoCached(start);
        p.end = isoCached(start + k.hours * 3_600_000);
        p.hours = round(k.hours, 2);
        p.spend = usd(k.spend);
        p.effectiveCost = usd(k.effective);
        p.listCost = usd(k.list);
        placements.push(p);
      }
      const r = solution.unplacedReasons?.[i];
      if (r) reasons.push(item.geo ? `${item.geo}: ${r}` : r);
    }
    const status = got >= want - 1e-9 ? 'placed' : got > 0 ? 'partial' : 'unplaced';
    const effectiveCost = usd(placements.reduce((s, p) => s + p.effectiveCost, 0));
    const listCost = usd(placements.reduce((s, p) => s + p.listCost, 0));
    let reason = reasons.join('; ');
    if (status !== 'placed' && !reason) {
      const samples = compiled.rejectionSamples.get(w.id) ?? {};
      const named = Object.entries(rejected).filter(([f]) => f !== 'gpu-model').sort((a, b) => b[1] - a[1]);
      reason = named.length
        ? `every alternative was rejected: ${named.map(([f, n]) => `${f} ×${n}, e.g. ${samples[f] ?? ''}`).join('; ')}`
        : `no pool offers ${w.gpus.join(' or ')} on the declared providers`;
    }
    return out(status, placements, effectiveCost, listCost, status !== 'placed' ? reason : undefined);
  });
}

export function contractSection(compiled: Compiled, snapshot: Snapshot, cost: CostBreakdown): ContractOut[] {
  const { problem } = compiled;
  return snapshot.contracts.map((c) => {
    const terms = problem.commitments.filter((t) => t.contractId === c.id);
    const periods = terms.map((t) => {
      const o = cost.commitments[t.index]!;
      return {
        start: iso(t.start), end: iso(t.end), unit: t.unit, minimum: usd(t.minimum), usage: usd(o.usage),
        burn: t.minimum > 0 ? round(o.usage / t.minimum) : 1, carryIn: usd(o.carryIn), shortfall: usd(o.shortfall),
        paidShortfallUsd: usd(o.paidShortfallUsd),
      };
    });
    const reservedSunkUsd = c.reserved.reduce((s, b) => {
      const group = problem.groups.find((g) => g.id === `${c.id}/${b.id}`);
      return s + (group ? group.capacity.reduce((x, cap, i) => x + cap * problem.buckets[i]!.hours * b.ratePerGpuHour, 0) : 0);
    }, 0);
    return {
      id: c.id, provider: c.provider, periods,
      forecastShortfallUsd: usd(periods.reduce((s, p) => s + p.paidShortfallUsd, 0)), reservedSunkUsd: usd(reservedSunkUsd),
    };
  });
}

export function providerSection(compiled: Compiled, solution: Solution, cost: CostBreakdown): ProviderOut[] {
  const { problem } = compiled;
  const nb = problem.buckets.length;
  const gpus = new Map(problem.providers.map((p) => [p, new Float64Array(nb)]));
  const total = new Float64Array(nb);
  solution.assignments.forEach((list) => {
    for (const a of list) {
      const c = problem.candidates[a.candidate]!;
      const g = gpusFor(c, a.units);
      const arr = gpus.get(problem.pools[c.pool]!.provider)!;
      for (let b = c.firstBucket; b <= c.lastBucket; b++) { arr[b]! += g; total[b]! += g; }
    }
  });
  let peak = 0;
  for (let b = 1; b < nb; b++) if (total[b]! > total[peak]!) peak = b;
  const billTotal = Object.values(cost.byProvider).reduce((s, v) => s + v, 0);
  return problem.providers.map((p) => {
    const spend = cost.byProvider[p] ?? 0;
    const arr = gpus.get(p)!;
    const spendShare = billTotal > 0 ? spend / billTotal : 0;
    const gpuShare = (total[peak] ?? 0) > 0 ? arr[peak]! / total[peak]! : 0;
    const maxSpendShare = problem.maxSpendShare[p] ?? 1;
    const maxGpuShare = problem.maxGpuShare[p] ?? 1;
    return {
      id: p, spend: usd(spend), spendShare: round(spendShare), maxSpendShare, peakGpus: Math.round(Math.max(0, ...arr)),
      gpuShare: round(gpuShare), maxGpuShare, withinCaps: spendShare <= maxSpendShare + 1e-6 && gpuShare <= maxGpuShare + 1e-6,
    };
  });
}


