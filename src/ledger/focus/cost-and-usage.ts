/**
 * The FOCUS 1.3 Cost and Usage rows of a ledger (pure, streamed): one row per charge (../charges.ts), yielded one
 * CSV line at a time so a seven-year export is never one string. How each column is filled is in docs/ledger.md;
 * in short:
 *
 *   usage on on-demand / committed / spot capacity   ChargeCategory Usage; PricingCategory Standard (on-demand, and
 *        on-demand bought under a contract: its discount is a negotiated one) or Dynamic (spot); billed = effective;
 *        ContractApplied names the commitment period it burns, with the cost (USD commitment) or GPU-hours applied;
 *   usage on a reserved block                        Usage, Committed, CommitmentDiscountStatus and
 *        CapacityReservationStatus Used; billed 0, effective = its share of the block's charge; ContractApplied
 *        (that effective cost, or its GPU-hours) when the block counts toward the contract's commitment;
 *   a reserved block's charge                        Purchase, Recurring, billed = the charge, effective 0;
 *   a reserved block's idle part                     Usage, Committed, statuses Unused, billed 0, effective = the idle
 *        part of the charge; ContractApplied as on the block's used rows;
 *
 * ListCost and ContractedCost are the exact products of the unit prices and PricingQuantity as written.
 *   a commitment period's shortfall                  Usage, the unused part of a contract commitment: ResourceId is
 *        the ContractCommitmentId, billed = effective = what was paid.
 */
import type { Charge, PeriodCharge, UsageCharge } from '../charges.js';
import type { LedgerResult } from '../result.js';
import { monthStart, nextMonthStart } from '../slices.js';
import type { LedgerInput } from '../usage.js';
import { COST_AND_USAGE_COLUMNS, type CostAndUsageColumn, GPU_HOURS, TAG_TEAM, TAG_WORKLOAD } from './columns.js';
import { centsDecimal, csvLine, decimal, decimalProduct, isoDateTime, jsonObject } from './format.js';

export interface FocusMeta {
  /** The billing account's name at every provider (the scenario's name). */
  readonly account: string;
}

/** A row being written: one cell per column of COST_AND_USAGE_COLUMNS ('' = null), filled in place (no object per
 * row: a seven-year export writes ~100k of them). */
type Row = string[];
const INDEX = Object.fromEntries(COST_AND_USAGE_COLUMNS.map((c, i) => [c, i])) as Record<CostAndUsageColumn, number>;
const newRow = (): Row => new Array<string>(COST_AND_USAGE_COLUMNS.length).fill('');
/** Sets the cells of `cells` (column → value) in row r. */
function put(r: Row, cells: Partial<Record<CostAndUsageColumn, string>>): Row {
  for (const k in cells) {
    const v = cells[k as CostAndUsageColumn];
    if (v !== undefined) r[INDEX[k as CostAndUsageColumn]] = v;
  }
  return r;
}

/** Header and rows of `cost_and_usage.csv`, one CSV line each. */
export function* costAndUsageLines(result: LedgerResult, input: LedgerInput, meta: FocusMeta): Generator<string> {
  yield csvLine(COST_AND_USAGE_COLUMNS);
  const commitments = new Map(input.commitments.map((m) => [m.id, m]));
  const blocks = new Map<string, BlockBurn>();
  const used = new Map(result.reserved.map((p) => [blockKey(p.reservation, p.period), p]));
  for (const c of result.periodCharges)
    if (c.kind === 'purchase' && c.commitment) {
      const p = used.get(blockKey(c.reservation, c.period));
      const over = p && p.usedGpuHours > p.capacityGpuHours && p.usedGpuHours > 0;
      blocks.set(blockKey(c.reservation, c.period), {
        commitment: c.commitment,
        usedScale: over ? p.capacityGpuHours / p.usedGpuHours : 1,
      });
    }
  for (const c of result.usage) yield csvLine(usageRow(c, input, meta, commitments, blocks));
  for (const c of result.periodCharges) yield csvLine(periodRow(c, input, meta, commitments, blocks));
}

