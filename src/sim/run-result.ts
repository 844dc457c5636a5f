/**
 * The result of a finished run (result.ts), assembled from its state once the horizon has ended: cost (billed and
 * effective, where unserved work is valued at the dearest list price per H100-equivalent GPU-hour), contract
 * periods, per-bucket spend and GPU-hours, inference served, jobs, capacity groups, outages and the ledger.
 */
import {
  addCents,
  type Cents,
  cents,
  subCents,
  sumCents,
  toCents,
  toUsd,
  type Usd,
  ZERO_CENTS,
} from '../core/money.js';
import { moneyBreakdown } from './money-breakdown.js';
import { DONE, PENDING, RUNNING, type RunState } from './run-state.js';
import type { InferenceRevenue, ServiceRevenue, SimResult } from './result.js';

/** `idleCents`: the bill owed with nothing placed (simulate.ts idleBillCents), for `cost.incrementalUsd`. */
export function assembleResult(r: RunState, seed: number, idleCents: Cents): SimResult {
  const { world, buckets, groups, start, end, runs, accounts, capacity } = r;
  const { ledger } = accounts;
  const { stats } = runs;
  const { unfinishedWork, unfinished, withDeadline } = unfinishedJobs(r);
  const deadlineMisses = runs.deadlineMisses;
  // Unserved inference in H100 GPU-hours: H100-replica unit-hours × GPUs per replica.
  let unservedInferenceH100 = 0;
  let demandUH = 0;
  let servedUH = 0;
  let breachUH = 0;
  for (const sv of r.services) {
    demandUH += sv.demandUH;
    servedUH += sv.servedUH;
    breachUH += sv.spreadBreachUH;
    unservedInferenceH100 += Math.max(0, sv.demandUH - sv.servedUH) * sv.spec.workload.gpusPerReplica;
  }
  const unservedUsd = (unfinishedWork + unservedInferenceH100) * world.unservedPricePerH100Hour;
  const { usageCents, reservedCents, shortfallCents } = accounts;
  const billedCents = ledger.total;
  const completion = runs.completionH.slice(0, runs.finishedCount).sort(); // a typed array sorts numerically
  // Means and quantiles over no finished job are null (not 0).
  const q = (p: number): number | null =>
    completion.length
      ? completion[Math.min(completion.length - 1, Math.floor(p * (completion.length - 1) + 0.5))]!
      : null;
  const mean = completion.length ? completion.reduce((s, x) => s + x, 0) / completion.length : null;
  const byProviderCents: Record<string, Cents> = {};
  for (const p of world.providers) byProviderCents[p] = ZERO_CENTS;
  for (const l of ledger.entries())
    byProviderCents[l.provider] = addCents(byProviderCents[l.provider] ?? ZERO_CENTS, l.cents);
  const problems = ledger.reconcile();
  if (usageCents + reservedCents + shortfallCents !== billedCents)
    problems.push('usage + reserved + shortfall != total');
  const revenue = inferenceRevenue(r);
  const toRecord = (a: Float64Array): Record<string, number> =>
    Object.fromEntries(world.providers.map((p, i) => [p, a[i]!]));
  const toCentsRecord = (a: Float64Array): Record<string, Cents> =>
    Object.fromEntries(Object.entries(toRecord(a)).map(([p, v]) => [p, cents(v)]));
  return {
    policy: r.policy.name,
    seed,
    horizon: { start, end },
    cost: {
      billedCents,
      usageCents,
      reservedCents,
      shortfallCents,
      unservedUsd,
      effectiveUsd: toUsd(billedCents) + unservedUsd,
      idleCents,
      incrementalUsd: toUsd(subCents(billedCents, idleCents)) + unservedUsd,
      unservedPricePerH100Hour: world.unservedPricePerH100Hour,
      byProviderCents,
      commitmentCoverage: usageCents > 0 ? accounts.burningCents / usageCents : null,
    },
    breakdown: moneyBreakdown(r, billedCents, unservedUsd),
    contracts: r.commitments.results,
    periods: buckets.map((b, i) => ({
      start: b.start,
      end: b.end,
      spendCents: toCentsRecord(accounts.spendCents[i]!),
      gpuHours: toRecord(accounts.gpuHours[i]!),
      demandUnitHours: r.series.demandUH[i]!,
      servedUnitHours: r.series.servedUH[i]!,
    })),
    inference: {
      demandUnitHours: demandUH,
      servedUnitHours: servedUH,
      attainment: demandUH > 0 ? servedUH / demandUH : null,
      spreadBreachUnitHours: breachUH,
    },
    ...(revenue ? { revenue } : {}),
    jobs: {
      arrived: runs.nextArrival,
      finished: completion.length,
      unplaceable: stats.unplaceable,
      unfinished,
      withDeadline,
      deadlineMisses,
      completionHours: { mean, p50: q(0.5), p95: q(0.95) },
      interruptions: { outage: stats.outage, preemption: stats.preemption, capacity: stats.capacity },
      checkpoints: stats.checkpoints,
      lostGpuHours: stats.lostGpuH,
      redoneGpuHours: stats.redoneGpuH,
      unfinishedWork,
      ...(r.policy.preempt
        ? { priorityPreemptions: { count: stats.priority, lostGpuHours: stats.priorityLostGpuH } }
        : {}),
      ...(r.policy.migrate
        ? {
            migrations: {
              count: stats.migrations,
              lostGpuHours: stats.migrationLostGpuH,
              warmupGpuHours: stats.migrationWarmupGpuH,
              estimatedSavingUsd: stats.migrationSavingUsd,
            },
          }
        : {}),
    },
    capacity: {
      groups: groups.map((g, i) => ({
        id: g.id,
        kind: g.kind,
        capacityGpuHours: buckets.reduce((s, b, k) => s + (g.capacity[k] ?? 0) * b.hours, 0),
        usedGpuHours: capacity.usedGpuH[i]!,
        idleGpuHours: capacity.idleGpuH[i]!,
      })),
      overCapacity: capacity.overCapacity,
    },
    outages: r.outages.list.map(({ event: o }) => ({
      provider: o.provider,
      region: o.region,
      start: o.start,
      end: o.end,
    })),
    ledger: { postings: ledger.postings, reconciles: problems.length === 0, problems, lines: ledger.entries() },
    events: r.clock.events,
  };
}

