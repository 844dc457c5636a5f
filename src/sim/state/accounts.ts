/**
 * The money of one run: the ledger (exact cents, core/money.ts), its totals by kind (usage, reserved, shortfall; and
 * the usage that burned a commitment), and spend and GPU-hours per bucket and provider for the report.
 */
import { addCents, type Cents, ZERO_CENTS } from '../../core/money.js';
import { Ledger } from '../../ledger/ledger.js';

export class Accounts {
  readonly ledger = new Ledger();
  usageCents: Cents = ZERO_CENTS;
  /** Usage cents that burned a commitment term. */
  burningCents: Cents = ZERO_CENTS;
  reservedCents: Cents = ZERO_CENTS;
  shortfallCents: Cents = ZERO_CENTS;
  /** Per bucket, per provider index: cents booked and GPU-hours used. */
  readonly spendCents: Float64Array[];
  readonly gpuHours: Float64Array[];

  constructor(buckets: number, providers: number) {
    this.spendCents = Array.from({ length: buckets }, () => new Float64Array(providers));
    this.gpuHours = Array.from({ length: buckets }, () => new Float64Array(providers));
  }

  /** Usage booked: `c` cents, burning a commitment or not. */
  usage(c: Cents, burning: boolean): void {
    this.usageCents = addCents(this.usageCents, c);
    if (burning) this.burningCents = addCents(this.burningCents, c);
  }
}
