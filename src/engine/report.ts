/** Turns a Solution into the Plan's workload, contract, provider and violation sections. Causes and violations are
 * reasons as data; their words come through the Words port (src/engine/words.ts). */
import { addCents, type Cents, cents as wholeCents, sumCents, ZERO_CENTS } from '../core/money.js';
import type { Snapshot, Workload } from '../core/types.js';
import type { Compiled } from './compile.js';
import { paidUnits, type Solution } from './problem.js';
import type {
  ContractOut,
  PlacementOut,
  ProviderOut,
  SurvivalOut,
  ViolationOut,
  WhyNot,
  WorkloadOut,
} from './plan-types.js';
import type { CostBreakdown } from './objective.js';
import { assignmentCost, freeFractions } from './attribution.js';
import { gpusFor } from './solvers/greedy-state.js';
import { multiNodeOf, packing } from './shape.js';
import { unservedCentsOf, type UnservedValues } from './unserved.js';
import { whyNotItem } from './why-not.js';
import type { Words } from './words.js';
import { reason, type Reason } from '../core/codes.js';

/** USD → integer cents (the plan's money; docs/plan-schema.md). */
export const cents = (usd: number): Cents => wholeCents(Math.round(usd * 100) || 0);
export const iso = (t: number): string => new Date(t).toISOString();
const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function workloadSection(
  compiled: Compiled,
  solution: Solution,
  workloads: readonly Workload[],
  cost: CostBreakdown,
  unserved: UnservedValues,
  words: Words,
): WorkloadOut[] {
  const { problem } = compiled;
  const phi = freeFractions(problem, cost.commitments);
  const isoOf = new Map<number, string>(); // many placements share a start: format each instant once
  const isoCached = (t: number): string => {
    let s = isoOf.get(t);
    if (s === undefined) {
      s = iso(t);
      isoOf.set(t, s);
    }
    return s;
  };
  return workloads.map((w): WorkloadOut => {
    const items = compiled.itemsOf.get(w.id);
    const rejected = compiled.rejectionCounts.get(w.id) ?? {};
    // Built field by field, not by spreading (10,000 workloads: spreads are the slow path), in the schema's order.
    const out = (
      status: WorkloadOut['status'],
      placements: PlacementOut[],
      effectiveCents: Cents,
      listCents: Cents,
      unservedCents: Cents,
      why?: { reason: string; whyNot: WhyNot },
    ): WorkloadOut => {
      const o: Mutable<WorkloadOut> = {
        id: w.id,
        kind: w.kind,
        team: w.team,
        class: w.class,
        priority: w.priority,
        status,
        placements,
        effectiveCents,
        listCents,
        unservedCents,
        rejected,
      };
      if (why) {
        o.unplacedReason = why.reason;
        o.whyNot = why.whyNot;
      }
      return o;
    };
    if (!items) return out('outside-horizon', [], ZERO_CENTS, ZERO_CENTS, ZERO_CENTS);
    const placements: PlacementOut[] = [];
    let want = 0;
    let got = 0;
    let unservedCents = ZERO_CENTS;
    const whys: { geo: string | undefined; why: WhyNot }[] = [];
    for (const i of items) {
      const item = problem.items[i]!;
      want += item.units;
      let gotHere = 0;
      for (const a of solution.assignments[i] ?? []) {
        gotHere += a.units;
        const c = problem.candidates[a.candidate]!;
        const pool = problem.pools[c.pool]!;
        const k = assignmentCost(problem, a, phi);
        const bStart = problem.buckets[c.firstBucket]!;
        const start = Math.max(w.start, bStart.start);
        const p = {
          provider: pool.provider,
          region: pool.region,
          gpu: pool.gpu,
          tier: pool.tier,
        } as Mutable<PlacementOut>; // the rest follows, in order
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
        p.spendCents = cents(k.spend);
        p.preemptionCents = cents(c.preemptionCost * paidUnits(a.units, c.unitsPerReplica)); // whole instances
        p.effectiveCents = cents(k.effective);
        p.listCents = cents(k.list);
        placements.push(p);
      }
      got += gotHere;
      unservedCents = addCents(unservedCents, unservedCentsOf(unserved, i, item.units, gotHere));
      if (gotHere < item.units - 1e-9) {
        const why = whyNotItem(
          w,
          item.candidates.length,
          compiled.diagnoses.get(i),
          solution.unplacedReasons?.[i],
          rejected,
          words,
        );
        whys.push({ geo: item.geo, why });
      }
    }
    const status = got >= want - 1e-9 ? 'placed' : got > 0 ? 'partial' : 'unplaced';
    const effectiveCents = sumCents(placements.map((p) => p.effectiveCents));
    const listCents = sumCents(placements.map((p) => p.listCents));
    if (status === 'placed' || whys.length === 0)
      return out(status, placements, effectiveCents, listCents, unservedCents);
    // The first item short of its units leads; an inference service names the geography of each.
    const reason = whys
      .map(({ geo, why }) => (geo !== undefined && items.length > 1 ? `${geo}: ` : '') + words.whyNot(why))
      .join('; ');
    return out(status, placements, effectiveCents, listCents, unservedCents, { reason, whyNot: whys[0]!.why });
  });
}