/**
 * The commitment period a reserved block's charge burns, per (block, billing period). FOCUS 1.3 wants a Purchase
 * row's ContractCommitmentId to be its ResourceId, but a block's purchase row has the block as ResourceId (the
 * commitment discount's id), so the burn is told where the block's charge is consumed: on its Used and Unused rows,
 * whose EffectiveCost (or GPU-hours) adds up to the purchase's BilledCost (or quantity).
 */
interface BlockBurn {
  readonly commitment: string;
  /** Used rows' GPU-hours × this = what they burn of a GPU-hour commitment: 1, or less when usage booked on the
   * block exceeds its capacity (the block burns its capacity, no more). */
  readonly usedScale: number;
}
type BlockCommitments = ReadonlyMap<string, BlockBurn>;
const blockKey = (reservation: string, period: number): string => `${reservation}\u0000${period}`;

type Commitments = ReadonlyMap<string, { readonly contract: string; readonly unit: 'usd' | 'gpu-hours' }>;

function common(r: Row, c: Charge, input: LedgerInput, meta: FocusMeta): Row {
  const host = input.hosts?.[c.provider] ?? c.provider;
  return put(r, {
    BillingAccountId: `${c.provider}/${meta.account}`,
    BillingAccountName: `${meta.account} at ${c.provider}`,
    BillingCurrency: 'USD',
    BillingPeriodStart: isoDateTime(monthStart(c.start)),
    BillingPeriodEnd: isoDateTime(nextMonthStart(c.start)),
    ChargePeriodStart: isoDateTime(c.start),
    ChargePeriodEnd: isoDateTime(c.end),
    HostProviderName: host,
    InvoiceIssuerName: c.provider,
    ProviderName: c.provider,
    PublisherName: c.provider,
    ServiceProviderName: c.provider,
    x_ChargeKind: c.kind,
  });
}

/**
 * ContractApplied: the commitment period a charge burns, with the amount applied in the commitment's unit. Every
 * element carries the five FOCUS-defined keys (ContractId, ContractCommitmentId, ContractCommitmentAppliedCost,
 * ContractCommitmentAppliedQuantity, ContractCommitmentAppliedUnit), the metric that does not apply as JSON null.
 */
function contractApplied(commitment: string, commitments: Commitments, usd: string, gpuHours: string): string {
  const m = commitments.get(commitment);
  if (!m) return '';
  const amount =
    m.unit === 'usd'
      ? `"ContractCommitmentAppliedCost":${usd},"ContractCommitmentAppliedQuantity":null,"ContractCommitmentAppliedUnit":null`
      : `"ContractCommitmentAppliedCost":null,"ContractCommitmentAppliedQuantity":${gpuHours},"ContractCommitmentAppliedUnit":"${GPU_HOURS}"`;
  return `{"Elements":[{"ContractId":${JSON.stringify(m.contract)},"ContractCommitmentId":${JSON.stringify(commitment)},${amount}}]}`;
}

/** ListCost and ContractedCost as the exact products of the row's unit prices and PricingQuantity (FOCUS 1.3:
 * "MUST equal the product"), so no rounding stands between the three cells (the ledger's own list and contracted
 * cents, rounded per usage record, stay where a row has no unit price). */
function priced(r: Row): Row {
  const q = r[INDEX.PricingQuantity] ?? '';
  const list = r[INDEX.ListUnitPrice] ?? '';
  const contracted = r[INDEX.ContractedUnitPrice] ?? '';
  if (q !== '' && list !== '') r[INDEX.ListCost] = decimalProduct(list, q);
  if (q !== '' && contracted !== '') r[INDEX.ContractedCost] = decimalProduct(contracted, q);
  return r;
}

