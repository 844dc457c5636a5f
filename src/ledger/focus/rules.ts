/**
 * FOCUS 1.3 conformance rules as data: each rule has an id, the dataset and the part of the specification it comes
 * from (a column id of the Cost and Usage or Contract Commitment dataset, or an attribute), what it requires (in our
 * words) and a check. Row rules look at one row (a map of column → text, '' = null); table rules at a whole dataset
 * or at both (sums, uniqueness, the join from ContractApplied). The checker (check.ts) runs them all.
 *
 * Ids: `CU-` Cost and Usage, `CC-` Contract Commitment, `AT-` attributes; then the column and a number. They are
 * skyfleet's own (FOCUS numbers no requirement); `spec` names the FOCUS 1.3 section each is read from.
 */
import { CONTRACT_COMMITMENT_COLUMNS, TAG_PREFIX } from './columns.js';
import { decimalProduct } from './format.js';

export type Dataset = 'cost_and_usage' | 'contract_commitment';
export type FocusRow = Readonly<Record<string, string>>;
export interface FocusTables {
  readonly costAndUsage: { readonly header: readonly string[]; readonly rows: readonly FocusRow[] };
  readonly contractCommitment: { readonly header: readonly string[]; readonly rows: readonly FocusRow[] };
}
export interface Finding {
  /** 0-based data row, when the finding is about one row. */
  readonly row?: number;
  readonly message: string;
}

export interface Rule {
  readonly id: string;
  readonly dataset: Dataset;
  readonly spec: string;
  readonly says: string;
  /** A message when row r breaks the rule. */
  readonly row?: (r: FocusRow) => string | undefined;
  readonly table?: (t: FocusTables) => Finding[];
}

const CU = 'cost_and_usage' as const;
const CC = 'contract_commitment' as const;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const isNull = (v: string | undefined): boolean => v === undefined || v === '';
const num = (v: string | undefined): number => Number(v);

/** Cost and Usage columns FOCUS 1.3 makes mandatory (ProviderName and PublisherName: deprecated, still present). */
export const MANDATORY_COST_AND_USAGE = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
] as const;

/** Conditional columns whose condition skyfleet's data meets (commitment discounts, capacity reservations, contract
 * commitments, unit prices, regions, resources, SKUs, tags), and recommended ones it fills. */
export const CONDITIONAL_COST_AND_USAGE = [
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeFrequency',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractApplied',
  'ContractedUnitPrice',
  'ListUnitPrice',
  'PricingCategory',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'Tags',
] as const;

const SUBCATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'AI and Machine Learning': [
    'AI Platforms',
    'Bots',
    'Generative AI',
    'Machine Learning',
    'Natural Language Processing',
    'Other (AI and Machine Learning)',
  ],
  Compute: [
    'Containers',
    'End User Computing',
    'Quantum Compute',
    'Serverless Compute',
    'Virtual Machines',
    'Other (Compute)',
  ],
};

function present(dataset: Dataset, column: string, spec: string): Rule {
  return {
    id: `${dataset === CU ? 'CU' : 'CC'}-${column}-present`,
    dataset,
    spec,
    says: `${column} is present`,
    table: (t) =>
      (dataset === CU ? t.costAndUsage : t.contractCommitment).header.includes(column)
        ? []
        : [{ message: `the column ${column} is missing` }],
  };
}

function rowRule(
  dataset: Dataset,
  id: string,
  spec: string,
  says: string,
  row: (r: FocusRow) => string | undefined,
): Rule {
  return { id, dataset, spec, says, row };
}

const notNull = (d: Dataset, id: string, col: string): Rule =>
  rowRule(d, id, `${col} (nullability)`, `${col} is not null`, (r) => (isNull(r[col]) ? `${col} is null` : undefined));

const decimalType = (d: Dataset, id: string, col: string): Rule =>
  rowRule(d, id, `${col} (type Decimal, NumericFormat)`, `${col} is a plain decimal when not null`, (r) =>
    isNull(r[col]) || DECIMAL.test(r[col] ?? '') ? undefined : `${col} "${r[col]}" is not a plain decimal`,
  );

const dateTime = (d: Dataset, id: string, col: string): Rule =>
  rowRule(d, id, `${col} (type Date/Time, DateTimeFormat)`, `${col} is YYYY-MM-DDTHH:mm:ssZ`, (r) =>
    DATETIME.test(r[col] ?? '') ? undefined : `${col} "${r[col]}" is not YYYY-MM-DDTHH:mm:ssZ`,
  );

