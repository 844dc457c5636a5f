/**
 * FOCUS 1.3 requirements as data, for the conformance test: each row quotes (shortly) a normative statement of the
 * specification — a Cost and Usage or Contract Commitment column definition, or an attribute (ColumnHandling,
 * NullHandling, NumericFormat, DateTimeFormat, CurrencyFormat, KeyValueFormat, JsonObjectFormat, UnitFormat,
 * DiscountHandling) — and checks it. Written from the specification text, apart from the exporter and from its
 * own rule table (src/ledger/focus/rules.ts): nothing here is imported from src/ledger/focus.
 *
 * Where the specification leaves a choice to the data generator, the row says what skyfleet declares (docs/ledger.md):
 * the conditional columns whose condition its data meets, its tag key prefix `skyfleet/`, its resource ids being
 * system-generated. `level` is the keyword: MUST rows fail the test; SHOULD rows too, as skyfleet meets them all.
 */
import { add, cmp, type Dec, dec, mul, PLAIN_DECIMAL, show, ZERO } from './exact-decimal.js';
import type { CsvTable } from './rfc4180.js';

export type Cell = string | null;
export type Row = Readonly<Record<string, Cell>>;
export interface Export {
  readonly costAndUsage: CsvTable;
  readonly contractCommitment: CsvTable;
}
export interface Requirement {
  readonly id: string;
  readonly dataset: 'Cost and Usage' | 'Contract Commitment' | 'both';
  /** The column or attribute section of FOCUS 1.3 the statement is in. */
  readonly section: string;
  readonly level: 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT';
  readonly statement: string;
  /** Problems with one row (Cost and Usage or Contract Commitment, as `dataset` says). */
  readonly row?: (r: Row) => string | undefined;
  /** Problems with the whole export. */
  readonly all?: (e: Export) => string[];
}

// ---- the specification's vocabularies -------------------------------------------------------------------------------

export const MANDATORY_CU = [
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
];

/** Conditional columns with the condition skyfleet meets, and the recommended ones. */
export const CONDITIONAL_CU: readonly (readonly [string, string])[] = [
  ['CapacityReservationId', 'the service provider supports capacity reservations (reserved blocks)'],
  ['CapacityReservationStatus', 'the service provider supports capacity reservations'],
  ['ChargeFrequency', 'RECOMMENDED'],
  ['CommitmentDiscountCategory', 'the service provider supports commitment discounts (reserved blocks)'],
  ['CommitmentDiscountId', 'commitment discounts'],
  ['CommitmentDiscountName', 'commitment discounts'],
  ['CommitmentDiscountQuantity', 'commitment discounts'],
  ['CommitmentDiscountStatus', 'commitment discounts'],
  ['CommitmentDiscountType', 'commitment discounts'],
  ['CommitmentDiscountUnit', 'commitment discounts'],
  ['ConsumedQuantity', 'the service provider supports the measurement of usage (GPU-hours)'],
  ['ConsumedUnit', 'the measurement of usage'],
  ['ContractApplied', 'the service provider supports contract commitments (take-or-pay minimums)'],
  ['ContractedUnitPrice', 'the service provider supports negotiated pricing (contract discounts)'],
  ['ListUnitPrice', 'the service provider publishes unit prices exclusive of discounts'],
  ['PricingCategory', 'more than one pricing category (on-demand, spot, reserved)'],
  ['RegionId', 'the host provider deploys within regions'],
  ['RegionName', 'regions'],
  ['ResourceId', 'billing based on provisioned resources'],
  ['ResourceName', 'provisioned resources'],
  ['ResourceType', 'provisioned resources with types'],
  ['ServiceSubcategory', 'RECOMMENDED'],
  ['SkuId', 'unit pricing and price lists'],
  ['SkuMeter', 'unit pricing and price lists'],
  ['SkuPriceDetails', 'unit pricing and price lists'],
  ['SkuPriceId', 'unit pricing and price lists'],
  ['Tags', 'the data generator sets tags (team and workload)'],
];

/** Every Cost and Usage column FOCUS 1.3 defines (a column not listed is custom and needs the x_ prefix). */
export const FOCUS_CU_COLUMNS = new Set([
  ...MANDATORY_CU,
  ...CONDITIONAL_CU.map(([c]) => c),
  'AllocatedMethodDetails',
  'AllocatedMethodId',
  'AllocatedResourceId',
  'AllocatedResourceName',
  'AllocatedTags',
  'AvailabilityZone',
  'BillingAccountType',
  'InvoiceId',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
]);

export const CONTRACT_COMMITMENT_COLUMNS = [
  'BillingCurrency',
  'ContractCommitmentCategory',
  'ContractCommitmentCost',
  'ContractCommitmentDescription',
  'ContractCommitmentId',
  'ContractCommitmentPeriodEnd',
  'ContractCommitmentPeriodStart',
  'ContractCommitmentQuantity',
  'ContractCommitmentType',
  'ContractCommitmentUnit',
  'ContractId',
  'ContractPeriodEnd',
  'ContractPeriodStart',
];

const CU_DECIMALS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingQuantity',
  'ConsumedQuantity',
  'CommitmentDiscountQuantity',
];
const CU_DATETIMES = ['BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd'];
const CC_DATETIMES = [
  'ContractCommitmentPeriodStart',
  'ContractCommitmentPeriodEnd',
  'ContractPeriodStart',
  'ContractPeriodEnd',
];
const CU_NOT_NULL = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceIssuerName',
  'ListCost',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
  'ServiceSubcategory',
];

