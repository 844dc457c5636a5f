/**
 * One team's part of a ledger (pure), for a caller who may see only that team's charges (a team token of the control
 * plane): the charge rows billed to its own usage (on-demand, committed, spot), its months rebuilt from those rows
 * alone, and its chargeback line — which shows, apart, its GPU-ms share of the reserved blocks it ran on and its share
 * of the fleet's unused reserved capacity and commitment shortfall, allocated over the whole ledger by result.ts's
 * documented rule. Left out: the fleet-wide period charges (a reserved block's purchase and idle rows, shortfall),
 * the rows of its use of reserved blocks (billed 0; their effective cost is a share of a purchase the team's export
 * does not hold, so FOCUS's EffectiveCost identities could not hold without it), the other teams' rows, the
 * commitments' burn, the reserved blocks' use and the ledger's lines (per provider, not per team). Its bill (and so
 * `billedUsd` and the FOCUS export's BilledCost) is what its own usage was billed; the reconciliation problems are
 * those of the whole ledger it was cut from.
 */
import { type Cents, sumCents } from '../core/money.js';
import { monthSpend, type LedgerResult } from './result.js';

export function teamShare(full: LedgerResult, team: string): LedgerResult {
  const usage = full.usage.filter((r) => r.team === team && r.pricing !== 'reserved');
  const sum = (f: (r: (typeof usage)[number]) => number): Cents => sumCents(usage.map((r) => f(r) as Cents));
  const billedCents = sum((r) => r.billedCents);
  return {
    usage,
    periodCharges: [],
    commitments: [],
    reserved: [],
    totals: {
      billedCents,
      effectiveCents: sum((r) => r.effectiveCents),
      listCents: sum((r) => r.listCents),
      contractedCents: sum((r) => r.contractedCents),
      usageCents: billedCents,
      reservedCents: 0 as Cents,
      shortfallCents: 0 as Cents,
    },
    teams: full.teams.filter((t) => t.team === team),
    months: monthSpend(usage, [], [], new Map()),
    lines: [],
    // Records folded into its rows (a record cut at midnight counts once per day).
    records: usage.reduce((n, r) => n + r.records, 0),
    problems: full.problems,
  };
}
