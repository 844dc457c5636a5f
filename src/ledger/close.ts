/**
 * Closing the books (pure): after the last usage record, the charges that do not come from one record.
 *
 *  1. Reserved blocks: each billing period, each block is charged GPUs × hours × rate, rounded to the cent once (the
 *     simulator's expression). The charge burns the contract's commitment period holding the billing period when the
 *     block counts toward it. It is split exactly (apportion.ts) into used and unused in proportion to the GPU-ms
 *     used and left idle; the used part is spread over the block's usage rows of that period by GPU-ms (their
 *     effective cost); the purchase and unused rows are cut at calendar months by time.
 *  2. Commitment periods settle in order, as the contract defines and as the simulator settles them
 *     (sim/bucket-boundary.ts): owed = minimum (prorated when the horizon cuts the period) + carry-in; shortfall =
 *     owed − burn (usage under the contract + reserved charges that count) when positive; the carry-forward fraction
 *     of it moves to the next period's minimum (only when there is one), the rest is paid at the period's end.
 *     USD commitments in exact cents; GPU-hour commitments in GPU-hours, the paid part valued at the shortfall rate.
 */
import { contractId, providerId } from '../core/ids.js';
import { type Cents, cents, toCents, ZERO_CENTS } from '../core/money.js';
import { apportionCents } from './apportion.js';
import type { LedgerBook } from './book.js';
import type { PeriodCharge } from './charges.js';
import { monthSlices, monthStart, type Slice } from './slices.js';
import type { LedgerCommitment, LedgerReservation } from './usage.js';

/** A commitment period settled. Amounts in the commitment's unit (USD or GPU-hours) unless the name says cents. */
export interface SettledCommitment {
  readonly id: string;
  readonly contract: string;
  readonly provider: string;
  readonly period: number;
  readonly start: number;
  readonly end: number;
  readonly unit: 'usd' | 'gpu-hours';
  readonly minimum: number;
  readonly statedMinimum: number;
  readonly carryIn: number;
  /** Burned: usage under the contract plus reserved charges that count. */
  readonly usage: number;
  readonly shortfall: number;
  readonly paidCents: Cents;
  readonly carryOut: number;
  readonly utilisation: number | null;
  /** Cumulative burn at the end of each billing period inside it (the report's burn-down series). */
  readonly burn: readonly { readonly at: number; readonly usage: number }[];
  /** When it settles: its end, or the horizon's end when that comes first. */
  readonly settledAt: number;
}

/** A reserved block's charge in one billing period and how much of it was used. */
export interface ReservedPeriod {
  readonly reservation: string;
  readonly period: number;
  readonly capacityGpuHours: number;
  readonly usedGpuHours: number;
  readonly chargedCents: Cents;
  readonly usedCents: Cents;
  readonly unusedCents: Cents;
  /** Unused cents allocated per team (in proportion to each team's GPU-ms on the block in the period; none used it:
   * the whole to UNALLOCATED). */
  readonly unusedByTeam: ReadonlyMap<string, Cents>;
}

export const UNALLOCATED = '(unallocated)';

export interface Closed {
  readonly periodCharges: PeriodCharge[];
  readonly commitments: SettledCommitment[];
  readonly reserved: ReservedPeriod[];
  /** Shortfall paid per commitment and team (in proportion to each team's burn of the period). */
  readonly shortfallByTeam: ReadonlyMap<string, ReadonlyMap<string, Cents>>;
}

/** Splits `c` over the keys of `weights` (integer weights) exactly; all to UNALLOCATED when nothing weighs. */
export function allocate(c: Cents, weights: ReadonlyMap<string, number>): Map<string, Cents> {
  const keys = [...weights.keys()].sort();
  const w = keys.map((k) => Math.max(0, Math.round(weights.get(k) ?? 0)));
  if (w.reduce((s, x) => s + x, 0) === 0) return new Map([[UNALLOCATED, c]]);
  const parts = apportionCents(c, w);
  return new Map(keys.map((k, i) => [k, parts[i] ?? ZERO_CENTS]));
}

