/**
 * Booking usage records (pure, streaming): each record is priced once — GPUs × hours × unit price, rounded to the cent
 * (half away from zero), the very expression the simulator bills with, so the ledger's bill equals the simulator's to
 * the cent — then folded into its charge row (charges.ts: one per UTC day of a billing period and per workload, team
 * and kind of capacity). A record spanning several days is cut at midnight, its cents split by time exactly
 * (apportion.ts). Records on a commitment's contract burn the commitment period that holds their billing period; a
 * record on a reserved block costs nothing more and is weighed (GPU-ms) for the block's charge later (close.ts).
 *
 * Also kept, for settlement and chargeback: per commitment the burn (cents and GPU-hours, in booking order) and per
 * billing period, per commitment and team the burn weight, per reserved block and billing period its usage rows.
 */
import { type Cents, toCents, ZERO_CENTS } from '../core/money.js';
import { apportionCents } from './apportion.js';
import type { UsageCharge } from './charges.js';
import { contractId, providerId } from '../core/ids.js';
import { Ledger } from './ledger.js';
import { daySlices, periodIndexAt } from './slices.js';
import { DAY_MS, HOUR_MS, type LedgerInput, type UsageRecord } from './usage.js';

/** The burn of one commitment period as booked. */
export class CommitmentBurn {
  burnCents = 0;
  burnGpuH = 0;
  reservedCents = 0;
  reservedGpuH = 0;
  /** Burn per billing period, in the commitment's unit (USD or GPU-hours), for the burn-down series. */
  readonly byPeriod = new Map<number, number>();
  /** Burn weight per team (cents for a USD commitment, GPU-ms for a GPU-hour one): how its shortfall is charged back. */
  readonly byTeam = new Map<string, number>();
}

export class LedgerBook {
  readonly ledger = new Ledger();
  /** Charge rows by group (the record's fields but GPUs, times and prices), then day start, then unit price. */
  private readonly byGroup = new Map<string, Map<number, Map<number, UsageCharge>>>();
  /** Every charge row, in the order made. */
  readonly rows: UsageCharge[] = [];
  readonly burns: CommitmentBurn[];
  /** Usage rows on each reserved block per billing period: key `${reservation index}:${period}`. */
  readonly reservedRows = new Map<string, UsageCharge[]>();
  records = 0;
  private readonly commitmentAt = new Map<string, Int32Array>();
  private readonly reservationIndex: Map<string, number>;
  private readonly rates: Map<string, number>;

  constructor(readonly input: LedgerInput) {
    this.burns = input.commitments.map(() => new CommitmentBurn());
    this.reservationIndex = new Map(input.reservations.map((r, i) => [r.id, i]));
    this.rates = new Map(input.reservations.map((r) => [r.id, r.ratePerGpuHour]));
    input.contracts.forEach((c) => {
      // Billing period → commitment index burned by on-demand capacity bought under contract c (-1: none). A period
      // burns a commitment period only when it lies wholly inside it.
      const at = new Int32Array(input.periods.length).fill(-1);
      input.commitments.forEach((m, k) => {
        if (m.contract !== c.id) return;
        input.periods.forEach((p, i) => {
          if (p.start >= m.start && p.end <= m.end && at[i] === -1) at[i] = k;
        });
      });
      this.commitmentAt.set(c.id, at);
    });
  }

