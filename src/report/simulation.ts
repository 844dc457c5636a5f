/**
 * The report of one simulation run (`skyfleet simulate --report FILE`): headline numbers, commitment burn-down per
 * contract against its ramp, spend per provider over time, availability with outages, and the tables behind them.
 * A pure function of the result: the same run gives the same bytes.
 */
import type { SimResult } from '../sim/result.js';
import { availabilityChart } from './availability.js';
import { burnCharts } from './burn.js';
import { day, dayTime, duration, num, pct, usd } from './format.js';
import { figures, page, section, table } from './html.js';
import { spendChart } from './spend.js';
import { gpuShareChart } from './gpu-share.js';

export interface SimulationReport {
  /** The scenario's name. */
  readonly scenario: string;
  readonly result: SimResult;
}

export function renderSimulationReport({ scenario, result: r }: SimulationReport): string {
  const c = r.cost;
  const j = r.jobs;
  const subtitle = `Policy ${r.policy}, seed ${r.seed}, ${day(r.horizon.start)} → ${day(r.horizon.end)} (UTC), ${num(r.events)} events simulated.`;
  const shortPeriods = r.contracts.filter((k) => k.shortfall > 0).length;
  const head = figures([
    {
      label: 'Billed',
      value: usd(c.billedCents / 100),
      note: `usage ${usd(c.usageCents / 100)} · reserved ${usd(c.reservedCents / 100)}`,
    },
    { label: 'Effective cost', value: usd(c.effectiveUsd), note: `billed + unserved work ${usd(c.unservedUsd)}` },
    {
      label: 'Shortfall paid',
      value: usd(c.shortfallCents / 100),
      note: `${shortPeriods} of ${r.contracts.length} periods short`,
    },
    {
      label: 'Inference served',
      value: pct(r.inference.attainment, 2),
      note: `${num(r.inference.servedUnitHours)} of ${num(r.inference.demandUnitHours)} replica-h`,
    },
    {
      label: 'Jobs finished',
      value: `${num(j.finished)} / ${num(j.arrived)}`,
      note: `${num(j.deadlineMisses)} deadline misses of ${num(j.withDeadline)}`,
    },
    { label: 'Outages', value: num(r.outages.length), note: `${num(j.lostGpuHours)} GPU-h of work lost` },
    ...(r.revenue
      ? [
          {
            label: 'Inference revenue',
            value: usd(r.revenue.revenueCents / 100),
            note: `gross margin ${r.revenue.grossMargin === null ? '–' : pct(r.revenue.grossMargin)} after ${usd(r.revenue.costCents / 100)} usage for serving`,
          },
        ]
      : []),
  ]);

  const burns = burnCharts(r);
  const contractRows = [...r.contracts]
    .sort((a, b) => a.contract.localeCompare(b.contract) || a.start - b.start)
    .map((k) => {
      const f = (v: number): string => (k.unit === 'usd' ? usd(v) : `${num(v)} GPU-h`);
      return {
        cells: [
          k.contract,
          k.provider,
          String(k.period + 1),
          `${day(k.start)} → ${day(k.end)}`,
          f(k.minimum + k.carryIn),
          f(k.usage),
          pct(k.utilisation),
          k.shortfall > 0 ? f(k.shortfall) : '–',
          k.paidCents > 0 ? usd(k.paidCents / 100) : '–',
          k.carryOut > 0 ? f(k.carryOut) : '–',
        ],
        bad: k.shortfall > 0,
      };
    });
  const contracts = section(
    'contracts',
    'Commitments: burn against the ramp',
    'Take-or-pay commitments are settled period by period: what is not burned by the end of a period is paid anyway (less any carry-forward).',
    burns.length === 0
      ? '<p>The scenario has no commitment (take-or-pay) contracts in the horizon.</p>'
      : burns.join('\n') +
          table(
            'Contract periods',
            [
              { label: 'Contract' },
              { label: 'Provider' },
              { label: 'Period', numeric: true },
              { label: 'Dates (UTC)' },
              { label: 'Minimum + carry-in', numeric: true },
              { label: 'Burned', numeric: true },
              { label: 'Utilisation', numeric: true },
              { label: 'Short', numeric: true },
              { label: 'Paid', numeric: true },
              { label: 'Carried on', numeric: true },
            ],
            contractRows,
          ),
  );

  const total = Object.values(c.byProviderCents).reduce((s, v) => s + v, 0);
  const gpuH: Record<string, number> = {};
  for (const b of r.periods) for (const [p, v] of Object.entries(b.gpuHours)) gpuH[p] = (gpuH[p] ?? 0) + v;
  const totalGpuH = Object.values(gpuH).reduce((s, v) => s + v, 0);
  const providerRows = Object.entries(c.byProviderCents).map(([p, cents]) => ({
    cells: [
      p,
      usd(cents / 100),
      pct(total > 0 ? cents / total : null),
      num(gpuH[p] ?? 0),
      pct(totalGpuH > 0 ? (gpuH[p] ?? 0) / totalGpuH : null),
    ],
  }));
  const spend = section(
    'spend',
    'Spend by provider',
    '',
    spendChart(r) +
      gpuShareChart(r) +
      table(
        'Spend and GPU-hours per provider over the horizon',
        [
          { label: 'Provider' },
          { label: 'Billed', numeric: true },
          { label: 'Share of spend', numeric: true },
          { label: 'GPU-hours', numeric: true },
          { label: 'Share of GPU-hours', numeric: true },
        ],
        providerRows,
      ),
  );

  const outageRows = [...r.outages]
    .sort((a, b) => a.start - b.start)
    .map((o) => ({
      cells: [
        o.provider,
        o.region === '*' ? 'all regions' : o.region,
        dayTime(o.start),
        dayTime(o.end),
        duration((o.end - o.start) / 3_600_000),
      ],
      bad: o.region === '*',
    }));
  const availability = section(
    'availability',
    'Availability',
    '',
    availabilityChart(r) +
      (outageRows.length === 0
        ? ''
        : `<details><summary>All ${outageRows.length} outages</summary>${table(
            'Outages',
            [
              { label: 'Provider' },
              { label: 'Region' },
              { label: 'Start' },
              { label: 'End' },
              { label: 'Length', numeric: true },
            ],
            outageRows,
          )}</details>`) +
      table(
        'Jobs',
        [{ label: 'Measure' }, { label: 'Value', numeric: true }],
        [
          { cells: ['Arrived', num(j.arrived)] },
          { cells: ['Finished', num(j.finished)] },
          { cells: ['Unfinished at the horizon end', num(j.unfinished)] },
          { cells: ['Unplaceable (no pool fits)', num(j.unplaceable)] },
          {
            cells: ['Deadline misses', `${num(j.deadlineMisses)} of ${num(j.withDeadline)}`],
            bad: j.deadlineMisses > 0,
          },
          {
            cells: [
              'Completion time, mean / p50 / p95',
              `${num(j.completionHours.mean, 1)} / ${num(j.completionHours.p50, 1)} / ${num(j.completionHours.p95, 1)} h`,
            ],
          },
          {
            cells: [
              'Interruptions: outage / preemption / capacity',
              `${num(j.interruptions.outage)} / ${num(j.interruptions.preemption)} / ${num(j.interruptions.capacity)}`,
            ],
          },
          { cells: ['GPU-hours of work lost / redone', `${num(j.lostGpuHours)} / ${num(j.redoneGpuHours)}`] },
        ],
      ),
  );

  const notes =
    `<footer><p>Billed = usage + reserved blocks + shortfall, exact to the cent (ledger: ${num(r.ledger.postings)} postings, ` +
    `${r.ledger.reconciles ? 'reconciles' : 'does NOT reconcile'}). Effective = billed + unserved work valued at ${usd(c.unservedPricePerH100Hour)} per ` +
    `H100-equivalent GPU-hour (the dearest list price in the scenario). ${c.commitmentCoverage === null ? 'There was no usage spend.' : `${pct(c.commitmentCoverage)} of usage spend burned a commitment.`} ` +
    'Dates are UTC. Made by skyfleet simulate; the file is self-contained and fetches nothing.</p></footer>';
  return page({
    title: `skyfleet simulate: ${scenario} (${r.policy}, seed ${r.seed})`,
    heading: `Simulation of ${scenario}`,
    subtitle,
    body: head + contracts + spend + availability + notes,
  });
}