const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'];
const CHARGE_FREQUENCIES = ['One-Time', 'Recurring', 'Usage-Based'];
const PRICING_CATEGORIES = ['Standard', 'Dynamic', 'Committed', 'Other'];
const STATUSES = ['Used', 'Unused'];
const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
];
/** ServiceSubcategory → its one parent ServiceCategory (the categories skyfleet sells in, and Other). */
const SUBCATEGORY_PARENT: Readonly<Record<string, string>> = {
  'AI Platforms': 'AI and Machine Learning',
  Bots: 'AI and Machine Learning',
  'Generative AI': 'AI and Machine Learning',
  'Machine Learning': 'AI and Machine Learning',
  'Natural Language Processing': 'AI and Machine Learning',
  'Other (AI and Machine Learning)': 'AI and Machine Learning',
  Containers: 'Compute',
  'End User Computing': 'Compute',
  'Quantum Compute': 'Compute',
  'Serverless Compute': 'Compute',
  'Virtual Machines': 'Compute',
  'Other (Compute)': 'Compute',
  'Other (Other)': 'Other',
};
/** SkuPriceDetails keys FOCUS 1.3 defines, with the JSON type of their value. */
const SKU_PRICE_PROPERTIES: Readonly<Record<string, 'number' | 'string'>> = {
  CoreCount: 'number',
  DiskMaxIops: 'number',
  DiskSpace: 'number',
  DiskType: 'string',
  GpuCount: 'number',
  InstanceType: 'string',
  InstanceSeries: 'string',
  MemorySize: 'number',
  NetworkMaxIops: 'number',
  NetworkMaxThroughput: 'number',
  OperatingSystem: 'string',
  Redundancy: 'string',
  StorageClass: 'string',
};
const CONTRACT_APPLIED_KEYS = [
  'ContractId',
  'ContractCommitmentId',
  'ContractCommitmentAppliedCost',
  'ContractCommitmentAppliedQuantity',
  'ContractCommitmentAppliedUnit',
];
/** The tag key prefix skyfleet publishes for the tags it defines (docs/ledger.md). */
export const TAG_KEY_PREFIX = 'skyfleet/';
/** Placeholders NullHandling forbids in place of a null. */
const PLACEHOLDERS = new Set(['null', 'NULL', 'Null', 'NaN', 'nan', 'None', 'none', 'undefined', 'N/A', 'n/a']);

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const TIME_PLURAL = ['Seconds', 'Minutes', 'Hours', 'Days', 'Weeks', 'Months', 'Years'];
const TIME_SINGULAR = ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'];
const COUNT = '[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*)*';
/** UnitFormat: a unit, <unit>-<plural time unit> or <unit>/<singular time unit>, optionally after a whole quantity. */
const UNIT = new RegExp(
  `^(?:[0-9]+ )?(?:${COUNT}|${COUNT}-(?:${TIME_PLURAL.join('|')})|${COUNT}/(?:${TIME_SINGULAR.join('|')}))$`,
);

// ---- helpers --------------------------------------------------------------------------------------------------------

const isNull = (c: Cell | undefined): boolean => c === null || c === undefined;
const has = (c: Cell | undefined): c is string => !isNull(c);
const d = (c: Cell | undefined): Dec => (has(c) ? dec(c) : ZERO);