  /** Books one usage record; returns the cents billed for it. */
  add(u: UsageRecord): Cents {
    const hours = (u.end - u.start) / HOUR_MS;
    if (!(hours > 0)) return ZERO_CENTS;
    const period = periodIndexAt(this.input.periods, u.start);
    if (period < 0) throw new RangeError(`usage record at ${new Date(u.start).toISOString()} is outside every period`);
    this.records++;
    const gh = u.gpus * hours;
    const reserved = u.pricing === 'reserved';
    const billed = reserved ? ZERO_CENTS : toCents(u.unitPrice * gh);
    const list = toCents(u.listUnitPrice * gh);
    const rate = reserved ? (this.rates.get(u.reservation ?? '') ?? 0) : u.unitPrice;
    const contracted = reserved ? toCents(rate * gh) : billed;
    const k = u.pricing === 'committed' && u.contract ? (this.commitmentAt.get(u.contract)?.[period] ?? -1) : -1;
    const commitment = k >= 0 ? this.input.commitments[k] : undefined;
    if (!reserved && billed !== 0)
      this.ledger.postCents(
        {
          period,
          provider: providerId(u.provider),
          kind: 'usage',
          tier: u.pricing,
          contract: commitment ? contractId(commitment.contract) : '',
        },
        billed,
      );
    const gpuMs = Math.round(u.gpus * (u.end - u.start));
    if (commitment) {
      const burn = this.burns[k];
      if (burn) {
        const usd = commitment.unit === 'usd';
        if (usd) burn.burnCents += billed;
        else burn.burnGpuH += gh;
        burn.byPeriod.set(period, (burn.byPeriod.get(period) ?? 0) + (usd ? billed / 100 : gh));
        burn.byTeam.set(u.team, (burn.byTeam.get(u.team) ?? 0) + (usd ? billed : gpuMs));
      }
    }
    const sameDay = Math.floor(u.start / DAY_MS) === Math.floor((u.end - 1) / DAY_MS);
    if (sameDay) {
      this.fold(u, period, commitment?.id ?? '', u.start, u.end, gh, gpuMs, billed, list, contracted, rate);
      return billed;
    }
    // Several days: each day takes its share of the quantity and, exactly, of each cost.
    const days = daySlices(u.start, u.end);
    const ms = days.map((d) => Math.round(d.end - d.start));
    const b = apportionCents(billed, ms);
    const l = apportionCents(list, ms);
    const c = apportionCents(contracted, ms);
    days.forEach((d, i) => {
      const part = ms[i] ?? 0;
      this.fold(
        u,
        period,
        commitment?.id ?? '',
        d.start,
        d.end,
        (gh * part) / (u.end - u.start),
        Math.round(u.gpus * part),
        b[i] ?? ZERO_CENTS,
        l[i] ?? ZERO_CENTS,
        c[i] ?? ZERO_CENTS,
        rate,
      );
    });
    return billed;
  }

  /** Adds a (part of a) record lying in one UTC day to its charge row. */
  private fold(
    u: UsageRecord,
    period: number,
    commitment: string,
    from: number,
    to: number,
    gh: number,
    gpuMs: number,
    billed: number,
    list: number,
    contracted: number,
    rate: number,
  ): void {
    const p = this.input.periods[period];
    const dayStart = Math.floor(from / DAY_MS) * DAY_MS;
    const start = Math.max(dayStart, p?.start ?? dayStart);
    const group =
      u.group ??
      `${u.workload}|${u.team}|${u.provider}|${u.region}|${u.gpu}|${u.instanceType}|${u.pricing}|${u.contract ?? ''}|${u.reservation ?? ''}`;
    let byStart = this.byGroup.get(group);
    if (!byStart) {
      byStart = new Map();
      this.byGroup.set(group, byStart);
    }
    let byPrice = byStart.get(start);
    if (!byPrice) {
      byPrice = new Map();
      byStart.set(start, byPrice);
    }
    let row = byPrice.get(u.unitPrice);
    if (!row) {
      row = {
        kind: 'usage',
        start,
        end: Math.min(dayStart + DAY_MS, p?.end ?? to),
        period,
        provider: u.provider,
        contract: u.contract ?? '',
        commitment,
        reservation: u.reservation ?? '',
        workload: u.workload,
        team: u.team,
        workloadKind: u.workloadKind,
        region: u.region,
        instanceType: u.instanceType,
        gpu: u.gpu,
        pricing: u.pricing,
        unitPrice: u.unitPrice,
        listUnitPrice: u.listUnitPrice,
        contractedUnitPrice: rate,
        gpuHours: 0,
        gpuMs: 0,
        billedCents: 0,
        effectiveCents: 0,
        listCents: 0,
        contractedCents: 0,
        records: 0,
      };
      byPrice.set(u.unitPrice, row);
      this.rows.push(row);
      if (u.pricing === 'reserved') {
        const r = this.reservationIndex.get(u.reservation ?? '');
        if (r !== undefined) {
          const rk = `${r}:${period}`;
          const list = this.reservedRows.get(rk);
          if (list) list.push(row);
          else this.reservedRows.set(rk, [row]);
        }
      }
    }
    row.gpuHours += gh;
    row.gpuMs += gpuMs;
    row.billedCents += billed;
    row.effectiveCents += billed;
    row.listCents += list;
    row.contractedCents += contracted;
    row.records++;
  }
}
