/**
 * The ledger's report (`skyfleet ledger --report FILE`): the bill, each contract's commitment burn against its ramp
 * (the same charts as the simulator's report: burn.ts), spend per calendar month by provider, team chargeback with the
 * unused commitment shown apart, reserved blocks used and unused, and each commitment period's forecast settlement.
 * A pure function of the ledger: the same run gives the same bytes.
 */
import type { SettledCommitment } from '../ledger/close.js';
import type { LedgerView } from '../ledger/view.js';
import { burnCharts } from './burn.js';
import { day, num, pct, usd } from './format.js';
import { figures, page, section, table } from './html.js';

export interface LedgerReport {
  readonly scenario: string;
  readonly view: LedgerView;
  readonly commitments: readonly SettledCommitment[];
  readonly horizon: { readonly start: number; readonly end: number };
}

const dollars = (c: number): string => usd(c / 100);

export function renderLedgerReport({ scenario, view: v, commitments, horizon }: LedgerReport): string {
  const from =
    v.source.kind === 'plan'
      ? `From the plan ${v.source.plan} (forecast usage)`
      : v.source.kind === 'control-plane'
        ? "From the control plane's usage records"
        : `From a simulation: policy ${v.source.policy}, seed ${v.source.seed}`;
  const subtitle = `${from}, ${day(horizon.start)} → ${day(horizon.end)} (UTC); ${num(v.usageRecords)} usage records in ${num(v.chargeRows)} charge rows; ${v.reconciles ? 'the ledger reconciles to the cent' : `DOES NOT RECONCILE: ${v.problems.join('; ')}`}.`;
  const head = figures([
    { label: 'Billed', value: dollars(v.billedCents), note: `${v.billedUsd} USD exactly` },
    { label: 'Usage', value: dollars(v.usageCents) },
    { label: 'Reserved blocks', value: dollars(v.reservedCents) },
    { label: 'Shortfall paid', value: dollars(v.shortfallCents) },
    { label: 'At list price', value: dollars(v.listCents), note: 'what the same GPU-hours cost at public list' },
  ]);
  const providers = [...new Set(v.months.flatMap((m) => Object.keys(m.byProvider)))].sort();
  const monthTable = table(
    'Billed per calendar month and provider',
    [{ label: 'month' }, ...providers.map((p) => ({ label: p, numeric: true })), { label: 'total', numeric: true }],
    v.months.map((m) => ({
      cells: [m.month, ...providers.map((p) => dollars(m.byProvider[p] ?? 0)), dollars(m.billedCents)],
    })),
  );
  const teamTable = table(
    'Team chargeback (effective cost; unused commitment allocated by use, shown apart)',
    [
      { label: 'team' },
      { label: 'usage', numeric: true },
      { label: 'reserved used', numeric: true },
      { label: 'unused reserved', numeric: true },
      { label: 'shortfall', numeric: true },
      { label: 'total', numeric: true },
    ],
    v.teams.map((t) => ({
      cells: [
        t.team,
        dollars(t.usageCents),
        dollars(t.reservedUsedCents),
        dollars(t.unusedReservedCents),
        dollars(t.shortfallCents),
        dollars(t.totalCents),
      ],
    })),
  );
  const fmt = (c: { unit: string }, x: number): string => (c.unit === 'usd' ? usd(x) : `${num(x)} GPU-h`);
  const forecast = table(
    'Commitment periods: burn and forecast shortfall',
    [
      { label: 'period' },
      { label: 'owed', numeric: true },
      { label: 'burned', numeric: true },
      { label: 'burned %', numeric: true },
      { label: 'shortfall', numeric: true },
      { label: 'paid', numeric: true },
      { label: 'carried', numeric: true },
    ],
    v.commitments.map((c) => ({
      bad: c.forecast.shortfall > 0,
      cells: [
        `${c.id} (${c.start.slice(0, 10)} → ${c.end.slice(0, 10)})`,
        fmt(c, c.minimum + c.carryIn),
        fmt(c, c.burned),
        pct(c.utilisation),
        fmt(c, c.forecast.shortfall),
        dollars(c.forecast.paidCents),
        fmt(c, c.forecast.carryOut),
      ],
    })),
  );
  const reserved = table(
    'Reserved blocks: used and unused',
    [
      { label: 'block' },
      { label: 'capacity', numeric: true },
      { label: 'used', numeric: true },
      { label: 'charged', numeric: true },
      { label: 'unused', numeric: true },
    ],
    v.reservations.map((r) => ({
      bad: r.unusedCents > 0,
      cells: [
        r.id,
        `${num(r.capacityGpuHours)} GPU-h`,
        pct(r.capacityGpuHours > 0 ? r.usedGpuHours / r.capacityGpuHours : null),
        dollars(r.chargedCents),
        dollars(r.unusedCents),
      ],
    })),
  );
  const a = v.assumptions;
  const assumptions = [
    v.source.kind === 'plan'
      ? "Usage is the plan's placements, each at its pool's price in each time bucket; the settlement of each period is its forecast."
      : v.source.kind === 'control-plane'
        ? "Usage is the providers' usage records (a running one up to now); the settlement of each period is its forecast."
        : `Usage is the simulated run (policy ${v.source.policy}, seed ${v.source.seed}); the settlement of each period is its forecast.`,
    ...a.prorated.map(
      (p) =>
        `${p.commitment}: the horizon cuts the period, so ${num(p.minimum)} of its ${num(p.statedMinimum)} minimum is owed here.`,
    ),
    ...a.carryForward.map(
      (c) => `${c.commitment}: ${pct(c.fraction)} of a shortfall carries into the next period instead of being paid.`,
    ),
    ...a.shortfallRates.map(
      (s) => `${s.commitment}: a GPU-hour shortfall is paid at ${usd(s.usdPerGpuHour)} per GPU-hour.`,
    ),
    `Chargeback: a reserved block's unused charge goes to the teams that used the block in the same period, by GPU-ms; a period's shortfall to the teams that burned it, by burn; with no such team, to ${a.unallocatedTeam}.`,
  ];
  const body = [
    head,
    section(
      'burn',
      'Commitment burn-down',
      'Within each commitment period the burn (usage under the contract and the reserved charges that count) climbs toward the minimum; the minimums, period after period, are the contract\u2019s ramp.',
      burnCharts({ contracts: commitments, horizon }).join('\n'),
    ),
    section('forecast', 'Forecast shortfall', assumptions.join(' '), forecast),
    section('months', 'Spend by month', 'Billed (cash) per calendar month (UTC).', monthTable),
    section('teams', 'Team chargeback', 'Every charge carries the team and workload it served.', teamTable),
    section('reserved', 'Reserved capacity', 'Each block is charged for every GPU of its ramp, used or not.', reserved),
  ].join('\n');
  return page({ title: `skyfleet ledger — ${scenario}`, heading: `Ledger: ${scenario}`, subtitle, body });
}
