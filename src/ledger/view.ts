/**
 * What `skyfleet ledger` states about a ledger (pure data for the renderers: text, JSON, CSV, HTML): the bill (and
 * `billedUsd`, the exact decimal string of it, which is the sum of BilledCost in the FOCUS export of the same run),
 * spend per calendar month by provider, contract and team, each commitment period's burn-down by month with its
 * settlement as forecast (and the assumptions the forecast rests on), each reserved block's use, team chargeback.
 */
import { UNALLOCATED } from './close.js';
import { centsDecimal } from './focus/format.js';
import type { LedgerResult } from './result.js';
import { monthKey } from './slices.js';
import type { LedgerInput } from './usage.js';

export const LEDGER_SCHEMA = 'skyfleet/ledger@1';

/** Where the usage came from: a simulated run (policy, seed), or a plan's placements (forecast usage). */
export type LedgerSource =
  | { readonly kind: 'simulation'; readonly scenario: string; readonly policy: string; readonly seed: number }
  | { readonly kind: 'plan'; readonly scenario: string; readonly plan: string }
  /** The usage records of a running control plane (the fleet's contracts); `team`: only that team's charges. */
  | { readonly kind: 'control-plane'; readonly scenario: string; readonly team?: string };

export interface CommitmentView {
  readonly id: string;
  readonly contract: string;
  readonly provider: string;
  readonly period: number;
  readonly start: string;
  readonly end: string;
  readonly unit: 'usd' | 'gpu-hours';
  /** The minimum the contract states for the whole period, and what is owed inside the horizon (prorated). */
  readonly statedMinimum: number;
  readonly minimum: number;
  readonly carryIn: number;
  readonly burned: number;
  readonly utilisation: number | null;
  /** Cumulative burn at the end of each calendar month in the period (the burn-down), in the commitment's unit. */
  readonly burnByMonth: readonly { readonly month: string; readonly burned: number; readonly owed: number }[];
  readonly forecast: {
    /** Shortfall at the period's end (or the horizon's), in the commitment's unit; the part paid, in cents. */
    readonly shortfall: number;
    readonly paidCents: number;
    readonly carryOut: number;
    readonly settlesAt: string;
  };
}

export interface LedgerView {
  readonly schema: typeof LEDGER_SCHEMA;
  readonly source: LedgerSource & { readonly horizon: { readonly start: string; readonly end: string } };
  /** The run's bill as an exact decimal string of USD. */
  readonly billedUsd: string;
  readonly billedCents: number;
  readonly usageCents: number;
  readonly reservedCents: number;
  readonly shortfallCents: number;
  readonly listCents: number;
  readonly contractedCents: number;
  readonly reconciles: boolean;
  readonly problems: readonly string[];
  readonly usageRecords: number;
  readonly chargeRows: number;
  readonly months: readonly {
    readonly month: string;
    readonly billedCents: number;
    readonly byProvider: Readonly<Record<string, number>>;
    readonly byContract: Readonly<Record<string, number>>;
    readonly byTeam: Readonly<Record<string, number>>;
  }[];
  readonly commitments: readonly CommitmentView[];
  readonly reservations: readonly {
    readonly id: string;
    readonly capacityGpuHours: number;
    readonly usedGpuHours: number;
    readonly chargedCents: number;
    readonly unusedCents: number;
  }[];
  readonly teams: readonly {
    readonly team: string;
    readonly usageCents: number;
    readonly reservedUsedCents: number;
    readonly unusedReservedCents: number;
    readonly shortfallCents: number;
    readonly totalCents: number;
  }[];
  /** What the forecast rests on, as data (the renderers word it). */
  readonly assumptions: {
    readonly usage: 'simulated' | 'planned' | 'recorded';
    readonly chargeback: 'unused reserved by GPU-ms on the block in the period; shortfall by burn of the period';
    readonly unallocatedTeam: string;
    readonly prorated: readonly {
      readonly commitment: string;
      readonly statedMinimum: number;
      readonly minimum: number;
    }[];
    readonly carryForward: readonly { readonly commitment: string; readonly fraction: number }[];
    readonly shortfallRates: readonly { readonly commitment: string; readonly usdPerGpuHour: number }[];
  };
}

const iso = (t: number): string => new Date(t).toISOString();

export function ledgerView(ledger: LedgerResult, input: LedgerInput, source: LedgerSource): LedgerView {
  const t = ledger.totals;
  const byId = new Map(input.commitments.map((m) => [m.id, m]));
  const commitments: CommitmentView[] = ledger.commitments.map((c) => {
    const months = new Map<string, number>();
    for (const p of c.burn) months.set(monthKey(p.at - 1), p.usage);
    return {
      id: c.id,
      contract: c.contract,
      provider: c.provider,
      period: c.period,
      start: iso(c.start),
      end: iso(c.end),
      unit: c.unit,
      statedMinimum: c.statedMinimum,
      minimum: c.minimum,
      carryIn: c.carryIn,
      burned: c.usage,
      utilisation: c.utilisation,
      burnByMonth: [...months].map(([month, burned]) => ({ month, burned, owed: c.minimum + c.carryIn })),
      forecast: { shortfall: c.shortfall, paidCents: c.paidCents, carryOut: c.carryOut, settlesAt: iso(c.settledAt) },
    };
  });
  const res = new Map<string, { cap: number; used: number; charged: number; unused: number }>();
  for (const r of ledger.reserved) {
    const a = res.get(r.reservation) ?? { cap: 0, used: 0, charged: 0, unused: 0 };
    a.cap += r.capacityGpuHours;
    a.used += r.usedGpuHours;
    a.charged += r.chargedCents;
    a.unused += r.unusedCents;
    res.set(r.reservation, a);
  }
  return {
    schema: LEDGER_SCHEMA,
    source: { ...source, horizon: { start: iso(input.horizon.start), end: iso(input.horizon.end) } },
    billedUsd: centsDecimal(t.billedCents),
    billedCents: t.billedCents,
    usageCents: t.usageCents,
    reservedCents: t.reservedCents,
    shortfallCents: t.shortfallCents,
    listCents: t.listCents,
    contractedCents: t.contractedCents,
    reconciles: ledger.problems.length === 0,
    problems: ledger.problems,
    usageRecords: ledger.records,
    chargeRows: ledger.usage.length + ledger.periodCharges.length,
    months: ledger.months,
    commitments,
    reservations: [...res].map(([id, a]) => ({
      id,
      capacityGpuHours: a.cap,
      usedGpuHours: a.used,
      chargedCents: a.charged,
      unusedCents: a.unused,
    })),
    teams: ledger.teams,
    assumptions: {
      usage: source.kind === 'plan' ? 'planned' : source.kind === 'control-plane' ? 'recorded' : 'simulated',
      chargeback: 'unused reserved by GPU-ms on the block in the period; shortfall by burn of the period',
      unallocatedTeam: UNALLOCATED,
      prorated: ledger.commitments
        .filter((c) => c.minimum !== c.statedMinimum)
        .map((c) => ({ commitment: c.id, statedMinimum: c.statedMinimum, minimum: c.minimum })),
      carryForward: input.commitments
        .filter((m) => m.carryForwardFraction > 0 && m.next !== undefined)
        .map((m) => ({ commitment: m.id, fraction: m.carryForwardFraction })),
      shortfallRates: input.commitments
        .filter((m) => m.unit === 'gpu-hours' && byId.has(m.id))
        .map((m) => ({ commitment: m.id, usdPerGpuHour: m.shortfallRate })),
    },
  };
}
