/** A simulation's result as the summary row `compare` aggregates (and `simulate` prints). */
import { inBoundScope, type RunSummary } from '../sim/metrics.js';
import type { SimResult } from '../sim/result.js';

export function toSummary(r: SimResult): RunSummary {
  const minimum = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? c.minimum + c.carryIn : 0), 0);
  const usage = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? Math.min(c.usage, c.minimum + c.carryIn) : 0), 0);
  const total = Object.values(r.cost.byProviderCents).reduce((s, x) => s + x, 0);
  return {
    policy: r.policy,
    seed: r.seed,
    effectiveUsd: r.cost.effectiveUsd,
    incrementalUsd: r.cost.incrementalUsd,
    billedUsd: r.cost.billedCents / 100,
    shortfallUsd: r.cost.shortfallCents / 100,
    attainment: r.inference.attainment,
    deadlineMisses: r.jobs.deadlineMisses,
    spreadBreachUnitHours: r.inference.spreadBreachUnitHours,
    inBoundScope: inBoundScope({
      deadlineMisses: r.jobs.deadlineMisses,
      spreadBreachUnitHours: r.inference.spreadBreachUnitHours,
    }),
    lostGpuHours: r.jobs.lostGpuHours,
    redoneGpuHours: r.jobs.redoneGpuHours,
    meanCompletionHours: r.jobs.completionHours.mean,
    ...(r.jobs.priorityPreemptions
      ? {
          priorityPreemptions: r.jobs.priorityPreemptions.count,
          priorityLostGpuHours: r.jobs.priorityPreemptions.lostGpuHours,
        }
      : {}),
    ...(r.jobs.migrations
      ? {
          migrations: r.jobs.migrations.count,
          migrationLostGpuHours: r.jobs.migrations.lostGpuHours,
          migrationSavingUsd: r.jobs.migrations.estimatedSavingUsd,
        }
      : {}),
    ...(minimum > 0 ? { commitmentUtilisation: usage / minimum } : {}),
    ...(total > 0
      ? { spendShare: Object.fromEntries(Object.entries(r.cost.byProviderCents).map(([k, v]) => [k, v / total])) }
      : {}),
    outages: r.outages.length,
    events: r.events,
    ...(r.breakdown ? { breakdown: r.breakdown } : {}),
  };
}