/** ServiceCategory, ServiceSubcategory and ServiceName of what a workload of this kind buys. */
function service(r: Row, kind: string): Row {
  if (kind === 'inference')
    return put(r, {
      ServiceCategory: 'AI and Machine Learning',
      ServiceSubcategory: 'Generative AI',
      ServiceName: 'GPU inference',
    });
  if (kind === 'training' || kind === 'batch')
    return put(r, {
      ServiceCategory: 'AI and Machine Learning',
      ServiceSubcategory: 'Machine Learning',
      ServiceName: 'GPU training',
    });
  return put(r, { ServiceCategory: 'Compute', ServiceSubcategory: 'Virtual Machines', ServiceName: 'GPU capacity' });
}

function sku(r: Row, provider: string, region: string, instanceType: string, gpu: string, pricing: string): Row {
  return put(r, {
    SkuId: `${provider}/${instanceType}`,
    SkuPriceId: `${provider}/${region}/${instanceType}/${pricing}`,
    SkuMeter: 'GPU time',
    SkuPriceDetails: jsonObject({ InstanceType: instanceType, x_GpuModel: gpu, x_Pricing: pricing }),
  });
}

function usageRow(
  c: UsageCharge,
  input: LedgerInput,
  meta: FocusMeta,
  commitments: Commitments,
  blocks: BlockCommitments,
): Row {
  const gh = decimal(c.gpuHours);
  const reserved = c.pricing === 'reserved';
  const r = newRow();
  common(r, c, input, meta);
  service(r, c.workloadKind);
  sku(r, c.provider, c.region, c.instanceType, c.gpu, c.pricing);
  put(r, {
    BilledCost: centsDecimal(c.billedCents),
    EffectiveCost: centsDecimal(c.effectiveCents),
    ListCost: centsDecimal(c.listCents),
    ContractedCost: centsDecimal(c.contractedCents),
    ListUnitPrice: decimal(c.listUnitPrice, 10),
    ContractedUnitPrice: decimal(c.contractedUnitPrice, 10),
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    ChargeDescription: `${c.gpu} GPU time on ${c.instanceType} (${c.pricing}) for ${c.workload}`,
    PricingCategory: reserved ? 'Committed' : c.pricing === 'spot' ? 'Dynamic' : 'Standard',
    PricingQuantity: gh,
    PricingUnit: GPU_HOURS,
    ConsumedQuantity: gh,
    ConsumedUnit: GPU_HOURS,
    RegionId: c.region,
    RegionName: c.region,
    ResourceId: reserved
      ? `${c.reservation}/${c.workload}`
      : `${c.provider}/${c.region}/${c.instanceType}/${c.pricing}/${c.workload}`,
    ResourceName: `${c.workload} on ${c.instanceType} in ${c.region}`,
    ResourceType: 'GPU instances',
    Tags: jsonObject({ [TAG_TEAM]: c.team, [TAG_WORKLOAD]: c.workload }),
    ContractApplied: c.commitment
      ? contractApplied(c.commitment, commitments, centsDecimal(c.billedCents), gh)
      : reserved
        ? blockApplied(c.reservation, c.period, c.effectiveCents, c.gpuHours, true, commitments, blocks)
        : '',
    x_Team: c.team,
    x_Workload: c.workload,
    x_UsageRecords: String(c.records),
  });
  if (reserved) reservationColumns(r, c.reservation, gh, 'Used');
  return priced(r);
}

/** ContractApplied of a reserved block's Used or Unused row when the block counts toward a commitment period: the
 * row's EffectiveCost (USD commitment) or GPU-hours (GPU-hour commitment). */
function blockApplied(
  reservation: string,
  period: number,
  effectiveCents: number,
  gpuHours: number,
  usedRow: boolean,
  commitments: Commitments,
  blocks: BlockCommitments,
): string {
  const b = blocks.get(blockKey(reservation, period));
  if (!b) return '';
  return contractApplied(
    b.commitment,
    commitments,
    centsDecimal(effectiveCents),
    decimal(usedRow ? gpuHours * b.usedScale : gpuHours),
  );
}

