/**
 * The ledger of one run, assembled once the last usage record is booked (pure): every charge row, the settled
 * commitment periods, each reserved block's use, and the sums people ask for — spend per calendar month by provider,
 * contract and team, team chargeback, forecast shortfall — all in exact integer cents, with the checks that they add
 * up (reconcile: the rows equal the bill, per provider, contract, billing period and team, to the cent).
 *
 * Team chargeback (the documented rule): a team is charged the effective cost of its own usage rows (what it was
 * billed, plus its GPU-ms share of the reserved blocks it ran on), and, shown separately, a share of what nobody
 * used: a block's unused charge in a billing period goes to the teams that used that block in that period, in
 * proportion to their GPU-ms on it; a commitment period's shortfall goes to the teams that burned that period, in
 * proportion to their burn (cents for a USD commitment, GPU-ms for a GPU-hour one). When nobody used the block or
 * burned the period, the amount is charged to `(unallocated)`, never dropped. Every split is exact (apportion.ts), so
 * the teams' totals add up to the bill.
 */
import { type Cents, sumCents } from '../core/money.js';
import type { LedgerBook } from './book.js';
import type { Charge, PeriodCharge, UsageCharge } from './charges.js';
import { allocate, closeBook, type ReservedPeriod, type SettledCommitment, UNALLOCATED } from './close.js';
import type { LedgerLine } from './ledger.js';
import { monthKey } from './slices.js';

export interface TeamCharge {
  readonly team: string;
  /** Billed for its usage (on-demand, spot, committed). */
  readonly usageCents: Cents;
  /** Its GPU-ms share of the reserved blocks it ran on. */
  readonly reservedUsedCents: Cents;
  /** Allocated: unused reserved capacity and commitment shortfall. */
  readonly unusedReservedCents: Cents;
  readonly shortfallCents: Cents;
  readonly totalCents: Cents;
}

export interface MonthSpend {
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  /** Billed (cash) per provider and per contract ('' = bought without a contract). */
  readonly byProvider: Readonly<Record<string, Cents>>;
  readonly byContract: Readonly<Record<string, Cents>>;
  /** Chargeback per team (effective cost + allocations; see the module comment). */
  readonly byTeam: Readonly<Record<string, Cents>>;
  readonly billedCents: Cents;
}

export interface LedgerResult {
  readonly usage: readonly UsageCharge[];
  readonly periodCharges: readonly PeriodCharge[];
  readonly commitments: readonly SettledCommitment[];
  readonly reserved: readonly ReservedPeriod[];
  readonly totals: {
    readonly billedCents: Cents;
    readonly effectiveCents: Cents;
    readonly listCents: Cents;
    readonly contractedCents: Cents;
    readonly usageCents: Cents;
    readonly reservedCents: Cents;
    readonly shortfallCents: Cents;
  };
  readonly teams: readonly TeamCharge[];
  readonly months: readonly MonthSpend[];
  readonly lines: readonly LedgerLine[];
  readonly records: number;
  /** Problems found adding everything up again: empty when the ledger reconciles. */
  readonly problems: readonly string[];
}

export function finishLedger(book: LedgerBook): LedgerResult {
  const closed = closeBook(book);
  const usage = [...book.rows].sort((a, b) => a.start - b.start);
  const { periodCharges } = closed;
  const sum = (xs: readonly Charge[], f: (c: Charge) => number): Cents => sumCents(xs.map((x) => f(x) as Cents));
  const all: Charge[] = [...usage, ...periodCharges];
  const billedCents = sum(all, (c) => c.billedCents);
  const teams = teamCharges(usage, closed.reserved, closed.shortfallByTeam);
  const months = monthSpend(usage, periodCharges, closed.reserved, closed.shortfallByTeam);
  const lines = book.ledger.entries();
  const result: LedgerResult = {
    usage,
    periodCharges,
    commitments: closed.commitments,
    reserved: closed.reserved,
    totals: {
      billedCents,
      effectiveCents: sum(all, (c) => c.effectiveCents),
      listCents: sum(all, (c) => c.listCents),
      contractedCents: sum(all, (c) => c.contractedCents),
      usageCents: sum(usage, (c) => c.billedCents),
      reservedCents: sum(
        periodCharges.filter((c) => c.kind === 'purchase'),
        (c) => c.billedCents,
      ),
      shortfallCents: sum(
        periodCharges.filter((c) => c.kind === 'shortfall'),
        (c) => c.billedCents,
      ),
    },
    teams,
    months,
    lines,
    records: book.records,
    problems: [],
  };
  return { ...result, problems: reconcile(result, book) };
}

