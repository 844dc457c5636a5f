/** Simulation results as a person reads them (tables) and as CSV. Only the CLI formats; the simulator returns numbers. */
import {
  periodRows,
  type CsvPeriod,
  type Interval,
  type PolicySummary,
  type RunSummary,
  type ServiceRevenue,
  type SimResult,
} from '../app/sim-types.js';
import { day, money, pct, table } from './format.js';
import { boundScopeLines } from './render-bound-scope.js';

/** What a table shows for a mean or ratio over nothing (JSON says null). */
export const NONE = '\u2014';
const num = (v: number, d = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** A number, or — for null (a mean over nothing) and anything not finite. */
const orNone = (v: number | null | undefined, f: (x: number) => string): string =>
  v === null || v === undefined || !Number.isFinite(v) ? NONE : f(v);
const share = (v: number | null | undefined): string => orNone(v, pct);

export function renderSimulation(name: string, s: RunSummary, r: SimResult | undefined): string {
  const out: string[] = [];
  if (!r) {
    out.push(`skyfleet simulate: ${name}, ${s.policy} (lower bound, LP), seed ${s.seed}`);
    out.push(
      `Effective cost ${money(s.effectiveUsd)} (billed ${money(s.billedUsd)}), inference served ${s.attainment === null ? `${NONE} (no demand)` : pct(s.attainment)}, ${s.outages ?? 0} outages foreseen.`,
      `A lower bound on runs that meet every deadline and honour the risk policy's survivability spread${s.relaxedDeadlines ? ` (${num(s.relaxedDeadlines)} deadline(s) no schedule can meet even alone relaxed to the job's earliest feasible finish)` : ''}${s.lateH100 ? `; the deadlines cannot all be met together: ${num(s.lateH100)} H100 GPU-hours of due work late, priced as unserved` : ''}.`,
    );
    return out.join('\n');
  }
  const c = r.cost;
  out.push(
    `skyfleet simulate: ${name}, policy ${r.policy}, seed ${r.seed}, ${day(new Date(r.horizon.start).toISOString())} → ${day(new Date(r.horizon.end).toISOString())}, ${num(r.events)} events`,
  );
  out.push('');
  out.push(
    `Billed ${money(c.billedCents / 100)} = usage ${money(c.usageCents / 100)} + reserved ${money(c.reservedCents / 100)} + shortfall ${money(c.shortfallCents / 100)}  (ledger: ${num(r.ledger.postings)} postings, ${r.ledger.reconciles ? 'reconciles' : `DOES NOT RECONCILE: ${r.ledger.problems.join('; ')}`})`,
  );
  out.push(
    `Effective ${money(c.effectiveUsd)} = billed + unserved work ${money(c.unservedUsd)} (at ${money(c.unservedPricePerH100Hour)} per H100-equivalent GPU-hour)`,
  );
  out.push(
    c.commitmentCoverage === null
      ? 'Commitment coverage: no usage spend.'
      : `Commitment coverage ${pct(c.commitmentCoverage)} of usage spend burned a commitment.`,
  );
  out.push('');
  const j = r.jobs;
  out.push(
    table(
      [
        'JOBS',
        'ARRIVED:',
        'FINISHED:',
        'UNFINISHED:',
        'UNPLACEABLE:',
        'DEADLINE MISSES:',
        'MEAN H:',
        'P50 H:',
        'P95 H:',
      ],
      [
        [
          '',
          num(j.arrived),
          num(j.finished),
          num(j.unfinished),
          num(j.unplaceable),
          `${num(j.deadlineMisses)}/${num(j.withDeadline)}`,
          orNone(j.completionHours.mean, (v) => num(v, 1)),
          orNone(j.completionHours.p50, (v) => num(v, 1)),
          orNone(j.completionHours.p95, (v) => num(v, 1)),
        ],
      ],
    ),
  );
  out.push(
    `Interruptions: ${num(j.interruptions.outage)} by outages, ${num(j.interruptions.preemption)} spot preemptions, ${num(j.interruptions.capacity)} capacity cuts; ${num(j.lostGpuHours)} GPU-h of work lost, ${num(j.redoneGpuHours)} GPU-h redone; ${num(j.checkpoints)} checkpoints.`,
  );
  if (j.priorityPreemptions)
    out.push(
      `Priority preemptions: ${num(j.priorityPreemptions.count)} runs stopped for priority-1 work, ${num(j.priorityPreemptions.lostGpuHours)} GPU-h of their work lost (in the work lost above).`,
    );
  if (j.migrations)
    out.push(
      `Migrations: ${num(j.migrations.count)} running jobs moved to cheaper pools, ${num(j.migrations.lostGpuHours)} GPU-h of their work lost (in the work lost above), ${num(j.migrations.warmupGpuHours)} GPU-h billed warming up; expected saving ${money(j.migrations.estimatedSavingUsd)}.`,
    );
  out.push(
    `Inference: ${r.inference.attainment === null ? 'no demand' : `${pct(r.inference.attainment)} of demand served (${num(r.inference.servedUnitHours)} of ${num(r.inference.demandUnitHours)} H100-replica-hours)`}. Outages: ${r.outages.length}.`,
  );
  if (r.revenue) out.push('', revenueTable(r.revenue));
  if (r.contracts.length) {
    out.push('', 'CONTRACTS');
    out.push(
      table(
        ['CONTRACT', 'PERIOD', 'MINIMUM:', 'USED:', 'UTILISATION:', 'SHORTFALL PAID:'],
        r.contracts.map((k) => [
          k.contract,
          `${day(new Date(k.start).toISOString())} → ${day(new Date(k.end).toISOString())}`,
          k.unit === 'usd' ? money(k.minimum + k.carryIn) : `${num(k.minimum + k.carryIn)} GPU-h`,
          k.unit === 'usd' ? money(k.usage) : `${num(k.usage)} GPU-h`,
          share(k.utilisation),
          k.paidCents ? money(k.paidCents / 100) : '-',
        ]),
      ),
    );
  }
  const total = Object.values(c.byProviderCents).reduce((s, x) => s + x, 0);
  const gpuH: Record<string, number> = {};
  for (const p of r.periods) for (const [k, v] of Object.entries(p.gpuHours)) gpuH[k] = (gpuH[k] ?? 0) + v;
  const totalGpuH = Object.values(gpuH).reduce((s, x) => s + x, 0);
  out.push('', 'PROVIDERS');
  out.push(
    table(
      ['PROVIDER', 'BILLED:', 'SHARE:', 'GPU-HOURS:', 'GPU SHARE:'],
      Object.entries(c.byProviderCents).map(([k, v]) => [
        k,
        money(v / 100),
        share(total > 0 ? v / total : null),
        num(gpuH[k] ?? 0),
        share(totalGpuH > 0 ? (gpuH[k] ?? 0) / totalGpuH : null),
      ]),
    ),
  );
  return out.join('\n');
}

const tokens = (t: number): string =>
  t >= 1e12 ? `${num(t / 1e12, 2)}T` : t >= 1e9 ? `${num(t / 1e9, 2)}B` : t >= 1e6 ? `${num(t / 1e6, 2)}M` : num(t);

/** Revenue and gross margin per priced inference service and in total. */
function revenueTable(v: NonNullable<SimResult['revenue']>): string {
  const row = (name: string, price: string, x: ServiceRevenue): string[] => [
    name,
    price,
    tokens(x.tokensServed),
    money(x.revenueCents / 100),
    money(x.costCents / 100),
    money(x.marginCents / 100),
    share(x.grossMargin),
  ];
  const rows = v.services.map((x) => row(x.id, money(x.pricePerMillionTokens), x));
  if (v.services.length > 1) rows.push(row('total', '', v));
  return `INFERENCE REVENUE (cost of serving = usage billed for the service's replicas; reserved blocks and shortfall not attributed)\n${table(
    ['SERVICE', 'PRICE/M TOKENS:', 'TOKENS SERVED:', 'REVENUE:', 'COST OF SERVING:', 'MARGIN:', 'GROSS MARGIN:'],
    rows,
  )}`;
}

/** Exact cents as dollars with two decimals (no float division: 123456789012345 cents prints every digit). */
export function centsText(cents: number): string {
  const a = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Spend and GPU-hours per provider and reporting period: the simulator's buckets (default) or calendar months,
 * quarters or years in UTC (src/sim/calendar.ts: split exactly in cents, the rows add up to the billed total). */
export function simulationCsv(r: SimResult, period: CsvPeriod = 'bucket'): string {
  const rows = ['period_start,period_end,provider,spend_usd,gpu_hours'];
  for (const p of periodRows(r, period)) {
    for (const k of Object.keys(p.spendCents)) {
      rows.push(
        `${new Date(p.start).toISOString()},${new Date(p.end).toISOString()},${k},${centsText(p.spendCents[k] ?? 0)},${(p.gpuHours[k] ?? 0).toFixed(3)}`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** The mean and its 95% interval: `mean ±half` when the interval is symmetric as printed, else `mean [lo, hi]`;
 * the mean alone for one seed; — for a mean over nothing (null) or a metric the policy does not have. */
export function ci(i: Interval | null | undefined, f: (v: number) => string): string {
  if (!i) return NONE;
  if (i.lo === null || i.hi === null) return f(i.mean);
  const below = f(i.mean - i.lo);
  const above = f(i.hi - i.mean);
  return below === above ? `${f(i.mean)} ±${above}` : `${f(i.mean)} [${f(i.lo)}, ${f(i.hi)}]`;
}

export function renderComparison(
  name: string,
  seeds: number,
  summaries: readonly PolicySummary[],
  seconds: number,
): string {
  const out = [
    `skyfleet compare: ${name}, ${summaries.length} policies × ${seeds} seeds (mean ±95% CI over seeds; [lo, hi] when the interval is asymmetric), ${seconds.toFixed(1)} s`,
    '',
  ];
  const priced = summaries.some((s) => s.revenueUsd !== undefined);
  out.push(
    table(
      [
        'POLICY',
        'EFFECTIVE:',
        'INCREMENTAL:',
        'BILLED:',
        'SHORTFALL:',
        'REGRET:',
        'SERVED:',
        'DEADLINE MISSES:',
        'LOST GPU-H:',
        'MEAN JOB H:',
        ...(priced ? ['REVENUE:', 'MARGIN:'] : []),
      ],
      summaries.map((s) => [
        s.policy,
        ci(s.effectiveUsd, money),
        ci(s.incrementalUsd, money),
        ci(s.billedUsd, money),
        ci(s.shortfallUsd, money),
        ci(s.regretUsd, money),
        ci(s.attainment, pct),
        ci(s.deadlineMisses, (v) => v.toFixed(1)),
        ci(s.lostGpuHours, (v) => num(v)),
        ci(s.meanCompletionHours, (v) => v.toFixed(1)),
        ...(priced ? [ci(s.revenueUsd, money), ci(s.grossMargin, pct)] : []),
      ]),
    ),
  );
  out.push(
    '',
    `${NONE} = no value (a mean over nothing, or a measure the policy does not have).`,
    'Effective = billed + unserved work at the dearest list price per H100-equivalent GPU-hour; incremental = effective − the bill owed with nothing placed (sunk reserved blocks + every commitment minimum paid as shortfall). offline-optimal is an LP lower bound (perfect foresight) within its scope (below); regret = effective − that bound, per seed.',
    ...boundScopeLines(summaries),
  );
  for (const s of summaries)
    if (s.priorityPreemptions)
      out.push(
        `${s.policy} preempts for priority-1 work: ${ci(s.priorityPreemptions, (v) => num(v, 1))} runs stopped per seed, ${ci(s.priorityLostGpuHours, (v) => num(v))} GPU-h of their work lost (in LOST GPU-H).`,
      );
  for (const s of summaries)
    if (s.migrations)
      out.push(
        `${s.policy} moves running jobs to cheaper pools: ${ci(s.migrations, (v) => num(v, 1))} moves per seed, ${ci(s.migrationLostGpuHours, (v) => num(v))} GPU-h of their work lost (in LOST GPU-H), expected saving ${ci(s.migrationSavingUsd, money)} per seed.`,
      );
  if (priced)
    out.push(
      'Revenue = tokens served × price per million tokens (priced services); margin = (revenue − usage billed for their replicas) / revenue. offline-optimal has none.',
    );
  return out.join('\n');
}

export function comparisonCsv(runs: readonly RunSummary[]): string {
  const priced = runs.some((r) => r.revenueUsd !== undefined);
  const rows = [
    `policy,seed,effective_usd,billed_usd,shortfall_usd,attainment,deadline_misses,lost_gpu_hours,redone_gpu_hours,mean_completion_hours,outages,events${priced ? ',revenue_usd,serving_cost_usd,gross_margin' : ''}`,
  ];
  // An empty cell: no value (not measured, or a mean over nothing).
  const f = (v: number | null | undefined, d = 2): string =>
    v === undefined || v === null || !Number.isFinite(v) ? '' : v.toFixed(d);
  for (const r of runs) {
    rows.push(
      [
        r.policy,
        r.seed,
        f(r.effectiveUsd),
        f(r.billedUsd),
        f(r.shortfallUsd),
        f(r.attainment, 6),
        f(r.deadlineMisses, 0),
        f(r.lostGpuHours, 3),
        f(r.redoneGpuHours, 3),
        f(r.meanCompletionHours, 3),
        f(r.outages, 0),
        f(r.events, 0),
        ...(priced ? [f(r.revenueUsd), f(r.servingCostUsd), f(r.grossMargin, 6)] : []),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