export function contractSection(compiled: Compiled, snapshot: Snapshot, cost: CostBreakdown): ContractOut[] {
  const { problem } = compiled;
  return snapshot.contracts.map((c) => {
    const terms = problem.commitments.filter((t) => t.contractId === c.id);
    const periods = terms.map((t) => {
      const o = cost.commitments[t.index]!;
      // In the term's unit: integer cents for a USD commitment, GPU-hours (2 decimals) for a GPU-hour one.
      const inUnit = t.unit === 'usd' ? cents : (v: number): number => round(v, 2);
      return {
        start: iso(t.start),
        end: iso(t.end),
        unit: t.unit === 'usd' ? ('cents' as const) : ('gpu-hours' as const),
        minimum: inUnit(t.minimum),
        usage: inUnit(o.usage),
        burn: t.minimum > 0 ? round(o.usage / t.minimum) : 1,
        carryIn: inUnit(o.carryIn),
        shortfall: inUnit(o.shortfall),
        paidShortfallCents: cents(o.paidShortfallUsd),
      };
    });
    let reservedSunkCents = ZERO_CENTS;
    for (const b of c.reserved) {
      const group = problem.groups.find((g) => g.id === `${c.id}/${b.id}`);
      if (group)
        reservedSunkCents = addCents(
          reservedSunkCents,
          cents(group.capacity.reduce((x, cap, i) => x + cap * problem.buckets[i]!.hours * b.ratePerGpuHour, 0)),
        );
    }
    return {
      id: c.id,
      provider: c.provider,
      periods,
      forecastShortfallCents: sumCents(periods.map((p) => p.paidShortfallCents)),
      reservedSunkCents,
    };
  });
}

/** Providers: spend in cents from the parts (placements' spend, contracts' paid shortfall and sunk blocks), so that
 * Σ providers' spendCents + preemption = the bill exactly; shares and GPUs at the peak bucket. */
export function providerSection(
  compiled: Compiled,
  solution: Solution,
  workloads: readonly WorkloadOut[],
  contracts: readonly ContractOut[],
): ProviderOut[] {
  const { problem } = compiled;
  const nb = problem.buckets.length;
  const gpus = new Map(problem.providers.map((p) => [p, new Float64Array(nb)]));
  const total = new Float64Array(nb);
  solution.assignments.forEach((list) => {
    for (const a of list) {
      const c = problem.candidates[a.candidate]!;
      const g = gpusFor(c, a.units);
      const arr = gpus.get(problem.pools[c.pool]!.provider)!;
      for (let b = c.firstBucket; b <= c.lastBucket; b++) {
        arr[b]! += g;
        total[b]! += g;
      }
    }
  });
  let peak = 0;
  for (let b = 1; b < nb; b++) if (total[b]! > total[peak]!) peak = b;
  const spendOf = new Map<string, Cents>(problem.providers.map((p) => [p, ZERO_CENTS]));
  const add = (p: string, v: Cents): void => {
    if (spendOf.has(p)) spendOf.set(p, addCents(spendOf.get(p)!, v));
  };
  for (const w of workloads) for (const pl of w.placements) add(pl.provider, pl.spendCents);
  for (const c of contracts) add(c.provider, addCents(c.forecastShortfallCents, c.reservedSunkCents));
  let billTotal = 0;
  for (const v of spendOf.values()) billTotal += v;
  return problem.providers.map((p) => {
    const spendCents = spendOf.get(p)!;
    const arr = gpus.get(p)!;
    const spendShare = billTotal > 0 ? spendCents / billTotal : 0;
    const gpuShare = (total[peak] ?? 0) > 0 ? arr[peak]! / total[peak]! : 0;
    const maxSpendShare = problem.maxSpendShare[p] ?? 1;
    const maxGpuShare = problem.maxGpuShare[p] ?? 1;
    return {
      id: p,
      spendCents,
      spendShare: round(spendShare),
      maxSpendShare,
      peakGpus: Math.round(Math.max(0, ...arr)),
      gpuShare: round(gpuShare),
      maxGpuShare,
      withinCaps: spendShare <= maxSpendShare + 1e-6 && gpuShare <= maxGpuShare + 1e-6,
    };
  });
}

/** A violation: the reason as data, and its words. */
const violation = (r: Reason, words: Words): ViolationOut => ({
  code: r.code,
  message: words.reason(r),
  source: r.source,
  params: r.params,
});

/** The plan's violations: share caps, survivability rules, then work not (wholly) placed. */
export function violationSection(
  providers: readonly ProviderOut[],
  survivability: readonly SurvivalOut[],
  workloads: readonly WorkloadOut[],
  words: Words,
): ViolationOut[] {
  const out: ViolationOut[] = [];
  for (const p of providers) {
    if (p.spendShare > p.maxSpendShare + 1e-6)
      out.push(
        violation(
          reason('policy.spend-share', 'maxSpendShare', { provider: p.id, share: p.spendShare, cap: p.maxSpendShare }),
          words,
        ),
      );
    if (p.gpuShare > p.maxGpuShare + 1e-6)
      out.push(
        violation(
          reason('policy.gpu-share', 'maxGpuShare', { provider: p.id, share: p.gpuShare, cap: p.maxGpuShare }),
          words,
        ),
      );
  }
  for (const s of survivability)
    for (const r of s.rules) {
      if (!r.ok)
        out.push(
          violation(
            reason('policy.survivability', 'survivability', {
              provider: s.provider,
              workload: r.workload,
              keptImmediately: r.keptImmediately,
              afterReplan: r.afterReplan,
              required: r.required,
            }),
            words,
          ),
        );
    }
  for (const w of workloads) {
    if (w.status === 'unplaced' || w.status === 'partial') {
      const binding = w.whyNot?.binding;
      const params = {
        workload: w.id,
        ...(binding ? { cause: binding.code } : {}),
        reason: w.unplacedReason ?? '',
      };
      out.push(violation(reason(`workload.${w.status}`, binding?.source ?? 'solver', params), words));
    }
  }
  return out;
}