const allowed = (d: Dataset, id: string, col: string, values: readonly string[], nullable: boolean): Rule =>
  rowRule(
    d,
    id,
    `${col} (allowed values)`,
    `${col} is one of ${values.join(', ')}${nullable ? ' or null' : ''}`,
    (r) => {
      const v = r[col] ?? '';
      if (v === '' && nullable) return undefined;
      return values.includes(v) ? undefined : `${col} "${v}" is not an allowed value`;
    },
  );

/** a is null exactly when b is null. */
const nullIff = (d: Dataset, id: string, a: string, b: string, spec: string): Rule =>
  rowRule(d, id, spec, `${a} is null exactly when ${b} is null`, (r) =>
    isNull(r[a]) === isNull(r[b])
      ? undefined
      : `${a} is ${isNull(r[a]) ? 'null' : 'set'} but ${b} is ${isNull(r[b]) ? 'null' : 'set'}`,
  );

/** unit price × quantity is the cost, exactly (compared as decimals, not floating point). */
const product = (id: string, price: string, cost: string): Rule =>
  rowRule(
    CU,
    id,
    `${cost} (MUST equal the product of ${price} and PricingQuantity)`,
    `${price} × PricingQuantity = ${cost}, exactly`,
    (r) => {
      const p = r[price] ?? '';
      const q = r.PricingQuantity ?? '';
      if (isNull(p) || isNull(q) || !DECIMAL.test(p) || !DECIMAL.test(q) || !DECIMAL.test(r[cost] ?? ''))
        return undefined;
      const want = decimalProduct(p, q);
      return want === decimalProduct(r[cost] ?? '', '1')
        ? undefined
        : `${price} ${p} × PricingQuantity ${q} = ${want}, but ${cost} is ${r[cost]}`;
    },
  );