/** Jobs not finished at the horizon: their work left and how many still wait or run; counts deadline misses. */
function unfinishedJobs(r: RunState): { unfinishedWork: number; unfinished: number; withDeadline: number } {
  const { jobs, end, runs } = r;
  const { state, done, nextArrival } = runs;
  let unfinishedWork = 0,
    unfinished = 0,
    withDeadline = 0;
  for (let j = 0; j < jobs.count; j++) {
    const dl = jobs.deadline[j]!;
    if (!Number.isNaN(dl)) withDeadline++;
    if (state[j] === DONE) continue;
    const left = jobs.work[j]! - done[j]!;
    if (j < nextArrival) unfinishedWork += left;
    if (state[j] === PENDING || state[j] === RUNNING) unfinished++;
    if (!Number.isNaN(dl) && dl <= end && j < nextArrival) runs.deadlineMisses++;
  }
  return { unfinishedWork, unfinished, withDeadline };
}

/** Revenue and gross margin per priced inference service (its geographies together, in scenario order) and in total;
 * undefined when no service has both a price per million tokens and tokens per second per replica. */
function inferenceRevenue(r: RunState): InferenceRevenue | undefined {
  const byId = new Map<string, { price: Usd; tps: number; served: number; cost: Cents }>();
  for (const sv of r.services) {
    const { id, pricePerMillionTokens: price, tokensPerSecondPerReplica: tps } = sv.spec.workload;
    if (price === undefined || tps === undefined) continue;
    const acc = byId.get(id) ?? { price, tps, served: 0, cost: ZERO_CENTS };
    acc.served += sv.servedUH;
    acc.cost = addCents(acc.cost, sv.usageCents);
    byId.set(id, acc);
  }
  if (byId.size === 0) return undefined;
  const services = [...byId].map(([id, a]) => {
    const tokensServed = a.served * a.tps * 3600;
    return {
      id,
      pricePerMillionTokens: a.price,
      tokensPerSecondPerReplica: a.tps,
      ...revenueOf(a.served, tokensServed, toCents((tokensServed / 1e6) * a.price), a.cost),
    };
  });
  const sum = (f: (x: ServiceRevenue) => number): number => services.reduce((t, x) => t + f(x), 0);
  return {
    ...revenueOf(
      sum((x) => x.servedUnitHours),
      sum((x) => x.tokensServed),
      sumCents(services.map((x) => x.revenueCents)),
      sumCents(services.map((x) => x.costCents)),
    ),
    services,
  };
}

function revenueOf(
  servedUnitHours: number,
  tokensServed: number,
  revenueCents: Cents,
  costCents: Cents,
): ServiceRevenue {
  const marginCents = subCents(revenueCents, costCents);
  return {
    servedUnitHours,
    tokensServed,
    revenueCents,
    costCents,
    marginCents,
    grossMargin: revenueCents > 0 ? marginCents / revenueCents : null,
  };
}
