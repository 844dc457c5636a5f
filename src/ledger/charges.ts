/**
 * The ledger's charge rows (pure data, exact integer cents), one kind per way money arises:
 *
 *   usage     capacity used in one UTC day of one billing period by one workload of one team on one kind of capacity
 *             (provider, region, instance type, GPU, pricing, contract, commitment period, reserved block);
 *   purchase  a reserved block's charge for (one calendar month of) one billing period: billed used or not;
 *   unused    the part of that charge no usage took: the block's idle GPU-hours;
 *   shortfall what a commitment period's minimum was not burned by, paid at the period's end (less what was carried).
 *
 * Costs, as FOCUS names them: billed (cash owed for the row), effective (amortised: a reserved block's charge moves
 * from its purchase rows onto the usage and unused rows that consumed it), list (public list price × quantity) and
 * contracted (the contract's price × quantity).
 */
import type { Cents } from '../core/money.js';
import type { Pricing } from './usage.js';

export interface ChargeBase {
  /** Charge period [start, end), epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Index of the billing period (input periods) it falls in. */
  readonly period: number;
  readonly provider: string;
  /** Contract id, or '' when bought without one. */
  readonly contract: string;
  /** The commitment period (LedgerCommitment.id) the charge burns, or ''. */
  readonly commitment: string;
  /** The reserved block (LedgerReservation.id), or ''. */
  readonly reservation: string;
}

export interface UsageCharge extends ChargeBase {
  readonly kind: 'usage';
  readonly workload: string;
  readonly team: string;
  readonly workloadKind: string;
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly pricing: Pricing;
  readonly unitPrice: number;
  readonly listUnitPrice: number;
  readonly contractedUnitPrice: number;
  gpuHours: number;
  /** GPU-milliseconds (whole): the weight the block's charge is spread by. */
  gpuMs: number;
  billedCents: number;
  effectiveCents: number;
  listCents: number;
  contractedCents: number;
  /** Usage records (or parts of records cut at days) folded in: each was rounded to the cent once. */
  records: number;
}

export interface PeriodCharge extends ChargeBase {
  readonly kind: 'purchase' | 'unused' | 'shortfall';
  readonly region: string;
  readonly gpu: string;
  readonly instanceType: string;
  /** GPU-hours (purchase: the block's capacity; unused: its idle part; shortfall of a GPU-hour commitment: the
   * GPU-hours paid for; of a USD commitment: 0). */
  readonly gpuHours: number;
  readonly unitPrice: number;
  readonly listUnitPrice: number;
  readonly billedCents: Cents;
  readonly effectiveCents: Cents;
  readonly listCents: Cents;
  readonly contractedCents: Cents;
  /** The amount applied to the commitment (`commitment`), in its unit: USD for a USD commitment, GPU-hours else. */
  readonly applied: number;
}

export type Charge = UsageCharge | PeriodCharge;