function jsonOf(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * ContractApplied's problems: a JSON object with an Elements array (at least one) of objects carrying the five keys
 * FOCUS 1.3 defines (ContractId and ContractCommitmentId strings; ContractCommitmentAppliedCost a number, or null when
 * a quantity is applied; ContractCommitmentAppliedQuantity a number with its ContractCommitmentAppliedUnit, or both
 * null), custom keys x_-prefixed and not nested.
 */
export function contractAppliedProblems(v: string): string[] {
  const o = jsonOf(v);
  if (!isObject(o)) return ['ContractApplied is not a JSON object'];
  const els = o.Elements;
  if (!Array.isArray(els) || els.length === 0) return ['ContractApplied has no Elements array with an element'];
  const out: string[] = [];
  for (const k of Object.keys(o)) if (k !== 'Elements' && !k.startsWith('x_')) out.push(`unknown top-level key ${k}`);
  const KEYS = [
    'ContractId',
    'ContractCommitmentId',
    'ContractCommitmentAppliedCost',
    'ContractCommitmentAppliedQuantity',
    'ContractCommitmentAppliedUnit',
  ];
  els.forEach((e, i) => {
    if (!isObject(e)) {
      out.push(`Elements[${i}] is not an object`);
      return;
    }
    for (const k of Object.keys(e)) {
      if (!KEYS.includes(k) && !k.startsWith('x_')) out.push(`Elements[${i}] has unknown key ${k}`);
      if (k.startsWith('x_') && typeof e[k] === 'object' && e[k] !== null) out.push(`Elements[${i}].${k} is nested`);
    }
    for (const k of KEYS) if (!(k in e)) out.push(`Elements[${i}] has no ${k}`);
    if (typeof e.ContractId !== 'string' || e.ContractId === '') out.push(`Elements[${i}].ContractId is not a string`);
    if (typeof e.ContractCommitmentId !== 'string' || e.ContractCommitmentId === '')
      out.push(`Elements[${i}].ContractCommitmentId is not a string`);
    const cost = e.ContractCommitmentAppliedCost ?? null;
    const qty = e.ContractCommitmentAppliedQuantity ?? null;
    const unit = e.ContractCommitmentAppliedUnit ?? null;
    if (cost !== null && typeof cost !== 'number')
      out.push(`Elements[${i}].ContractCommitmentAppliedCost is not a number or null`);
    if (qty !== null && typeof qty !== 'number')
      out.push(`Elements[${i}].ContractCommitmentAppliedQuantity is not a number or null`);
    if (cost === null && qty === null) out.push(`Elements[${i}] has neither an applied cost nor a quantity`);
    if (cost !== null && qty !== null) out.push(`Elements[${i}] has both an applied cost and a quantity`);
    if ((qty === null) !== (unit === null) || (unit !== null && (typeof unit !== 'string' || unit === '')))
      out.push(`Elements[${i}]: ContractCommitmentAppliedUnit is null exactly when the quantity is`);
  });
  return out;
}

/** The (ContractId, ContractCommitmentId) pairs of a ContractApplied value. */
export function appliedPairs(v: string): { contract: string; commitment: string }[] {
  const o = jsonOf(v);
  if (!isObject(o) || !Array.isArray(o.Elements)) return [];
  return o.Elements.filter(isObject).map((e) => ({
    contract: String(e.ContractId),
    commitment: String(e.ContractCommitmentId),
  }));
}

const cents = (v: string | undefined): number => Math.round(num(v) * 100);

/** The SKU price properties FOCUS 1.3 defines for SkuPriceDetails (any other key must start with x_). */
const SKU_PRICE_PROPERTIES = [
  'CoreCount',
  'DiskMaxIops',
  'DiskSpace',
  'DiskType',
  'GpuCount',
  'InstanceSeries',
  'InstanceType',
  'MemorySize',
  'NetworkMaxIops',
  'NetworkMaxThroughput',
  'OperatingSystem',
  'Redundancy',
  'StorageClass',
];

/** A unit price rule: non-negative when set. */
const nonNegative = (id: string, col: string): Rule =>
  rowRule(CU, id, `${col} (a non-negative decimal value)`, `${col} is not negative`, (r) =>
    (r[col] ?? '').startsWith('-') ? `${col} ${r[col]} is negative` : undefined,
  );

export const RULES: readonly Rule[] = [
  // ---- presence -----------------------------------------------------------------------------------------------------
  ...MANDATORY_COST_AND_USAGE.map((c) => present(CU, c, `Cost and Usage: ${c} (feature level Mandatory)`)),
  ...CONDITIONAL_COST_AND_USAGE.map((c) =>
    present(CU, c, `Cost and Usage: ${c} (Conditional/Recommended, condition met)`),
  ),
  ...CONTRACT_COMMITMENT_COLUMNS.map((c) => present(CC, c, `Contract Commitment: ${c}`)),
  {
    id: 'AT-CustomColumns-1',
    dataset: CU,
    spec: 'Attribute CustomColumnHandling',
    says: 'every column that is not a FOCUS column starts with x_',
    table: (t) => {
      const known = new Set<string>([...MANDATORY_COST_AND_USAGE, ...CONDITIONAL_COST_AND_USAGE]);
      return t.costAndUsage.header
        .filter((h) => !known.has(h) && !h.startsWith('x_'))
        .map((h) => ({ message: `column ${h} is neither FOCUS nor x_-prefixed` }));
    },
  },
  // ---- types and formats --------------------------------------------------------------------------------------------
  ...['BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost'].flatMap((c) => [
    notNull(CU, `CU-${c}-1`, c),
    decimalType(CU, `CU-${c}-2`, c),
  ]),
  ...['ListUnitPrice', 'ContractedUnitPrice', 'PricingQuantity', 'ConsumedQuantity', 'CommitmentDiscountQuantity'].map(
    (c) => decimalType(CU, `CU-${c}-1`, c),
  ),
  ...['ChargePeriodStart', 'ChargePeriodEnd', 'BillingPeriodStart', 'BillingPeriodEnd'].map((c) =>
    dateTime(CU, `CU-${c}-1`, c),
  ),
  rowRule(
    CU,
    'CU-ChargePeriodEnd-2',
    'ChargePeriodEnd (exclusive end after the start)',
    'ChargePeriodStart < ChargePeriodEnd',
    (r) =>
      (r.ChargePeriodStart ?? '') < (r.ChargePeriodEnd ?? '') ? undefined : 'the charge period is empty or reversed',
  ),
  rowRule(
    CU,
    'CU-BillingPeriodStart-2',
    'BillingPeriodStart/End (the billing period holds the charge period)',
    'the charge period lies in the billing period',
    (r) =>
      (r.BillingPeriodStart ?? '') <= (r.ChargePeriodStart ?? '') &&
      (r.ChargePeriodEnd ?? '') <= (r.BillingPeriodEnd ?? '')
        ? undefined
        : 'the charge period is outside its billing period',
  ),
  rowRule(
    CU,
    'CU-BillingCurrency-1',
    'BillingCurrency (CurrencyFormat: ISO 4217 code)',
    'BillingCurrency is a three-letter ISO 4217 code',
    (r) =>
      /^[A-Z]{3}$/.test(r.BillingCurrency ?? '')
        ? undefined
        : `BillingCurrency "${r.BillingCurrency}" is not an ISO 4217 code`,
  ),
  // ---- not null -----------------------------------------------------------------------------------------------------
  ...[
    'BillingAccountId',
    'BillingAccountName',
    'ChargeCategory',
    'HostProviderName',
    'ServiceProviderName',
    'InvoiceIssuerName',
    'ServiceCategory',
    'ServiceName',
    'ServiceSubcategory',
    'ProviderName',
    'PublisherName',
  ].map((c) => notNull(CU, `CU-${c}-1`, c)),
  // ---- allowed values -----------------------------------------------------------------------------------------------
  allowed(CU, 'CU-ChargeCategory-2', 'ChargeCategory', ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'], false),
  allowed(CU, 'CU-ChargeClass-1', 'ChargeClass', ['Correction'], true),
  allowed(CU, 'CU-ChargeFrequency-1', 'ChargeFrequency', ['One-Time', 'Recurring', 'Usage-Based'], false),
  rowRule(
    CU,
    'CU-ChargeFrequency-2',
    'ChargeFrequency (not Usage-Based for a purchase)',
    'a Purchase is not Usage-Based',
    (r) =>
      r.ChargeCategory === 'Purchase' && r.ChargeFrequency === 'Usage-Based'
        ? 'a Purchase row is Usage-Based'
        : undefined,
  ),
  allowed(CU, 'CU-PricingCategory-1', 'PricingCategory', ['Standard', 'Dynamic', 'Committed', 'Other'], true),
  rowRule(
    CU,
    'CU-PricingCategory-2',
    'PricingCategory (not null for Usage and Purchase)',
    'PricingCategory is set on Usage and Purchase rows',
    (r) =>
      (r.ChargeCategory === 'Usage' || r.ChargeCategory === 'Purchase') &&
      r.ChargeClass !== 'Correction' &&
      isNull(r.PricingCategory)
        ? 'PricingCategory is null on a Usage/Purchase row'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-PricingCategory-3',
    'PricingCategory (Committed: covered by a commitment discount, not its purchase)',
    'Committed exactly on usage covered by a commitment discount',
    (r) => {
      const covered = r.ChargeCategory === 'Usage' && !isNull(r.CommitmentDiscountId);
      if (covered && r.PricingCategory !== 'Committed') return 'usage under a commitment discount is not Committed';
      if (!covered && r.PricingCategory === 'Committed')
        return 'Committed without a commitment discount (or on its purchase)';
      return undefined;
    },
  ),
  nullIff(
    CU,
    'CU-PricingCategory-4',
    'PricingCategory',
    'SkuPriceId',
    'PricingCategory (null when SkuPriceId is null)',
  ),
  allowed(CU, 'CU-CommitmentDiscountStatus-1', 'CommitmentDiscountStatus', ['Used', 'Unused'], true),
  allowed(CU, 'CU-CommitmentDiscountCategory-1', 'CommitmentDiscountCategory', ['Spend', 'Usage'], true),
  allowed(CU, 'CU-CapacityReservationStatus-1', 'CapacityReservationStatus', ['Used', 'Unused'], true),
  allowed(CU, 'CU-ServiceCategory-2', 'ServiceCategory', Object.keys(SUBCATEGORIES), false),
  rowRule(
    CU,
    'CU-ServiceSubcategory-2',
    'ServiceSubcategory (one parent ServiceCategory)',
    'ServiceSubcategory belongs to its ServiceCategory',
    (r) =>
      SUBCATEGORIES[r.ServiceCategory ?? '']?.includes(r.ServiceSubcategory ?? '')
        ? undefined
        : `ServiceSubcategory "${r.ServiceSubcategory}" is not under "${r.ServiceCategory}"`,
  ),
  // ---- nullability pairs --------------------------------------------------------------------------------------------
  rowRule(
    CU,
    'CU-CommitmentDiscountStatus-2',
    'CommitmentDiscountStatus (null when CommitmentDiscountId is null)',
    'status null when id null',
    (r) =>
      isNull(r.CommitmentDiscountId) && !isNull(r.CommitmentDiscountStatus)
        ? 'a status without a commitment discount id'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-CommitmentDiscountStatus-3',
    'CommitmentDiscountStatus (not null when the id is set on Usage)',
    'status set when id set on a Usage row',
    (r) =>
      !isNull(r.CommitmentDiscountId) && r.ChargeCategory === 'Usage' && isNull(r.CommitmentDiscountStatus)
        ? 'a Usage row with a commitment discount id but no status'
        : undefined,
  ),
  nullIff(
    CU,
    'CU-CommitmentDiscountCategory-2',
    'CommitmentDiscountCategory',
    'CommitmentDiscountId',
    'CommitmentDiscountCategory (nullability)',
  ),
  nullIff(
    CU,
    'CU-CommitmentDiscountType-1',
    'CommitmentDiscountType',
    'CommitmentDiscountId',
    'CommitmentDiscountType (nullability)',
  ),
  nullIff(
    CU,
    'CU-CommitmentDiscountName-1',
    'CommitmentDiscountName',
    'CommitmentDiscountId',
    'CommitmentDiscountName (nullability)',
  ),
  nullIff(
    CU,
    'CU-CommitmentDiscountQuantity-2',
    'CommitmentDiscountQuantity',
    'CommitmentDiscountId',
    'CommitmentDiscountQuantity (nullability for Usage and Purchase)',
  ),
  nullIff(
    CU,
    'CU-CommitmentDiscountUnit-1',
    'CommitmentDiscountUnit',
    'CommitmentDiscountQuantity',
    'CommitmentDiscountUnit (nullability)',
  ),
  rowRule(
    CU,
    'CU-CapacityReservationStatus-2',
    'CapacityReservationStatus (null when CapacityReservationId is null)',
    'status null when id null',
    (r) =>
      isNull(r.CapacityReservationId) && !isNull(r.CapacityReservationStatus)
        ? 'a status without a capacity reservation id'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-CapacityReservationStatus-3',
    'CapacityReservationStatus (not null when the id is set on Usage)',
    'status set when id set on a Usage row',
    (r) =>
      !isNull(r.CapacityReservationId) && r.ChargeCategory === 'Usage' && isNull(r.CapacityReservationStatus)
        ? 'a Usage row with a capacity reservation id but no status'
        : undefined,
  ),
  nullIff(
    CU,
    'CU-PricingUnit-1',
    'PricingUnit',
    'PricingQuantity',
    'PricingUnit (nullability follows PricingQuantity)',
  ),
  rowRule(
    CU,
    'CU-PricingQuantity-2',
    'PricingQuantity (not null for Usage and Purchase)',
    'PricingQuantity set on Usage and Purchase rows',
    (r) =>
      (r.ChargeCategory === 'Usage' || r.ChargeCategory === 'Purchase') && isNull(r.PricingQuantity)
        ? 'no PricingQuantity'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-ListUnitPrice-2',
    'ListUnitPrice (not null for Usage and Purchase)',
    'ListUnitPrice set on Usage and Purchase rows',
    (r) =>
      (r.ChargeCategory === 'Usage' || r.ChargeCategory === 'Purchase') && isNull(r.ListUnitPrice)
        ? 'no ListUnitPrice'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-ContractedUnitPrice-2',
    'ContractedUnitPrice (not null for Usage and Purchase)',
    'ContractedUnitPrice set on Usage and Purchase rows',
    (r) =>
      (r.ChargeCategory === 'Usage' || r.ChargeCategory === 'Purchase') && isNull(r.ContractedUnitPrice)
        ? 'no ContractedUnitPrice'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-ConsumedQuantity-2',
    'ConsumedQuantity (Usage rows but unused commitment; null otherwise)',
    'ConsumedQuantity set exactly on Usage rows that are not an unused commitment discount',
    (r) => {
      const want = r.ChargeCategory === 'Usage' && r.CommitmentDiscountStatus !== 'Unused';
      if (want && isNull(r.ConsumedQuantity)) return 'no ConsumedQuantity on a Usage row';
      if (!want && !isNull(r.ConsumedQuantity)) return 'ConsumedQuantity on a row that consumes nothing';
      return undefined;
    },
  ),
  nullIff(
    CU,
    'CU-ConsumedUnit-1',
    'ConsumedUnit',
    'ConsumedQuantity',
    'ConsumedUnit (nullability follows ConsumedQuantity)',
  ),
  rowRule(
    CU,
    'CU-SkuPriceDetails-1',
    'SkuPriceDetails (null when SkuPriceId is null; KeyValueFormat)',
    'SkuPriceDetails is a JSON object, null when SkuPriceId is',
    (r) => {
      if (isNull(r.SkuPriceDetails)) return undefined;
      if (isNull(r.SkuPriceId)) return 'SkuPriceDetails without a SkuPriceId';
      return isObject(jsonOf(r.SkuPriceDetails ?? '')) ? undefined : 'SkuPriceDetails is not a JSON object';
    },
  ),
  rowRule(
    CU,
    'CU-SkuPriceDetails-2',
    'SkuPriceDetails (property keys begin with x_ unless FOCUS-defined)',
    'every SkuPriceDetails key is a FOCUS-defined SKU price property or starts with x_',
    (r) => {
      const o = isNull(r.SkuPriceDetails) ? {} : jsonOf(r.SkuPriceDetails ?? '');
      if (!isObject(o)) return undefined;
      const bad = Object.keys(o).filter((k) => !k.startsWith('x_') && !SKU_PRICE_PROPERTIES.includes(k));
      return bad.length ? `SkuPriceDetails keys neither FOCUS-defined nor x_: ${bad.join(', ')}` : undefined;
    },
  ),
  nullIff(CU, 'CU-SkuId-1', 'SkuId', 'SkuPriceId', 'SkuId, SkuPriceId (set together)'),
  {
    id: 'CU-SkuPriceId-1',
    dataset: CU,
    spec: 'SkuPriceId (one and only one parent SkuId)',
    says: 'every SkuPriceId has one SkuId over the export',
    table: (t) => {
      const parent = new Map<string, string>();
      const out: Finding[] = [];
      t.costAndUsage.rows.forEach((r, i) => {
        const id = r.SkuPriceId ?? '';
        if (id === '') return;
        const p = parent.get(id);
        if (p === undefined) parent.set(id, r.SkuId ?? '');
        else if (p !== (r.SkuId ?? '')) out.push({ row: i, message: `SkuPriceId ${id} has SkuId ${r.SkuId} and ${p}` });
      });
      return out;
    },
  },
  nullIff(CU, 'CU-SkuMeter-1', 'SkuMeter', 'SkuId', 'SkuMeter (null when SkuId is null)'),
  nullIff(CU, 'CU-RegionName-1', 'RegionName', 'RegionId', 'RegionName (null when RegionId is null)'),
  nullIff(CU, 'CU-ResourceName-1', 'ResourceName', 'ResourceId', 'ResourceName (null when ResourceId is null)'),
  nullIff(CU, 'CU-ResourceType-1', 'ResourceType', 'ResourceId', 'ResourceType (null when ResourceId is null)'),
  rowRule(
    CU,
    'CU-ProviderName-2',
    'ProviderName (deprecated: the same as ServiceProviderName)',
    'ProviderName equals ServiceProviderName',
    (r) => (r.ProviderName === r.ServiceProviderName ? undefined : 'ProviderName differs from ServiceProviderName'),
  ),
  // ---- JSON shapes --------------------------------------------------------------------------------------------------
  rowRule(CU, 'CU-Tags-1', 'Tags (KeyValueFormat: a JSON object)', 'Tags is a JSON object of string values', (r) => {
    if (isNull(r.Tags)) return undefined;
    const o = jsonOf(r.Tags ?? '');
    if (!isObject(o)) return 'Tags is not a JSON object';
    return Object.values(o).every((v) => typeof v === 'string') ? undefined : 'a Tags value is not a string';
  }),
  rowRule(
    CU,
    'CU-Tags-2',
    'Tags (provider-defined tag keys carry the provider-specified prefix)',
    `every tag key (skyfleet defines them all) starts with ${TAG_PREFIX}`,
    (r) => {
      const o = isNull(r.Tags) ? {} : jsonOf(r.Tags ?? '');
      if (!isObject(o)) return undefined;
      const bad = Object.keys(o).filter((k) => !k.startsWith(TAG_PREFIX));
      return bad.length ? `tag keys without the ${TAG_PREFIX} prefix: ${bad.join(', ')}` : undefined;
    },
  ),
  rowRule(
    CU,
    'CU-ContractApplied-1',
    'ContractApplied (ContractAppliedObject: Elements with its five keys)',
    'ContractApplied is a JSON object of Elements with the keys FOCUS 1.3 defines',
    (r) => {
      if (isNull(r.ContractApplied)) return undefined;
      const p = contractAppliedProblems(r.ContractApplied ?? '');
      return p.length ? p.join('; ') : undefined;
    },
  ),
  rowRule(
    CU,
    'CU-ContractApplied-2',
    'ContractApplied (ContractCommitmentId matches ResourceId for an unused contract commitment)',
    'a shortfall row (ResourceType Contract commitment) names its commitment as ResourceId',
    (r) => {
      if (r.ResourceType !== 'Contract commitment') return undefined;
      return appliedPairs(r.ContractApplied ?? '').some((p) => p.commitment === r.ResourceId)
        ? undefined
        : 'an unused contract commitment row whose ResourceId is not its ContractCommitmentId';
    },
  ),
  rowRule(
    CU,
    'CU-ContractApplied-4',
    'ContractApplied ("ContractCommitmentId" MUST be equal to ResourceId when ChargeCategory is "Purchase")',
    'a Purchase row names only its own ResourceId as ContractCommitmentId',
    (r) => {
      if (r.ChargeCategory !== 'Purchase' || isNull(r.ContractApplied)) return undefined;
      return appliedPairs(r.ContractApplied ?? '').every((p) => p.commitment === r.ResourceId)
        ? undefined
        : 'a Purchase row whose ContractApplied names a ContractCommitmentId other than its ResourceId';
    },
  ),
  // ---- cost identities ----------------------------------------------------------------------------------------------
  nonNegative('CU-ListUnitPrice-3', 'ListUnitPrice'),
  nonNegative('CU-ContractedUnitPrice-3', 'ContractedUnitPrice'),
  product('CU-ListCost-3', 'ListUnitPrice', 'ListCost'),
  product('CU-ContractedCost-3', 'ContractedUnitPrice', 'ContractedCost'),
  rowRule(
    CU,
    'CU-EffectiveCost-3',
    'EffectiveCost (0 for a purchase covering other charges)',
    'EffectiveCost is 0 on the purchase of a commitment discount',
    (r) =>
      r.ChargeCategory === 'Purchase' && !isNull(r.CommitmentDiscountId) && num(r.EffectiveCost) !== 0
        ? 'a commitment discount purchase with a non-zero EffectiveCost'
        : undefined,
  ),
  rowRule(
    CU,
    'CU-BilledCost-3',
    'BilledCost (covered usage and unused commitment are billed by the purchase)',
    'BilledCost is 0 on Used and Unused commitment discount rows',
    (r) =>
      r.ChargeCategory === 'Usage' && !isNull(r.CommitmentDiscountStatus) && num(r.BilledCost) !== 0
        ? `a ${r.CommitmentDiscountStatus} commitment discount row with BilledCost ${r.BilledCost}`
        : undefined,
  ),
  rowRule(
    CU,
    'CU-EffectiveCost-4',
    'EffectiveCost (matches BilledCost when nothing covers or is covered)',
    'EffectiveCost = BilledCost on rows outside any commitment discount',
    (r) =>
      isNull(r.CommitmentDiscountId) && cents(r.EffectiveCost) !== cents(r.BilledCost)
        ? `EffectiveCost ${r.EffectiveCost} != BilledCost ${r.BilledCost} outside a commitment discount`
        : undefined,
  ),
  {
    id: 'CU-EffectiveCost-5',
    dataset: CU,
    spec: 'EffectiveCost (per CommitmentDiscountId: usage effective = purchase billed = used + unused)',
    says: 'for every commitment discount, the EffectiveCost of its Usage rows adds up to the BilledCost of its Purchase rows',
    table: (t) => {
      const usage = new Map<string, number>();
      const bought = new Map<string, number>();
      for (const r of t.costAndUsage.rows) {
        const id = r.CommitmentDiscountId ?? '';
        if (id === '') continue;
        if (r.ChargeCategory === 'Usage') usage.set(id, (usage.get(id) ?? 0) + cents(r.EffectiveCost));
        if (r.ChargeCategory === 'Purchase') bought.set(id, (bought.get(id) ?? 0) + cents(r.BilledCost));
      }
      return [...new Set([...usage.keys(), ...bought.keys()])]
        .filter((id) => (usage.get(id) ?? 0) !== (bought.get(id) ?? 0))
        .map((id) => ({
          message: `${id}: usage EffectiveCost ${(usage.get(id) ?? 0) / 100} != purchase BilledCost ${(bought.get(id) ?? 0) / 100}`,
        }));
    },
  },
  {
    id: 'CU-EffectiveCost-6',
    dataset: CU,
    spec: 'EffectiveCost (sum equals the sum of BilledCost when purchases and covered charges are both present)',
    says: 'Σ EffectiveCost = Σ BilledCost over the export',
    table: (t) => {
      let e = 0;
      let b = 0;
      for (const r of t.costAndUsage.rows) {
        e += cents(r.EffectiveCost);
        b += cents(r.BilledCost);
      }
      return e === b ? [] : [{ message: `Σ EffectiveCost ${e / 100} != Σ BilledCost ${b / 100}` }];
    },
  },
  // ---- Contract Commitment dataset ----------------------------------------------------------------------------------
  ...[
    'ContractId',
    'ContractCommitmentId',
    'ContractCommitmentCategory',
    'ContractCommitmentType',
    'BillingCurrency',
  ].map((c) => notNull(CC, `CC-${c}-1`, c)),
  allowed(CC, 'CC-ContractCommitmentCategory-2', 'ContractCommitmentCategory', ['Spend', 'Usage'], false),
  rowRule(
    CC,
    'CC-ContractCommitmentCost-1',
    'ContractCommitmentCost (not null for Spend; Decimal)',
    'a Spend commitment has a decimal cost',
    (r) => {
      if (!isNull(r.ContractCommitmentCost) && !DECIMAL.test(r.ContractCommitmentCost ?? ''))
        return 'ContractCommitmentCost is not a decimal';
      return r.ContractCommitmentCategory === 'Spend' && isNull(r.ContractCommitmentCost)
        ? 'a Spend commitment without a cost'
        : undefined;
    },
  ),
  rowRule(
    CC,
    'CC-ContractCommitmentQuantity-1',
    'ContractCommitmentQuantity (not null when the cost is null; Decimal)',
    'a quantity when there is no cost',
    (r) => {
      if (!isNull(r.ContractCommitmentQuantity) && !DECIMAL.test(r.ContractCommitmentQuantity ?? ''))
        return 'ContractCommitmentQuantity is not a decimal';
      return isNull(r.ContractCommitmentCost) && isNull(r.ContractCommitmentQuantity)
        ? 'neither a cost nor a quantity'
        : undefined;
    },
  ),
  nullIff(
    CC,
    'CC-ContractCommitmentUnit-1',
    'ContractCommitmentUnit',
    'ContractCommitmentQuantity',
    'ContractCommitmentUnit (nullability follows the quantity)',
  ),
  ...['ContractCommitmentPeriodStart', 'ContractCommitmentPeriodEnd', 'ContractPeriodStart', 'ContractPeriodEnd'].map(
    (c) => dateTime(CC, `CC-${c}-1`, c),
  ),
  rowRule(
    CC,
    'CC-ContractCommitmentPeriodStart-2',
    'ContractCommitmentPeriodStart/End (inside the contract period)',
    'the commitment period lies in the contract period',
    (r) =>
      (r.ContractPeriodStart ?? '') <= (r.ContractCommitmentPeriodStart ?? '') &&
      (r.ContractCommitmentPeriodStart ?? '') < (r.ContractCommitmentPeriodEnd ?? '') &&
      (r.ContractCommitmentPeriodEnd ?? '') <= (r.ContractPeriodEnd ?? '')
        ? undefined
        : 'the commitment period is not inside its contract period',
  ),
  rowRule(CC, 'CC-BillingCurrency-2', 'BillingCurrency (CurrencyFormat)', 'BillingCurrency is an ISO 4217 code', (r) =>
    /^[A-Z]{3}$/.test(r.BillingCurrency ?? '') ? undefined : 'BillingCurrency is not an ISO 4217 code',
  ),
  {
    id: 'CC-ContractCommitmentId-2',
    dataset: CC,
    spec: 'ContractCommitmentId (unique within the service provider)',
    says: 'every ContractCommitmentId appears once',
    table: (t) => {
      const seen = new Map<string, number>();
      const out: Finding[] = [];
      t.contractCommitment.rows.forEach((r, i) => {
        const id = r.ContractCommitmentId ?? '';
        const first = seen.get(id);
        if (first !== undefined) out.push({ row: i, message: `ContractCommitmentId ${id} repeats row ${first + 1}` });
        else seen.set(id, i);
      });
      return out;
    },
  },
  {
    id: 'CU-ContractApplied-3',
    dataset: CU,
    spec: 'ContractApplied (joins each charge to a contract commitment; one parent ContractId per ContractCommitmentId)',
    says: 'every ContractApplied element names a ContractCommitmentId of contract_commitment.csv, under the same ContractId',
    table: (t) => {
      const parent = new Map(t.contractCommitment.rows.map((r) => [r.ContractCommitmentId ?? '', r.ContractId ?? '']));
      const out: Finding[] = [];
      t.costAndUsage.rows.forEach((r, i) => {
        if (isNull(r.ContractApplied)) return;
        for (const p of appliedPairs(r.ContractApplied ?? '')) {
          const c = parent.get(p.commitment);
          if (c === undefined)
            out.push({ row: i, message: `ContractCommitmentId ${p.commitment} is not in contract_commitment.csv` });
          else if (c !== p.contract)
            out.push({ row: i, message: `ContractCommitmentId ${p.commitment} belongs to ${c}, not ${p.contract}` });
        }
      });
      return out;
    },
  },
];
