/**
 * The ledger: every charge as exact integer cents, booked on a line (period × provider × kind × tier × contract).
 * Pure. Amounts arrive in USD (floats from price × GPU-hours) and are rounded to the cent once, when posted (half away
 * from zero); from then on everything is integer arithmetic, so the lines always add up to the totals exactly.
 * A total beyond Number.MAX_SAFE_INTEGER cents (≈ $90 trillion) throws rather than lose a cent. Amounts in are `Usd`
 * (post) or `Cents` (postCents), amounts out are `Cents` (core/money.ts): a dollar figure cannot be booked as cents.
 *
 * Kinds: `usage` (GPU-hours bought on a committed, on-demand or spot pool), `reserved` (a reserved block's charge,
 * paid used or not), `shortfall` (the unburned part of a take-or-pay minimum, paid at the end of its period).
 */
import type { ContractId, ProviderId } from '../core/ids.js';
import { addCents, type Cents, cents as checkedCents, toCents, type Usd, ZERO_CENTS } from '../core/money.js';

export type ChargeKind = 'usage' | 'reserved' | 'shortfall';

export interface Posting {
  /** Reporting period (the simulator's time-bucket index). */
  readonly period: number;
  readonly provider: ProviderId;
  readonly kind: ChargeKind;
  /** Pricing tier of the pool for usage; `reserved` / `shortfall` otherwise. */
  readonly tier: string;
  /** Contract id, or '' for capacity bought without a contract. */
  readonly contract: ContractId | '';
}

export interface LedgerLine extends Posting {
  readonly cents: Cents;
  readonly postings: number;
}

export class Ledger {
  private readonly lines = new Map<string, { posting: Posting; cents: Cents; postings: number }>();
  private totalCents = ZERO_CENTS;
  private count = 0;

  /** Books `usd` (rounded to the cent) on the line of `p`; returns the cents booked. Zero amounts are not booked. */
  post(p: Posting, usd: Usd): Cents {
    const cents = toCents(usd);
    if (cents === 0) return ZERO_CENTS;
    return this.postCents(p, cents);
  }

  /** Books `cents` on the line of `p`; returns them. */
  postCents(p: Posting, cents: Cents): Cents {
    checkedCents(cents); // a Cents made by a cast elsewhere is still checked here
    const key = `${p.period}\u0000${p.provider}\u0000${p.kind}\u0000${p.tier}\u0000${p.contract}`;
    let line = this.lines.get(key);
    if (!line) {
      line = {
        posting: { period: p.period, provider: p.provider, kind: p.kind, tier: p.tier, contract: p.contract },
        cents: ZERO_CENTS,
        postings: 0,
      };
      this.lines.set(key, line);
    }
    line.cents = addCents(line.cents, cents);
    line.postings++;
    this.totalCents = addCents(this.totalCents, cents);
    this.count++;
    return cents;
  }

  get total(): Cents {
    return this.totalCents;
  }

  get postings(): number {
    return this.count;
  }

  /** Every line, in a stable order (period, provider, kind, tier, contract). */
  entries(): LedgerLine[] {
    return [...this.lines.values()]
      .map((l) => ({ ...l.posting, cents: l.cents, postings: l.postings }))
      .sort(
        (a, b) =>
          a.period - b.period ||
          cmp(a.provider, b.provider) ||
          cmp(a.kind, b.kind) ||
          cmp(a.tier, b.tier) ||
          cmp(a.contract, b.contract),
      );
  }

  /** Cents summed by a key of the line (e.g. provider, kind). */
  sumBy(key: (l: LedgerLine) => string): Record<string, Cents> {
    const out: Record<string, Cents> = {};
    for (const l of this.entries()) out[key(l)] = addCents(out[key(l)] ?? ZERO_CENTS, l.cents);
    return out;
  }

  /** Problems found when the lines are added up again: empty when the ledger reconciles. */
  reconcile(): string[] {
    const problems: string[] = [];
    let sum = 0;
    let n = 0;
    for (const l of this.lines.values()) {
      if (!Number.isSafeInteger(l.cents))
        problems.push(`line ${l.posting.provider}/${l.posting.kind} is not whole cents`);
      sum += l.cents;
      n += l.postings;
    }
    if (sum !== this.totalCents) problems.push(`lines add up to ${sum} cents, the total says ${this.totalCents}`);
    if (n !== this.count) problems.push(`lines hold ${n} postings, the ledger counted ${this.count}`);
    return problems;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
