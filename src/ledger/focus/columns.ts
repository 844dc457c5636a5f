/**
 * The columns skyfleet writes, in order (FOCUS columns alphabetically, then the custom `x_` columns), for the two
 * FOCUS 1.3 datasets. Cost and Usage: every column 1.3 makes mandatory, and the conditional ones whose condition
 * skyfleet meets (docs/ledger.md lists each with how it is filled, and why the others are left out). Contract
 * Commitment: its 13 columns.
 */
export const COST_AND_USAGE_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
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
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'HostProviderName',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceProviderName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'Tags',
  'x_ChargeKind',
  'x_Team',
  'x_UsageRecords',
  'x_Workload',
] as const;

export type CostAndUsageColumn = (typeof COST_AND_USAGE_COLUMNS)[number];

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
] as const;

export type ContractCommitmentColumn = (typeof CONTRACT_COMMITMENT_COLUMNS)[number];

/**
 * Tag keys skyfleet defines (FOCUS 1.3 Tags: provider-defined tag keys carry a prefix the provider publishes;
 * skyfleet's is `skyfleet/`, and docs/ledger.md says so). skyfleet has no user-defined tags.
 */
export const TAG_PREFIX = 'skyfleet/';
export const TAG_TEAM = `${TAG_PREFIX}team`;
export const TAG_WORKLOAD = `${TAG_PREFIX}workload`;

/** The unit GPU capacity is priced and consumed in. */
export const GPU_HOURS = 'GPU-Hours';
