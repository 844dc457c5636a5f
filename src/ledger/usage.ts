/**
 * What the ledger is made from — one input shape for every source: the simulator (simulated usage), the planner
 * (forecast usage) and the control plane (usage records from the providers).
 *
 *   usage records   one per billed stretch of capacity: who (workload, team), where (provider, region, instance type,
 *                   GPU model), how much (GPUs, start, end), how it was bought (pricing) and at what unit price;
 *   contracts       each contract's commitment periods (take-or-pay minimums, in USD or GPU-hours, with the
 *                   carry-forward rule) and reserved capacity blocks (GPUs per billing period, rate per GPU-hour);
 *   billing periods the periods charges are cut into (the simulator's time buckets): a reserved block is charged once
 *                   per billing period, a usage record lies in one billing period.
 *
 * Times are epoch milliseconds (UTC); unit prices are USD per GPU-hour; the ledger rounds each record's cost to the
 * cent once (usage-cost.ts) and is exact integer cents from there on.
 */
import type { Usd } from '../core/money.js';

export const PRICINGS = ['on-demand', 'spot', 'committed', 'reserved'] as const;
/** How the capacity of a usage record was bought: on-demand at list, spot (dynamic price), on-demand under a contract
 * (its discount; may burn the contract's commitment), or a reserved block (paid used or not: a record costs nothing
 * more, the block's charge is spread over its use). */
export type Pricing = (typeof PRICINGS)[number];

export interface UsageRecord {
  readonly workload: string;
  readonly team: string;
  /** What the workload is: training, batch or inference (FOCUS ServiceCategory/ServiceSubcategory). */
  readonly workloadKind: string;
  readonly provider: string;
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly gpus: number;
  readonly pricing: Pricing;
  /** [start, end) in epoch ms; inside one billing period. */
  readonly start: number;
  readonly end: number;
  /** USD per GPU-hour billed (0 on a reserved block). */
  readonly unitPrice: Usd;
  /** USD per GPU-hour at public list price for the same capacity at the same time. */
  readonly listUnitPrice: Usd;
  /** The contract it was bought under (committed and reserved pricing). */
  readonly contract?: string | undefined;
  /** The reserved block it ran on (reserved pricing): LedgerReservation.id. */
  readonly reservation?: string | undefined;
  /** Optional: one string the source gives every record that shares workload, team, provider, region, instance
   * type, GPU, pricing, contract and reservation (it saves the book building one per record); unique per such set. */
  readonly group?: string | undefined;
}

/** One commitment period of a contract: a take-or-pay minimum over [start, end). */
export interface LedgerCommitment {
  /** Unique over the ledger, e.g. `aws-2026/period-1`. */
  readonly id: string;
  readonly contract: string;
  readonly provider: string;
  /** 0-based index of the period in its contract. */
  readonly period: number;
  readonly unit: 'usd' | 'gpu-hours';
  readonly start: number;
  readonly end: number;
  /** The minimum due (USD or GPU-hours), already prorated when the ledger's horizon cuts the period. */
  readonly minimum: number;
  /** The minimum the contract states for the whole period, before any proration. */
  readonly statedMinimum: number;
  /** Id of the next period of the same contract (where a carried-forward shortfall goes), if the ledger has it. */
  readonly next?: string;
  /** Share of a shortfall carried into the next period instead of paid (only when there is a next period). */
  readonly carryForwardFraction: number;
  /** USD per GPU-hour a GPU-hour shortfall is paid at (unused for USD commitments). */
  readonly shortfallRate: Usd;
}

/** A reserved capacity block: `gpus[i]` GPUs in billing period i, each charged `ratePerGpuHour` used or not. */
export interface LedgerReservation {
  /** Unique over the ledger: `<contract>/<block>`. */
  readonly id: string;
  readonly block: string;
  readonly contract: string;
  readonly provider: string;
  readonly region: string;
  readonly gpu: string;
  readonly instanceType: string;
  readonly ratePerGpuHour: Usd;
  /** Do its charges burn the contract's commitment (the period holding the whole billing period)? */
  readonly countsTowardCommitment: boolean;
  readonly gpus: readonly number[];
  /** USD per GPU-hour at list price for the same GPU on demand (for ListCost). */
  readonly listUnitPrice: Usd;
}

export interface LedgerContract {
  readonly id: string;
  readonly provider: string;
  readonly start: number;
  readonly end: number;
  /** Fraction off list for on-demand capacity bought under it. */
  readonly discount: number;
}

export interface BillingPeriod {
  readonly start: number;
  readonly end: number;
  /** Its length in hours, as the source bills it (reserved charge = GPUs × hours × rate). */
  readonly hours: number;
}

export interface LedgerInput {
  readonly horizon: { readonly start: number; readonly end: number };
  readonly periods: readonly BillingPeriod[];
  readonly contracts: readonly LedgerContract[];
  /** In settling order: a period before the period it carries forward into. */
  readonly commitments: readonly LedgerCommitment[];
  readonly reservations: readonly LedgerReservation[];
  /** The company behind a provider's hardware, when another (a neocloud on a hyperscaler's): provider → host. */
  readonly hosts?: Readonly<Record<string, string>>;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