/** The commitment-discount and capacity-reservation columns of a reserved block's row. */
function reservationColumns(r: Row, reservation: string, gpuHours: string, status: 'Used' | 'Unused' | ''): Row {
  return put(r, {
    CommitmentDiscountId: reservation,
    CommitmentDiscountName: `reserved block ${reservation}`,
    CommitmentDiscountCategory: 'Usage',
    CommitmentDiscountType: 'Reserved capacity block',
    CommitmentDiscountQuantity: gpuHours,
    CommitmentDiscountUnit: GPU_HOURS,
    CommitmentDiscountStatus: status,
    CapacityReservationId: reservation,
    CapacityReservationStatus: status,
  });
}

function periodRow(
  c: PeriodCharge,
  input: LedgerInput,
  meta: FocusMeta,
  commitments: Commitments,
  blocks: BlockCommitments,
): Row {
  const r = newRow();
  common(r, c, input, meta);
  put(r, {
    BilledCost: centsDecimal(c.billedCents),
    EffectiveCost: centsDecimal(c.effectiveCents),
    ListCost: centsDecimal(c.listCents),
    ContractedCost: centsDecimal(c.contractedCents),
  });
  service(r, '');
  const gh = decimal(c.gpuHours);
  if (c.kind === 'shortfall') {
    const m = commitments.get(c.commitment);
    const usd = m?.unit === 'usd';
    put(r, {
      ServiceName: 'GPU commitment',
      ChargeCategory: 'Usage',
      ChargeFrequency: 'One-Time',
      ChargeDescription: `shortfall of ${c.commitment}: the unburned part of its minimum, paid at its end`,
      PricingCategory: 'Standard',
      PricingQuantity: usd ? centsDecimal(c.billedCents) : gh,
      PricingUnit: usd ? 'USD' : GPU_HOURS,
      ListUnitPrice: usd ? '1' : decimal(c.unitPrice, 10),
      ContractedUnitPrice: usd ? '1' : decimal(c.unitPrice, 10),
      ConsumedQuantity: '0',
      ConsumedUnit: GPU_HOURS,
      ResourceId: c.commitment,
      ResourceName: `commitment ${c.commitment}`,
      ResourceType: 'Contract commitment',
      SkuId: `${c.provider}/commitment`,
      SkuPriceId: `${c.provider}/commitment/${usd ? 'spend' : 'gpu-hours'}`,
      SkuMeter: 'Commitment shortfall',
      SkuPriceDetails: jsonObject({ x_CommitmentUnit: usd ? 'USD' : GPU_HOURS }),
      ContractApplied: contractApplied(c.commitment, commitments, centsDecimal(c.billedCents), gh),
    });
    return priced(r);
  }
  const purchase = c.kind === 'purchase';
  sku(r, c.provider, c.region, c.instanceType, c.gpu, 'reserved');
  put(r, {
    ServiceName: 'GPU reserved capacity',
    ChargeCategory: purchase ? 'Purchase' : 'Usage',
    ChargeFrequency: purchase ? 'Recurring' : 'Usage-Based',
    ChargeDescription: purchase
      ? `reserved block ${c.reservation}: its GPUs for the period, used or not`
      : `reserved block ${c.reservation}: GPU-hours no workload used`,
    PricingCategory: purchase ? 'Standard' : 'Committed',
    PricingQuantity: gh,
    PricingUnit: GPU_HOURS,
    ListUnitPrice: decimal(c.listUnitPrice, 10),
    ContractedUnitPrice: decimal(c.unitPrice, 10),
    RegionId: c.region,
    RegionName: c.region,
    ResourceId: c.reservation,
    ResourceName: `reserved block ${c.reservation}`,
    ResourceType: 'Reserved GPU capacity',
    ContractApplied: purchase
      ? ''
      : blockApplied(c.reservation, c.period, c.effectiveCents, c.gpuHours, false, commitments, blocks),
  });
  return priced(reservationColumns(r, c.reservation, gh, purchase ? '' : 'Unused'));
}