export function instant(c: Cell | undefined): number | undefined {
  const m = has(c) ? DATETIME.exec(c) : null;
  if (!m) return undefined;
  const t = Date.UTC(+(m[1] ?? 0), +(m[2] ?? 0) - 1, +(m[3] ?? 0), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  // a real calendar instant: no 2026-02-30, no 25:00
  return new Date(t).toISOString().replace('.000Z', 'Z') === c ? t : undefined;
}

export function json(c: Cell | undefined): unknown {
  if (!has(c)) return undefined;
  try {
    return JSON.parse(c);
  } catch {
    return undefined;
  }
}
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isScalar = (x: unknown): boolean => x === null || ['string', 'number', 'boolean'].includes(typeof x);

/** KeyValueFormat (ECMA-404 object, unique keys, scalar values) problems of a JSON text. */
function keyValueProblems(text: string): string | undefined {
  const o = json(text);
  if (!isObject(o)) return 'not a serialized JSON object';
  const keys = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((m) => m[1]);
  if (new Set(keys).size !== keys.length) return 'a key appears twice';
  if (!Object.values(o).every(isScalar)) return 'a value is not a number, string, true, false or null';
  return undefined;
}

/** ContractApplied (JsonObjectFormat, its object schema) problems. */
function contractAppliedProblems(text: string): string[] {
  const o = json(text);
  if (!isObject(o)) return ['not a JSON object'];
  const out: string[] = [];
  for (const k of Object.keys(o)) if (k !== 'Elements' && !/^x_/.test(k)) out.push(`top-level key ${k}`);
  const els = o.Elements;
  if (!Array.isArray(els) || els.length === 0) return [...out, 'no "Elements" array with at least one item'];
  const seen = els.map((e) => JSON.stringify(e));
  if (new Set(seen).size !== seen.length) out.push('an object is repeated in "Elements" (JsonObjectFormat)');
  els.forEach((e, i) => {
    if (!isObject(e)) {
      out.push(`Elements[${i}] is not an object`);
      return;
    }
    for (const k of Object.keys(e)) {
      if (!CONTRACT_APPLIED_KEYS.includes(k) && !/^x_[A-Z][A-Za-z0-9]*$/.test(k)) out.push(`Elements[${i}] key ${k}`);
      if (!isScalar(e[k])) out.push(`Elements[${i}].${k} is nested`);
    }
    for (const k of CONTRACT_APPLIED_KEYS) if (!(k in e)) out.push(`Elements[${i}] lacks ${k}`);
    if (typeof e.ContractId !== 'string' || e.ContractId === '') out.push(`Elements[${i}].ContractId`);
    if (typeof e.ContractCommitmentId !== 'string' || e.ContractCommitmentId === '')
      out.push(`Elements[${i}].ContractCommitmentId`);
    const cost = e.ContractCommitmentAppliedCost ?? null;
    const qty = e.ContractCommitmentAppliedQuantity ?? null;
    const unit = e.ContractCommitmentAppliedUnit ?? null;
    if (cost !== null && typeof cost !== 'number') out.push(`Elements[${i}] cost is not a number`);
    if (qty !== null && typeof qty !== 'number') out.push(`Elements[${i}] quantity is not a number`);
    if (unit !== null && (typeof unit !== 'string' || !UNIT.test(unit))) out.push(`Elements[${i}] unit`);
    if (cost === null && qty === null) out.push(`Elements[${i}] has neither cost nor quantity`);
    if (cost !== null && qty !== null) out.push(`Elements[${i}] has both cost and quantity`);
    if ((qty === null) !== (unit === null)) out.push(`Elements[${i}] unit is null exactly when quantity is not`);
  });
  return out;
}

function elements(c: Cell | undefined): Record<string, unknown>[] {
  const o = json(c);
  return isObject(o) && Array.isArray(o.Elements) ? o.Elements.filter(isObject) : [];
}

// ---- requirement constructors ---------------------------------------------------------------------------------------

type Level = Requirement['level'];
const cu = (id: string, section: string, level: Level, statement: string, row: Requirement['row']): Requirement => ({
  id,
  dataset: 'Cost and Usage',
  section,
  level,
  statement,
  row,
});
const cc = (id: string, section: string, level: Level, statement: string, row: Requirement['row']): Requirement => ({
  id,
  dataset: 'Contract Commitment',
  section,
  level,
  statement,
  row,
});
const whole = (
  id: string,
  dataset: Requirement['dataset'],
  section: string,
  level: Level,
  statement: string,
  all: (e: Export) => string[],
): Requirement => ({ id, dataset, section, level, statement, all });
const when = (ok: boolean, problem: string): string | undefined => (ok ? undefined : problem);

/** `a` is null exactly when `b` is. */
const nullWith = (a: string, b: string, section = a): Requirement =>
  cu(`${a}-null-with-${b}`, section, 'MUST', `${a} MUST be null when ${b} is null, and not null when it is not`, (r) =>
    when(
      isNull(r[a]) === isNull(r[b]),
      `${a} is ${isNull(r[a]) ? 'null' : 'set'}, ${b} is ${isNull(r[b]) ? 'null' : 'set'}`,
    ),
  );

const oneOf = (dataset: 'cu' | 'cc', col: string, values: readonly string[], nullable: boolean): Requirement =>
  (dataset === 'cu' ? cu : cc)(`${col}-allowed`, col, 'MUST', `${col} MUST be one of the allowed values`, (r) =>
    isNull(r[col]) ? when(nullable, `${col} is null`) : when(values.includes(r[col] ?? ''), `${col} "${r[col]}"`),
  );

const usageOrPurchase = (r: Row): boolean =>
  (r.ChargeCategory === 'Usage' || r.ChargeCategory === 'Purchase') && r.ChargeClass !== 'Correction';

/** Sum of `col` over rows, grouped by `key`, where `pick` holds. */
function sumBy(rows: readonly Row[], key: string, col: string, pick: (r: Row) => boolean): Map<string, Dec> {
  const m = new Map<string, Dec>();
  for (const r of rows) {
    const k = r[key];
    if (!has(k) || !pick(r)) continue;
    m.set(k, add(m.get(k) ?? ZERO, d(r[col])));
  }
  return m;
}

/** Pairs (x, y) where one x maps to more than one y. */
function notFunctional(rows: readonly Row[], x: string, y: string): string[] {
  const seen = new Map<string, Cell>();
  const bad = new Set<string>();
  for (const r of rows) {
    const k = r[x];
    if (!has(k)) continue;
    if (seen.has(k) && seen.get(k) !== r[y]) bad.add(k);
    else seen.set(k, r[y] ?? null);
  }
  return [...bad].map((k) => `${x} ${k} has more than one ${y}`);
}

// ---- the requirements -----------------------------------------------------------------------------------------------

export const REQUIREMENTS: readonly Requirement[] = [
  // Column presence and naming (ColumnHandling; each column's "MUST be present" statement)
  ...MANDATORY_CU.map((c) =>
    whole(`${c}-present`, 'Cost and Usage', c, 'MUST', `${c} MUST be present in a Cost and Usage FOCUS dataset`, (e) =>
      e.costAndUsage.header.includes(c) ? [] : [`no column ${c}`],
    ),
  ),
  ...CONDITIONAL_CU.map(([c, why]) =>
    whole(`${c}-present`, 'Cost and Usage', c, 'MUST', `${c} MUST be present when ${why}`, (e) =>
      e.costAndUsage.header.includes(c) ? [] : [`no column ${c}`],
    ),
  ),
  ...CONTRACT_COMMITMENT_COLUMNS.map((c) =>
    whole(
      `CC-${c}-present`,
      'Contract Commitment',
      c,
      'MUST',
      `${c} MUST be present in a Contract Commitment FOCUS dataset`,
      (e) => (e.contractCommitment.header.includes(c) ? [] : [`no column ${c}`]),
    ),
  ),
  whole('ColumnHandling-unique', 'both', 'ColumnHandling', 'MUST', 'a column appears once', (e) =>
    [e.costAndUsage.header, e.contractCommitment.header].flatMap((h) =>
      h.filter((c, i) => h.indexOf(c) !== i).map((c) => `column ${c} twice`),
    ),
  ),
  whole(
    'ColumnHandling-custom-prefix',
    'Cost and Usage',
    'ColumnHandling',
    'MUST',
    'Custom columns MUST be prefixed with a consistent x_ prefix',
    (e) =>
      e.costAndUsage.header.filter((c) => !FOCUS_CU_COLUMNS.has(c) && !c.startsWith('x_')).map((c) => `column ${c}`),
  ),
  whole(
    'ColumnHandling-pascal-alphanumeric',
    'both',
    'ColumnHandling',
    'MUST',
    'Column IDs MUST use Pascal case and be alphanumeric with no special characters (custom: after x_)',
    (e) =>
      [...e.costAndUsage.header, ...e.contractCommitment.header]
        .filter((c) => !/^(x_)?[A-Z][A-Za-z0-9]*$/.test(c))
        .map((c) => `column ${c}`),
  ),
  whole(
    'ColumnHandling-custom-last',
    'Cost and Usage',
    'ColumnHandling',
    'SHOULD',
    'Custom columns SHOULD be listed after all FOCUS columns',
    (e) => {
      const h = e.costAndUsage.header;
      const firstCustom = h.findIndex((c) => c.startsWith('x_'));
      return firstCustom < 0
        ? []
        : h
            .slice(firstCustom)
            .filter((c) => !c.startsWith('x_'))
            .map((c) => `${c} after a custom column`);
    },
  ),

  // Formats of every cell (attributes)
  cu(
    'NumericFormat',
    'NumericFormat',
    'MUST',
    'Decimal columns hold a single plain numeric value: no exponent, separators, sign for positives, currency or unit',
    (r) => {
      const bad = CU_DECIMALS.filter((c) => has(r[c]) && !PLAIN_DECIMAL.test(r[c] ?? ''));
      return bad.length ? bad.map((c) => `${c} "${r[c]}"`).join(', ') : undefined;
    },
  ),
  cc(
    'CC-NumericFormat',
    'NumericFormat',
    'MUST',
    'ContractCommitmentCost and ContractCommitmentQuantity are plain decimals',
    (r) => {
      const bad = ['ContractCommitmentCost', 'ContractCommitmentQuantity'].filter(
        (c) => has(r[c]) && !PLAIN_DECIMAL.test(r[c] ?? ''),
      );
      return bad.length ? bad.map((c) => `${c} "${r[c]}"`).join(', ') : undefined;
    },
  ),
  cu(
    'DateTimeFormat',
    'DateTimeFormat',
    'MUST',
    'Date/time values are ISO 8601 in UTC: YYYY-MM-DDTHH:mm:ssZ, a real instant',
    (r) => {
      const bad = CU_DATETIMES.filter((c) => instant(r[c]) === undefined);
      return bad.length ? bad.map((c) => `${c} "${r[c]}"`).join(', ') : undefined;
    },
  ),
  cc('CC-DateTimeFormat', 'DateTimeFormat', 'MUST', 'Date/time values are ISO 8601 in UTC, and not null', (r) => {
    const bad = CC_DATETIMES.filter((c) => instant(r[c]) === undefined);
    return bad.length ? bad.map((c) => `${c} "${r[c]}"`).join(', ') : undefined;
  }),
  cu(
    'CurrencyFormat',
    'BillingCurrency / CurrencyFormat',
    'MUST',
    'BillingCurrency MUST be a three-letter ISO 4217 national currency code',
    (r) =>
      when(
        /^[A-Z]{3}$/.test(r.BillingCurrency ?? '') &&
          Intl.supportedValuesOf('currency').includes(r.BillingCurrency ?? ''),
        `BillingCurrency "${r.BillingCurrency}"`,
      ),
  ),
  cc(
    'CC-CurrencyFormat',
    'BillingCurrency / CurrencyFormat',
    'MUST',
    'BillingCurrency MUST be an ISO 4217 code, and not null when the category is Spend',
    (r) =>
      isNull(r.BillingCurrency)
        ? when(r.ContractCommitmentCategory !== 'Spend', 'a Spend commitment without BillingCurrency')
        : when(
            Intl.supportedValuesOf('currency').includes(r.BillingCurrency ?? ''),
            `BillingCurrency "${r.BillingCurrency}"`,
          ),
  ),
  cu(
    'NullHandling',
    'NullHandling',
    'MUST NOT',
    'Columns MUST NOT use empty strings or placeholder values to represent a null',
    (r) => {
      const bad = Object.entries(r).filter(([, v]) => v !== null && (v.trim() === '' || PLACEHOLDERS.has(v)));
      return bad.length ? bad.map(([k, v]) => `${k} "${v}"`).join(', ') : undefined;
    },
  ),
  cc(
    'CC-NullHandling',
    'NullHandling',
    'MUST NOT',
    'Columns MUST NOT use empty strings or placeholder values to represent a null',
    (r) => {
      const bad = Object.entries(r).filter(([, v]) => v !== null && (v.trim() === '' || PLACEHOLDERS.has(v)));
      return bad.length ? bad.map(([k, v]) => `${k} "${v}"`).join(', ') : undefined;
    },
  ),
  cu(
    'UnitFormat',
    'UnitFormat',
    'SHOULD',
    'PricingUnit, ConsumedUnit and CommitmentDiscountUnit SHOULD conform to UnitFormat',
    (r) => {
      const bad = ['PricingUnit', 'ConsumedUnit', 'CommitmentDiscountUnit'].filter(
        (c) => has(r[c]) && !UNIT.test(r[c] ?? ''),
      );
      return bad.length ? bad.map((c) => `${c} "${r[c]}"`).join(', ') : undefined;
    },
  ),

  // Not null, allowed values
  cu('not-null', 'each column (nullability)', 'MUST NOT', `${CU_NOT_NULL.join(', ')} MUST NOT be null`, (r) => {
    const bad = CU_NOT_NULL.filter((c) => isNull(r[c]));
    return bad.length ? `null: ${bad.join(', ')}` : undefined;
  }),
  cu('ChargeDescription-not-null', 'ChargeDescription', 'SHOULD NOT', 'ChargeDescription SHOULD NOT be null', (r) =>
    when(has(r.ChargeDescription), 'ChargeDescription is null'),
  ),
  oneOf('cu', 'ChargeCategory', CHARGE_CATEGORIES, false),
  cu('ChargeClass-allowed', 'ChargeClass', 'MUST', 'ChargeClass MUST be "Correction" when not null', (r) =>
    when(isNull(r.ChargeClass) || r.ChargeClass === 'Correction', `ChargeClass "${r.ChargeClass}"`),
  ),
  oneOf('cu', 'ChargeFrequency', CHARGE_FREQUENCIES, false),
  oneOf('cu', 'PricingCategory', PRICING_CATEGORIES, true),
  oneOf('cu', 'CommitmentDiscountStatus', STATUSES, true),
  oneOf('cu', 'CommitmentDiscountCategory', ['Spend', 'Usage'], true),
  oneOf('cu', 'CapacityReservationStatus', STATUSES, true),
  oneOf('cu', 'ServiceCategory', SERVICE_CATEGORIES, false),
  cu(
    'ServiceSubcategory-parent',
    'ServiceSubcategory',
    'MUST',
    'ServiceSubcategory MUST be one of the allowed values and have one and only one parent ServiceCategory',
    (r) =>
      when(
        SUBCATEGORY_PARENT[r.ServiceSubcategory ?? ''] === r.ServiceCategory,
        `${r.ServiceCategory} / ${r.ServiceSubcategory}`,
      ),
  ),
  whole(
    'ServiceName-one-category',
    'Cost and Usage',
    'ServiceName',
    'MUST',
    'ServiceName MUST have one and only one ServiceCategory',
    (e) => notFunctional(e.costAndUsage.rows, 'ServiceName', 'ServiceCategory'),
  ),
  cu(
    'HostProviderName-value',
    'HostProviderName',
    'MUST',
    'HostProviderName MUST equal ServiceProviderName unless the host is exposed (skyfleet exposes none)',
    (r) =>
      when(
        r.HostProviderName === r.ServiceProviderName,
        `host ${r.HostProviderName}, service provider ${r.ServiceProviderName}`,
      ),
  ),

  // Periods
  cu(
    'ChargePeriod-order',
    'ChargePeriodStart / ChargePeriodEnd',
    'MUST',
    'ChargePeriodStart is the inclusive start and ChargePeriodEnd the exclusive end of the charge period: start < end',
    (r) =>
      when(
        (instant(r.ChargePeriodStart) ?? 0) < (instant(r.ChargePeriodEnd) ?? 0),
        `${r.ChargePeriodStart} .. ${r.ChargePeriodEnd}`,
      ),
  ),
  cu(
    'BillingPeriod-holds-charge',
    'BillingPeriodStart / BillingPeriodEnd',
    'MUST',
    'the billing period [start, end) holds the charge period',
    (r) => {
      const bs = instant(r.BillingPeriodStart) ?? 0;
      const be = instant(r.BillingPeriodEnd) ?? 0;
      const cs = instant(r.ChargePeriodStart) ?? 0;
      const ce = instant(r.ChargePeriodEnd) ?? 0;
      return when(
        bs < be && bs <= cs && ce <= be,
        `billing ${r.BillingPeriodStart}..${r.BillingPeriodEnd}, charge ${r.ChargePeriodStart}..${r.ChargePeriodEnd}`,
      );
    },
  ),

  // Charge frequency, pricing category, SKU columns
  cu(
    'ChargeFrequency-purchase',
    'ChargeFrequency',
    'MUST NOT',
    'ChargeFrequency MUST NOT be "Usage-Based" when ChargeCategory is "Purchase"',
    (r) => when(!(r.ChargeCategory === 'Purchase' && r.ChargeFrequency === 'Usage-Based'), 'a Usage-Based purchase'),
  ),
  cu(
    'PricingCategory-null',
    'PricingCategory',
    'MUST',
    'PricingCategory MUST be null when SkuPriceId is null and MUST NOT be null on Usage and Purchase rows',
    (r) =>
      isNull(r.SkuPriceId)
        ? when(isNull(r.PricingCategory), 'PricingCategory without SkuPriceId')
        : when(!usageOrPurchase(r) || has(r.PricingCategory), 'PricingCategory is null'),
  ),
  cu(
    'PricingCategory-committed',
    'PricingCategory',
    'MUST',
    'PricingCategory MUST be "Committed" when the charge is subject to a commitment discount and is not its purchase (and only then)',
    (r) => {
      const subject = has(r.CommitmentDiscountId) && r.ChargeCategory !== 'Purchase';
      return when(
        subject === (r.PricingCategory === 'Committed'),
        `PricingCategory ${r.PricingCategory} with CommitmentDiscountId ${r.CommitmentDiscountId ?? 'null'} on a ${r.ChargeCategory}`,
      );
    },
  ),
  cu(
    'SkuId-not-null',
    'SkuId / SkuPriceId',
    'MUST NOT',
    'SkuId and SkuPriceId MUST NOT be null when ChargeCategory is "Usage" or "Purchase"',
    (r) => when(!usageOrPurchase(r) || (has(r.SkuId) && has(r.SkuPriceId)), 'a Usage or Purchase row without a SKU'),
  ),
  nullWith('SkuMeter', 'SkuId'),
  cu('SkuPriceDetails-null', 'SkuPriceDetails', 'MUST', 'SkuPriceDetails MUST be null when SkuPriceId is null', (r) =>
    when(!(isNull(r.SkuPriceId) && has(r.SkuPriceDetails)), 'SkuPriceDetails without SkuPriceId'),
  ),
  cu(
    'SkuPriceDetails-format',
    'SkuPriceDetails / KeyValueFormat',
    'MUST',
    'SkuPriceDetails MUST conform to KeyValueFormat; keys begin with x_ unless FOCUS-defined; FOCUS-defined properties have their type',
    (r) => {
      if (isNull(r.SkuPriceDetails)) return undefined;
      const p = keyValueProblems(r.SkuPriceDetails ?? '');
      if (p) return p;
      const o = json(r.SkuPriceDetails) as Record<string, unknown>;
      const bad = Object.entries(o).filter(([k, v]) =>
        SKU_PRICE_PROPERTIES[k] ? typeof v !== SKU_PRICE_PROPERTIES[k] : !k.startsWith('x_'),
      );
      return bad.length ? `properties ${bad.map(([k]) => k).join(', ')}` : undefined;
    },
  ),
  whole(
    'SkuPriceId-one-parent',
    'Cost and Usage',
    'SkuPriceId',
    'MUST',
    'SkuPriceId MUST have one and only one parent SkuId',
    (e) => notFunctional(e.costAndUsage.rows, 'SkuPriceId', 'SkuId'),
  ),
  whole(
    'SkuPriceDetails-per-price',
    'Cost and Usage',
    'SkuPriceDetails',
    'MUST',
    'SkuPriceDetails MUST be associated with a given SkuPriceId (one set of details per SkuPriceId)',
    (e) => notFunctional(e.costAndUsage.rows, 'SkuPriceId', 'SkuPriceDetails'),
  ),

  // Unit prices, quantities and the cost identities
  cu(
    'unit-prices-null',
    'ListUnitPrice / ContractedUnitPrice',
    'MUST',
    'unit prices MUST be null when SkuPriceId is null and MUST NOT be null when it is not',
    (r) =>
      when(
        isNull(r.SkuPriceId) === isNull(r.ListUnitPrice) && isNull(r.SkuPriceId) === isNull(r.ContractedUnitPrice),
        'unit price and SkuPriceId disagree',
      ),
  ),
  cu(
    'unit-prices-non-negative',
    'ListUnitPrice / ContractedUnitPrice',
    'MUST',
    'ListUnitPrice and ContractedUnitPrice MUST be non-negative',
    (r) =>
      when(
        !(r.ListUnitPrice ?? '').startsWith('-') && !(r.ContractedUnitPrice ?? '').startsWith('-'),
        'a negative unit price',
      ),
  ),
  cu(
    'PricingQuantity-null',
    'PricingQuantity',
    'MUST',
    'PricingQuantity MUST be null when SkuPriceId is null and MUST NOT be null on Usage and Purchase rows',
    (r) =>
      isNull(r.SkuPriceId)
        ? when(isNull(r.PricingQuantity), 'PricingQuantity without SkuPriceId')
        : when(!usageOrPurchase(r) || has(r.PricingQuantity), 'PricingQuantity is null'),
  ),
  nullWith('PricingUnit', 'PricingQuantity'),
  cu(
    'ListCost-product',
    'ListCost / ListUnitPrice',
    'MUST',
    'ListCost MUST equal the product of ListUnitPrice and PricingQuantity when both are not null',
    (r) => {
      if (isNull(r.ListUnitPrice) || isNull(r.PricingQuantity)) return undefined;
      const p = mul(d(r.ListUnitPrice), d(r.PricingQuantity));
      return when(
        cmp(p, d(r.ListCost)) === 0,
        `${r.ListUnitPrice} × ${r.PricingQuantity} = ${show(p)} ≠ ListCost ${r.ListCost}`,
      );
    },
  ),
  cu(
    'ContractedCost-product',
    'ContractedCost / ContractedUnitPrice',
    'MUST',
    'ContractedCost MUST equal the product of ContractedUnitPrice and PricingQuantity when both are not null',
    (r) => {
      if (isNull(r.ContractedUnitPrice) || isNull(r.PricingQuantity)) return undefined;
      const p = mul(d(r.ContractedUnitPrice), d(r.PricingQuantity));
      return when(
        cmp(p, d(r.ContractedCost)) === 0,
        `${r.ContractedUnitPrice} × ${r.PricingQuantity} = ${show(p)} ≠ ContractedCost ${r.ContractedCost}`,
      );
    },
  ),
  cu(
    'ConsumedQuantity-null',
    'ConsumedQuantity',
    'MUST',
    'ConsumedQuantity MUST be null unless ChargeCategory is "Usage" and CommitmentDiscountStatus is not "Unused", and then MUST NOT be null',
    (r) => {
      const measured = r.ChargeCategory === 'Usage' && r.CommitmentDiscountStatus !== 'Unused' && has(r.SkuPriceId);
      return when(
        measured === has(r.ConsumedQuantity),
        `ConsumedQuantity ${r.ConsumedQuantity ?? 'null'} on a ${r.ChargeCategory} row (${r.CommitmentDiscountStatus ?? 'no status'})`,
      );
    },
  ),
  nullWith('ConsumedUnit', 'ConsumedQuantity'),

  // Commitment discounts and capacity reservations (their columns and DiscountHandling)
  nullWith('CommitmentDiscountCategory', 'CommitmentDiscountId'),
  nullWith('CommitmentDiscountType', 'CommitmentDiscountId'),
  cu(
    'CommitmentDiscountName-null',
    'CommitmentDiscountName',
    'MUST',
    'CommitmentDiscountName MUST be null when CommitmentDiscountId is null (skyfleet names every block)',
    (r) => when(isNull(r.CommitmentDiscountId) === isNull(r.CommitmentDiscountName), 'name and id disagree'),
  ),
  cu(
    'CommitmentDiscountStatus-null',
    'CommitmentDiscountStatus',
    'MUST',
    'CommitmentDiscountStatus MUST be null when CommitmentDiscountId is null, and MUST NOT be null when it is not and ChargeCategory is "Usage"',
    (r) =>
      isNull(r.CommitmentDiscountId)
        ? when(isNull(r.CommitmentDiscountStatus), 'a status without an id')
        : when(r.ChargeCategory !== 'Usage' || has(r.CommitmentDiscountStatus), 'a Usage row without a status'),
  ),
  cu(
    'CommitmentDiscountQuantity-null',
    'CommitmentDiscountQuantity',
    'MUST',
    'CommitmentDiscountQuantity MUST NOT be null on Usage and Purchase rows with a CommitmentDiscountId, and MUST be null in all other cases',
    (r) =>
      when(
        (usageOrPurchase(r) && has(r.CommitmentDiscountId) && has(r.SkuPriceId)) === has(r.CommitmentDiscountQuantity),
        'CommitmentDiscountQuantity',
      ),
  ),
  nullWith('CommitmentDiscountUnit', 'CommitmentDiscountQuantity'),
  whole(
    'CommitmentDiscountUnit-consistent',
    'Cost and Usage',
    'CommitmentDiscountUnit',
    'MUST',
    'CommitmentDiscountUnit MUST remain consistent for a given CommitmentDiscountId',
    (e) => notFunctional(e.costAndUsage.rows, 'CommitmentDiscountId', 'CommitmentDiscountUnit'),
  ),
  cu(
    'CapacityReservationStatus-null',
    'CapacityReservationStatus',
    'MUST',
    'CapacityReservationStatus MUST be null when CapacityReservationId is null, and MUST NOT be null when it is not and ChargeCategory is "Usage"',
    (r) =>
      isNull(r.CapacityReservationId)
        ? when(isNull(r.CapacityReservationStatus), 'a status without an id')
        : when(r.ChargeCategory !== 'Usage' || has(r.CapacityReservationStatus), 'a Usage row without a status'),
  ),
  cu(
    'CapacityReservationId-unused',
    'CapacityReservationId / CapacityReservationStatus',
    'MUST',
    'the unused portion of a capacity reservation (a reserved block\'s Unused row: the block is a commitment discount and a capacity reservation) has its CapacityReservationId and status "Unused"; the used portion status "Used"',
    (r) =>
      has(r.CommitmentDiscountStatus)
        ? when(
            has(r.CapacityReservationId) && r.CapacityReservationStatus === r.CommitmentDiscountStatus,
            `CapacityReservation ${r.CapacityReservationId ?? 'null'} ${r.CapacityReservationStatus ?? 'null'} on a ${r.CommitmentDiscountStatus} row`,
          )
        : undefined,
  ),
  cu(
    'DiscountHandling-purchase',
    'DiscountHandling / EffectiveCost',
    'MUST',
    'the purchase of a commitment discount: ChargeCategory "Purchase", EffectiveCost 0 (it covers future charges), ResourceId = CommitmentDiscountId',
    (r) => {
      if (r.ChargeCategory !== 'Purchase' || isNull(r.CommitmentDiscountId)) return undefined;
      return when(
        cmp(d(r.EffectiveCost), ZERO) === 0 && r.ResourceId === r.CommitmentDiscountId,
        `EffectiveCost ${r.EffectiveCost}, ResourceId ${r.ResourceId}`,
      );
    },
  ),
  cu(
    'DiscountHandling-covered',
    'DiscountHandling',
    'MUST',
    'BilledCost MUST be 0 on a row the commitment covers entirely (status "Used") and on its unused portion',
    (r) =>
      has(r.CommitmentDiscountStatus)
        ? when(cmp(d(r.BilledCost), ZERO) === 0, `BilledCost ${r.BilledCost} on a ${r.CommitmentDiscountStatus} row`)
        : undefined,
  ),
  cu(
    'DiscountHandling-unused',
    'DiscountHandling',
    'MUST',
    'the unused portion: ChargeCategory "Usage", CommitmentDiscountStatus "Unused", ResourceId = CommitmentDiscountId',
    (r) =>
      r.CommitmentDiscountStatus === 'Unused'
        ? when(r.ChargeCategory === 'Usage' && r.ResourceId === r.CommitmentDiscountId, `ResourceId ${r.ResourceId}`)
        : undefined,
  ),
  whole(
    'EffectiveCost-per-commitment-discount',
    'Cost and Usage',
    'EffectiveCost / DiscountHandling',
    'MUST',
    'per CommitmentDiscountId: Σ EffectiveCost of Usage rows = Σ BilledCost of Purchase rows = Σ EffectiveCost of Used + Unused rows',
    (e) => {
      const rows = e.costAndUsage.rows;
      const usage = sumBy(rows, 'CommitmentDiscountId', 'EffectiveCost', (r) => r.ChargeCategory === 'Usage');
      const purchase = sumBy(rows, 'CommitmentDiscountId', 'BilledCost', (r) => r.ChargeCategory === 'Purchase');
      const statuses = sumBy(
        rows,
        'CommitmentDiscountId',
        'EffectiveCost',
        (r) => r.ChargeCategory === 'Usage' && STATUSES.includes(r.CommitmentDiscountStatus ?? ''),
      );
      const ids = new Set([...usage.keys(), ...purchase.keys()]);
      return [...ids]
        .filter(
          (id) =>
            cmp(usage.get(id) ?? ZERO, purchase.get(id) ?? ZERO) !== 0 ||
            cmp(usage.get(id) ?? ZERO, statuses.get(id) ?? ZERO) !== 0,
        )
        .map((id) => `${id}: usage ${show(usage.get(id) ?? ZERO)}, purchases ${show(purchase.get(id) ?? ZERO)}`);
    },
  ),
  cu(
    'EffectiveCost-unrelated',
    'EffectiveCost',
    'MUST',
    'EffectiveCost of a charge unrelated to other charges MUST match BilledCost (rows outside any commitment discount)',
    (r) =>
      isNull(r.CommitmentDiscountId)
        ? when(
            cmp(d(r.EffectiveCost), d(r.BilledCost)) === 0,
            `EffectiveCost ${r.EffectiveCost}, BilledCost ${r.BilledCost}`,
          )
        : undefined,
  ),

  // Region, resource
  nullWith('RegionName', 'RegionId'),
  nullWith('ResourceType', 'ResourceId'),
  cu(
    'ResourceName',
    'ResourceName',
    'MUST',
    'ResourceName MUST be null when ResourceId is null and MUST NOT duplicate a system-generated ResourceId',
    (r) =>
      when(
        isNull(r.ResourceId) ? isNull(r.ResourceName) : has(r.ResourceName) && r.ResourceName !== r.ResourceId,
        `ResourceName ${r.ResourceName ?? 'null'}`,
      ),
  ),

  // Tags (KeyValueFormat)
  cu(
    'Tags-format',
    'Tags / KeyValueFormat',
    'MUST',
    'Tags MUST conform to KeyValueFormat: a serialized JSON object, unique keys, scalar values',
    (r) => (isNull(r.Tags) ? undefined : keyValueProblems(r.Tags ?? '')),
  ),
  cu(
    'Tags-prefix',
    'Tags',
    'MUST',
    `provider-defined tag keys MUST carry the provider-specified prefix (skyfleet's: ${TAG_KEY_PREFIX})`,
    (r) => {
      const o = json(r.Tags);
      const bad = isObject(o) ? Object.keys(o).filter((k) => !k.startsWith(TAG_KEY_PREFIX)) : [];
      return bad.length ? `tag keys ${bad.join(', ')}` : undefined;
    },
  ),

  // ContractApplied (JsonObjectFormat and its object schema) and the join to Contract Commitment
  cu(
    'ContractApplied-format',
    'ContractApplied / JsonObjectFormat',
    'MUST',
    'ContractApplied is a JSON object with an "Elements" array of objects holding ContractId, ContractCommitmentId, ContractCommitmentAppliedCost, …Quantity and …Unit; one metric applied; custom keys x_, not nested',
    (r) => {
      if (isNull(r.ContractApplied)) return undefined;
      const p = contractAppliedProblems(r.ContractApplied ?? '');
      return p.length ? p.join('; ') : undefined;
    },
  ),
  cu(
    'ContractApplied-purchase',
    'ContractApplied',
    'MUST',
    '"ContractCommitmentId" MUST be equal to ResourceId when ChargeCategory is "Purchase"',
    (r) =>
      r.ChargeCategory === 'Purchase'
        ? when(
            elements(r.ContractApplied).every((e) => e.ContractCommitmentId === r.ResourceId),
            `ResourceId ${r.ResourceId}`,
          )
        : undefined,
  ),
  whole(
    'ContractApplied-join',
    'both',
    'ContractApplied / ContractCommitmentId',
    'MUST',
    'every applied ContractCommitmentId is a Contract Commitment row under the same ContractId, applied in its category (Spend: a cost; Usage: a quantity in its ContractCommitmentUnit)',
    (e) => {
      const byId = new Map(e.contractCommitment.rows.map((r) => [r.ContractCommitmentId ?? '', r]));
      const out: string[] = [];
      for (const r of e.costAndUsage.rows)
        for (const el of elements(r.ContractApplied)) {
          const m = byId.get(String(el.ContractCommitmentId));
          if (!m) out.push(`unknown commitment ${String(el.ContractCommitmentId)}`);
          else if (m.ContractId !== el.ContractId)
            out.push(`${m.ContractCommitmentId} is not under ${String(el.ContractId)}`);
          else if (m.ContractCommitmentCategory === 'Spend' && typeof el.ContractCommitmentAppliedCost !== 'number')
            out.push(`${m.ContractCommitmentId}: a Spend commitment applied without a cost`);
          else if (
            m.ContractCommitmentCategory === 'Usage' &&
            el.ContractCommitmentAppliedUnit !== m.ContractCommitmentUnit
          )
            out.push(
              `${m.ContractCommitmentId}: applied in ${String(el.ContractCommitmentAppliedUnit)}, committed in ${m.ContractCommitmentUnit}`,
            );
        }
      return [...new Set(out)];
    },
  ),

  // Contract Commitment dataset
  cc(
    'CC-not-null',
    'Contract Commitment columns',
    'MUST NOT',
    'ContractId, ContractCommitmentId, ContractCommitmentCategory, ContractCommitmentType MUST NOT be null',
    (r) => {
      const bad = ['ContractId', 'ContractCommitmentId', 'ContractCommitmentCategory', 'ContractCommitmentType'].filter(
        (c) => isNull(r[c]),
      );
      return bad.length ? `null: ${bad.join(', ')}` : undefined;
    },
  ),
  cc(
    'CC-ContractCommitmentDescription',
    'ContractCommitmentDescription',
    'SHOULD NOT',
    'ContractCommitmentDescription SHOULD NOT be null',
    (r) => when(has(r.ContractCommitmentDescription), 'no description'),
  ),
  oneOf('cc', 'ContractCommitmentCategory', ['Spend', 'Usage'], false),
  cc(
    'CC-cost-or-quantity',
    'ContractCommitmentCost / ContractCommitmentQuantity',
    'MUST NOT',
    'ContractCommitmentCost MUST NOT be null for Spend; ContractCommitmentQuantity MUST NOT be null for Usage',
    (r) =>
      r.ContractCommitmentCategory === 'Spend'
        ? when(has(r.ContractCommitmentCost), 'a Spend commitment without a cost')
        : when(has(r.ContractCommitmentQuantity), 'a Usage commitment without a quantity'),
  ),
  cc(
    'CC-ContractCommitmentUnit',
    'ContractCommitmentUnit',
    'MUST',
    'ContractCommitmentUnit MUST be null exactly when ContractCommitmentQuantity is null, and SHOULD conform to UnitFormat',
    (r) =>
      when(
        isNull(r.ContractCommitmentUnit) === isNull(r.ContractCommitmentQuantity) &&
          (isNull(r.ContractCommitmentUnit) || UNIT.test(r.ContractCommitmentUnit ?? '')),
        'unit and quantity disagree',
      ),
  ),
  cc(
    'CC-periods',
    'ContractCommitmentPeriodStart/End, ContractPeriodStart/End',
    'MUST',
    "each period's start is its inclusive start and its end the exclusive end (start < end); the commitment period lies in the contract period",
    (r) => {
      const [cs, ce, ks, ke] = [
        'ContractCommitmentPeriodStart',
        'ContractCommitmentPeriodEnd',
        'ContractPeriodStart',
        'ContractPeriodEnd',
      ].map((c) => instant(r[c]) ?? 0);
      return when(
        (cs ?? 0) < (ce ?? 0) && (ks ?? 0) < (ke ?? 0) && (ks ?? 0) <= (cs ?? 0) && (ce ?? 0) <= (ke ?? 0),
        'periods out of order',
      );
    },
  ),
  whole(
    'CC-ContractCommitmentId-unique',
    'Contract Commitment',
    'ContractCommitmentId',
    'MUST',
    'ContractCommitmentId MUST be unique across the Contract Commitment dataset, with one parent ContractId',
    (e) => {
      const ids = e.contractCommitment.rows.map((r) => r.ContractCommitmentId);
      return ids.filter((x, i) => ids.indexOf(x) !== i).map((x) => `${x} twice`);
    },
  ),
];

/** Every problem the export has, by requirement id. */
export function conformance(e: Export, requirements: readonly Requirement[] = REQUIREMENTS): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const note = (id: string, m: string) => out.set(id, [...(out.get(id) ?? []), m]);
  /** A check that cannot read its cells (a malformed decimal, say) is a problem of that requirement too. */
  const attempt = <T>(id: string, where: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      note(id, `${where}cannot be checked: ${(err as Error).message}`);
      return undefined;
    }
  };
  for (const q of requirements) {
    if (q.row) {
      const rows = q.dataset === 'Contract Commitment' ? e.contractCommitment.rows : e.costAndUsage.rows;
      rows.forEach((r, i) => {
        const m = attempt(q.id, `row ${i + 1}: `, () => q.row?.(r));
        if (m !== undefined) note(q.id, `row ${i + 1}: ${m}`);
      });
    }
    for (const m of attempt(q.id, '', () => q.all?.(e)) ?? []) note(q.id, m);
  }
  return out;
}