export function closeBook(book: LedgerBook): Closed {
  const { input } = book;
  const periodCharges: PeriodCharge[] = [];
  const reserved = chargeReserved(book, periodCharges);
  const { commitments, shortfallByTeam } = settle(book, periodCharges);
  return { periodCharges, commitments, reserved, shortfallByTeam: shortfallByTeam };

  function chargeReserved(b: LedgerBook, out: PeriodCharge[]): ReservedPeriod[] {
    const res: ReservedPeriod[] = [];
    input.reservations.forEach((r, ri) => {
      input.periods.forEach((p, i) => {
        const gh = (r.gpus[i] ?? 0) * p.hours;
        if (gh <= 0) return;
        const charged = toCents(gh * r.ratePerGpuHour);
        const k = r.countsTowardCommitment ? commitmentHolding(r, p) : -1;
        const m = k >= 0 ? input.commitments[k] : undefined;
        if (charged !== 0)
          b.ledger.postCents(
            {
              period: i,
              provider: providerId(r.provider),
              kind: 'reserved',
              tier: 'reserved',
              contract: contractId(r.contract),
            },
            charged,
          );
        if (m) {
          const burn = b.burns[k];
          if (burn) {
            burn.reservedCents += charged;
            burn.reservedGpuH += gh;
            burn.byPeriod.set(i, (burn.byPeriod.get(i) ?? 0) + (m.unit === 'usd' ? charged / 100 : gh));
          }
        }
        const rows = b.reservedRows.get(`${ri}:${i}`) ?? [];
        const capMs = Math.round((r.gpus[i] ?? 0) * (p.end - p.start));
        const usedMs = Math.min(
          capMs,
          rows.reduce((s, x) => s + x.gpuMs, 0),
        );
        const [usedCents = ZERO_CENTS, unusedCents = ZERO_CENTS] = apportionCents(charged, [usedMs, capMs - usedMs]);
        if (rows.length > 0) {
          const shares = apportionCents(
            usedCents,
            rows.map((x) => x.gpuMs),
          );
          rows.forEach((x, j) => {
            x.effectiveCents += shares[j] ?? 0;
          });
        }
        const byTeam = new Map<string, number>();
        for (const x of rows) byTeam.set(x.team, (byTeam.get(x.team) ?? 0) + x.gpuMs);
        const usedGh = rows.reduce((s, x) => s + x.gpuHours, 0);
        const listTotal = toCents(gh * r.listUnitPrice);
        const slices = monthSlices(p.start, p.end);
        const ms = slices.map((s) => Math.round(s.end - s.start));
        const charge = apportionCents(charged, ms);
        const unused = apportionCents(unusedCents, ms);
        const list = apportionCents(listTotal, ms);
        const unusedList = apportionCents(toCents(Math.max(0, gh - usedGh) * r.listUnitPrice), ms);
        const total = ms.reduce((s, x) => s + x, 0) || 1;
        slices.forEach((s, j) => {
          const share = (ms[j] ?? 0) / total;
          const base = reservedBase(r, s, i, m?.id ?? '');
          out.push({
            ...base,
            kind: 'purchase',
            gpuHours: gh * share,
            billedCents: charge[j] ?? ZERO_CENTS,
            effectiveCents: ZERO_CENTS,
            listCents: list[j] ?? ZERO_CENTS,
            contractedCents: charge[j] ?? ZERO_CENTS,
            applied: m ? (m.unit === 'usd' ? (charge[j] ?? 0) / 100 : gh * share) : 0,
          });
          if (unusedCents > 0 || usedMs < capMs)
            out.push({
              ...base,
              commitment: '',
              kind: 'unused',
              gpuHours: Math.max(0, gh - usedGh) * share,
              billedCents: ZERO_CENTS,
              effectiveCents: unused[j] ?? ZERO_CENTS,
              listCents: unusedList[j] ?? ZERO_CENTS,
              contractedCents: unused[j] ?? ZERO_CENTS,
              applied: 0,
            });
        });
        res.push({
          reservation: r.id,
          period: i,
          capacityGpuHours: gh,
          usedGpuHours: usedGh,
          chargedCents: charged,
          usedCents,
          unusedCents,
          unusedByTeam: allocate(unusedCents, byTeam),
        });
      });
    });
    return res;
  }

  function reservedBase(r: LedgerReservation, s: Slice, period: number, commitment: string) {
    return {
      start: s.start,
      end: s.end,
      period,
      provider: r.provider,
      contract: r.contract,
      commitment,
      reservation: r.id,
      region: r.region,
      gpu: r.gpu,
      instanceType: r.instanceType,
      unitPrice: r.ratePerGpuHour,
      listUnitPrice: r.listUnitPrice,
    };
  }

  /** The commitment a reserved charge of billing period p burns: the first of its contract holding p wholly. */
  function commitmentHolding(r: LedgerReservation, p: Slice): number {
    return input.commitments.findIndex((m) => m.contract === r.contract && m.start <= p.start && p.end <= m.end);
  }

  function settle(
    b: LedgerBook,
    out: PeriodCharge[],
  ): { commitments: SettledCommitment[]; shortfallByTeam: Map<string, Map<string, Cents>> } {
    const carryIn = new Map<string, number>();
    const settled: SettledCommitment[] = [];
    const shortfallByTeam = new Map<string, Map<string, Cents>>();
    const byId = new Map(input.commitments.map((m) => [m.id, m]));
    input.commitments.forEach((m, k) => {
      const burn = b.burns[k];
      if (!burn) return;
      const next = m.next !== undefined && byId.has(m.next) ? m.next : undefined;
      const cin = carryIn.get(m.id) ?? 0;
      const settledAt = Math.min(m.end, input.horizon.end);
      const last = lastPeriodBefore(settledAt);
      let usage: number, shortfall: number, carryOut: number, paid: Cents;
      /** The shortfall paid, charged to the commitment's contract in the last billing period it settles in. */
      const postShortfall = (amount: Cents) =>
        b.ledger.postCents(
          {
            period: last,
            provider: providerId(m.provider),
            kind: 'shortfall',
            tier: 'shortfall',
            contract: contractId(m.contract),
          },
          amount,
        );
      if (m.unit === 'usd') {
        const min = Math.round(m.minimum * 100);
        const usedC = burn.burnCents + burn.reservedCents;
        const sf = Math.max(0, min + cin * 100 - usedC);
        const co = next ? Math.round(m.carryForwardFraction * sf) : 0;
        paid = cents(sf - co);
        usage = usedC / 100;
        shortfall = sf / 100;
        carryOut = co / 100;
        postShortfall(paid);
      } else {
        usage = burn.burnGpuH + burn.reservedGpuH;
        shortfall = Math.max(0, m.minimum + cin - usage);
        carryOut = next ? m.carryForwardFraction * shortfall : 0;
        paid = toCents((shortfall - carryOut) * m.shortfallRate);
        if (paid !== 0) postShortfall(paid);
      }
      if (next) carryIn.set(next, (carryIn.get(next) ?? 0) + carryOut);
      const owed = m.minimum + cin;
      settled.push({
        id: m.id,
        contract: m.contract,
        provider: m.provider,
        period: m.period,
        start: m.start,
        end: m.end,
        unit: m.unit,
        minimum: m.minimum,
        statedMinimum: m.statedMinimum,
        carryIn: cin,
        usage,
        shortfall,
        paidCents: paid,
        carryOut,
        utilisation: owed > 0 ? usage / owed : null,
        burn: burnSeries(m, burn.byPeriod),
        settledAt,
      });
      shortfallByTeam.set(m.id, allocate(paid, burn.byTeam));
      if (paid !== 0 || shortfall > 0) out.push(shortfallCharge(m, paid, shortfall - carryOut, settledAt, last));
    });
    return { commitments: settled, shortfallByTeam };
  }

  /** The billing period a settlement at t books into: the one ending at or before t, the one holding t's last
   * instant when t falls inside a period (as the simulator's boundary does). */
  function lastPeriodBefore(t: number): number {
    let last = 0;
    input.periods.forEach((p, i) => {
      if (p.start < t) last = i;
    });
    return last;
  }

  function burnSeries(m: LedgerCommitment, byPeriod: ReadonlyMap<number, number>): { at: number; usage: number }[] {
    const out: { at: number; usage: number }[] = [];
    let sum = 0;
    input.periods.forEach((p, i) => {
      if (p.start < m.start || p.end > Math.min(m.end, input.horizon.end)) return;
      sum += byPeriod.get(i) ?? 0;
      out.push({ at: p.end, usage: sum });
    });
    return out;
  }

  function shortfallCharge(
    m: LedgerCommitment,
    paid: Cents,
    owedQty: number,
    at: number,
    period: number,
  ): PeriodCharge {
    const p = input.periods[period];
    // The last day before the settlement, inside its billing period and its calendar month.
    const start = Math.max(p?.start ?? at - 86_400_000, at - 86_400_000, monthStart(at - 1));
    return {
      kind: 'shortfall',
      start,
      end: at,
      period,
      provider: m.provider,
      contract: m.contract,
      commitment: m.id,
      reservation: '',
      region: '',
      gpu: '',
      instanceType: '',
      gpuHours: m.unit === 'usd' ? 0 : owedQty,
      unitPrice: m.unit === 'usd' ? 0 : m.shortfallRate,
      listUnitPrice: m.unit === 'usd' ? 0 : m.shortfallRate,
      billedCents: paid,
      effectiveCents: paid,
      listCents: paid,
      contractedCents: paid,
      applied: m.unit === 'usd' ? paid / 100 : owedQty,
    };
  }
}