function teamCharges(
  usage: readonly UsageCharge[],
  reserved: readonly ReservedPeriod[],
  shortfall: ReadonlyMap<string, ReadonlyMap<string, Cents>>,
): TeamCharge[] {
  const t = new Map<string, { u: number; r: number; x: number; s: number }>();
  const of = (team: string) => {
    let v = t.get(team);
    if (!v) {
      v = { u: 0, r: 0, x: 0, s: 0 };
      t.set(team, v);
    }
    return v;
  };
  for (const row of usage) {
    if (row.pricing === 'reserved') of(row.team).r += row.effectiveCents;
    else of(row.team).u += row.billedCents;
  }
  for (const p of reserved) for (const [team, c] of p.unusedByTeam) of(team).x += c;
  for (const m of shortfall.values()) for (const [team, c] of m) of(team).s += c;
  return [...t.entries()]
    .sort(([a], [b]) => (a === UNALLOCATED ? 1 : b === UNALLOCATED ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([team, v]) => ({
      team,
      usageCents: v.u as Cents,
      reservedUsedCents: v.r as Cents,
      unusedReservedCents: v.x as Cents,
      shortfallCents: v.s as Cents,
      totalCents: sumCents([v.u, v.r, v.x, v.s] as Cents[]),
    }));
}

export function monthSpend(
  usage: readonly UsageCharge[],
  periodCharges: readonly PeriodCharge[],
  reserved: readonly ReservedPeriod[],
  shortfall: ReadonlyMap<string, ReadonlyMap<string, Cents>>,
): MonthSpend[] {
  const months = new Map<
    string,
    { p: Map<string, number>; c: Map<string, number>; t: Map<string, number>; billed: number }
  >();
  const of = (t: number) => {
    const k = monthKey(t);
    let m = months.get(k);
    if (!m) {
      m = { p: new Map(), c: new Map(), t: new Map(), billed: 0 };
      months.set(k, m);
    }
    return m;
  };
  const add = (m: Map<string, number>, k: string, v: number): void => {
    m.set(k, (m.get(k) ?? 0) + v);
  };
  for (const row of [...usage, ...periodCharges]) {
    const m = of(row.start);
    add(m.p, row.provider, row.billedCents);
    add(m.c, row.contract, row.billedCents);
    m.billed += row.billedCents;
    if (row.kind === 'usage') add(m.t, row.team, row.effectiveCents);
  }
  // Unused reserved capacity: each month slice of a block's unused row, split by the period's team weights.
  const weights = new Map(reserved.map((r) => [`${r.reservation}:${r.period}`, r.unusedByTeam]));
  for (const row of periodCharges) {
    if (row.kind === 'unused') {
      const byTeam = weights.get(`${row.reservation}:${row.period}`);
      for (const [team, c] of allocate(row.effectiveCents, byTeam ?? new Map<string, number>()))
        add(of(row.start).t, team, c);
    } else if (row.kind === 'shortfall') {
      for (const [team, c] of shortfall.get(row.commitment) ?? new Map<string, Cents>()) add(of(row.start).t, team, c);
    }
  }
  const rec = (m: Map<string, number>): Record<string, Cents> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Record<string, Cents>;
  return [...months.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, m]) => ({
      month,
      byProvider: rec(m.p),
      byContract: rec(m.c),
      byTeam: rec(m.t),
      billedCents: m.billed as Cents,
    }));
}

/** Adds everything up again: rows = bill, per provider, contract and billing period (the ledger's lines) and per team. */
function reconcile(r: LedgerResult, book: LedgerBook): string[] {
  const problems = [...book.ledger.reconcile()];
  if (r.totals.billedCents !== book.ledger.total)
    problems.push(`charge rows bill ${r.totals.billedCents} cents, the ledger's lines ${book.ledger.total}`);
  if (r.totals.effectiveCents !== r.totals.billedCents)
    problems.push(`effective ${r.totals.effectiveCents} cents != billed ${r.totals.billedCents}`);
  const byLine = new Map<string, number>();
  const key = (period: number, provider: string, contract: string) => `${period}|${provider}|${contract}`;
  for (const l of r.lines)
    byLine.set(
      key(l.period, l.provider, l.contract),
      (byLine.get(key(l.period, l.provider, l.contract)) ?? 0) + l.cents,
    );
  const byRow = new Map<string, number>();
  for (const c of [...r.usage, ...r.periodCharges]) {
    // The ledger's usage lines name a contract only when the usage burned its commitment.
    const contract = c.kind === 'usage' ? (c.commitment ? c.contract : '') : c.contract;
    const k = key(c.period, c.provider, contract);
    byRow.set(k, (byRow.get(k) ?? 0) + c.billedCents);
  }
  for (const k of new Set([...byLine.keys(), ...byRow.keys()]))
    if ((byLine.get(k) ?? 0) !== (byRow.get(k) ?? 0))
      problems.push(`period|provider|contract ${k}: rows ${byRow.get(k) ?? 0} cents, lines ${byLine.get(k) ?? 0}`);
  const teams = sumCents(r.teams.map((t) => t.totalCents));
  if (teams !== r.totals.billedCents)
    problems.push(`teams add up to ${teams} cents, the bill is ${r.totals.billedCents}`);
  const months = r.months.reduce((s, m) => s + m.billedCents, 0);
  if (months !== r.totals.billedCents)
    problems.push(`months add up to ${months} cents, the bill is ${r.totals.billedCents}`);
  const monthTeams = r.months.reduce((s, m) => s + Object.values(m.byTeam).reduce((a, b) => a + b, 0), 0);
  if (monthTeams !== r.totals.billedCents)
    problems.push(`months' team chargeback adds up to ${monthTeams} cents, the bill is ${r.totals.billedCents}`);
  return problems;
}
