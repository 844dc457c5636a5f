/**
 * The ledger as a person reads it (tables) and as CSV, and the one place that prints a ledger view for both ways of
 * `skyfleet ledger` (`--from`, and the control plane's through the API). Only the CLI words it; the ledger returns
 * numbers.
 */
import type { LedgerView } from '../app/ledger-types.js';
import { cents, money, pct, table } from './format.js';
import { writeOutputFile } from './output-files.js';

const num = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
const amount = (unit: string, v: number): string => (unit === 'usd' ? money(v) : `${num(v)} GPU-h`);

/** Where the usage came from, in words. */
export function sourceWords(v: LedgerView): string {
  const s = v.source;
  if (s.kind === 'plan') return `from the plan ${s.plan} (forecast usage)`;
  if (s.kind === 'control-plane')
    return `from the control plane's usage records${s.team === undefined ? '' : ` (team ${s.team} only)`}`;
  return `from a simulation (policy ${s.policy}, seed ${s.seed})`;
}

export function renderLedger(name: string, v: LedgerView): string {
  const out: string[] = [];
  out.push(
    `skyfleet ledger: ${name}, ${sourceWords(v)}, ${v.source.horizon.start.slice(0, 10)} → ${v.source.horizon.end.slice(0, 10)}`,
  );
  out.push('');
  out.push(
    `Billed ${cents(v.billedCents)} (${v.billedUsd} USD) = usage ${cents(v.usageCents)} + reserved ${cents(v.reservedCents)} + shortfall ${cents(v.shortfallCents)}; at list price ${cents(v.listCents)}`,
  );
  out.push(
    `${num(v.usageRecords)} usage records in ${num(v.chargeRows)} charge rows; ${v.reconciles ? `reconciles to the cent (per provider, contract, period and team${v.source.kind === 'simulation' ? ', and with the simulation' : ''})` : `DOES NOT RECONCILE: ${v.problems.join('; ')}`}`,
  );
  const providers = [...new Set(v.months.flatMap((m) => Object.keys(m.byProvider)))].sort();
  out.push('');
  out.push('Spend by month (billed)');
  out.push(
    table(
      ['month', ...providers.map((p) => `${p}:`), 'total:'],
      v.months.map((m) => [m.month, ...providers.map((p) => cents(m.byProvider[p] ?? 0)), cents(m.billedCents)]),
    ),
  );
  out.push('');
  out.push('Commitment burn-down and forecast shortfall');
  out.push(
    table(
      ['period', 'ends', 'owed:', 'burned:', 'burned %:', 'shortfall:', 'paid:', 'carried:'],
      v.commitments.map((c) => [
        c.id,
        c.forecast.settlesAt.slice(0, 10),
        amount(c.unit, c.minimum + c.carryIn),
        amount(c.unit, c.burned),
        c.utilisation === null ? '\u2014' : pct(c.utilisation),
        amount(c.unit, c.forecast.shortfall),
        cents(c.forecast.paidCents),
        amount(c.unit, c.forecast.carryOut),
      ]),
    ),
  );
  const a = v.assumptions;
  out.push(
    `Assumptions: usage is ${v.source.kind === 'plan' ? "the plan's placements (each at its pool's price in each time bucket)" : v.source.kind === 'control-plane' ? "the providers' usage records (a running one up to now)" : 'the simulated run'}; each period settles as its contract says (take-or-pay, carry-forward).`,
  );
  for (const p of a.prorated)
    out.push(
      `  ${p.commitment}: the horizon cuts it; ${num(p.minimum)} of its ${num(p.statedMinimum)} minimum is owed here.`,
    );
  for (const c of a.carryForward)
    out.push(`  ${c.commitment}: ${pct(c.fraction)} of a shortfall carries into the next period.`);
  for (const s of a.shortfallRates)
    out.push(`  ${s.commitment}: a GPU-hour shortfall is paid at ${money(s.usdPerGpuHour)}/GPU-h.`);
  if (v.reservations.length > 0) {
    out.push('');
    out.push('Reserved capacity');
    out.push(
      table(
        ['block', 'capacity:', 'used:', 'charged:', 'unused:'],
        v.reservations.map((r) => [
          r.id,
          `${num(r.capacityGpuHours)} GPU-h`,
          r.capacityGpuHours > 0 ? pct(r.usedGpuHours / r.capacityGpuHours) : '\u2014',
          cents(r.chargedCents),
          cents(r.unusedCents),
        ]),
      ),
    );
  }
  out.push('');
  out.push(`Team chargeback (unused commitment allocated by use, shown apart; none used it: ${a.unallocatedTeam})`);
  out.push(
    table(
      ['team', 'usage:', 'reserved used:', 'unused reserved:', 'shortfall:', 'total:'],
      v.teams.map((t) => [
        t.team,
        cents(t.usageCents),
        cents(t.reservedUsedCents),
        cents(t.unusedReservedCents),
        cents(t.shortfallCents),
        cents(t.totalCents),
      ]),
    ),
  );
  return out.join('\n');
}

/** `--csv`: one row per month and provider, contract and team (billed for providers and contracts, chargeback for
 * teams), money as exact decimal dollars. */
export function ledgerCsv(v: LedgerView): string {
  const lines = ['month,dimension,key,usd'];
  const dec = (c: number): string => {
    const s = c < 0 ? '-' : '';
    const a = Math.abs(c);
    return `${s}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  };
  const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const m of v.months) {
    for (const [k, c] of Object.entries(m.byProvider)) lines.push(`${m.month},provider,${q(k)},${dec(c)}`);
    for (const [k, c] of Object.entries(m.byContract)) lines.push(`${m.month},contract,${q(k || '(none)')},${dec(c)}`);
    for (const [k, c] of Object.entries(m.byTeam)) lines.push(`${m.month},team,${q(k)},${dec(c)}`);
    lines.push(`${m.month},total,,${dec(m.billedCents)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** How a ledger view is asked for: `--csv FILE` (written there, then the text or JSON too), `--csv` alone (the CSV
 * on stdout and nothing else), `--json` (the view as JSON), or else the text. */
export interface LedgerPrintOptions {
  readonly csv?: string | boolean;
  readonly json?: boolean;
}

/** Prints `v` (named `name` in the text's title) as `o` asks: the one output of `skyfleet ledger`, whatever made the
 * view. */
export function printLedgerView(name: string, v: LedgerView, o: LedgerPrintOptions): void {
  if (o.csv !== undefined) {
    const csv = ledgerCsv(v);
    if (typeof o.csv !== 'string') {
      process.stdout.write(csv);
      return;
    }
    writeOutputFile('--csv', o.csv, csv);
  }
  process.stdout.write(o.json ? `${JSON.stringify(v, null, 2)}\n` : `${renderLedger(name, v)}\n`);
}

/** The stderr line once `--focus DIR` has written the two FOCUS 1.3 files (their data rows, header not counted). */
export const focusWritten = (dir: string, costRows: number, commitmentRows: number): string =>
  `skyfleet: FOCUS 1.3 written to ${dir}: cost_and_usage.csv (${costRows} rows), contract_commitment.csv (${commitmentRows} rows)\n`;
