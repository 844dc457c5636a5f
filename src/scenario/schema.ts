/**
 * The scenario file format as zod schemas: the one definition the loader validates with and the JSON Schema
 * (schema/scenario.schema.json) is generated from. Fields keep the file's spelling (units as text); defaults are
 * applied when converting to core types (see docs/scenario.md for every field, its unit and its default).
 */
import { z } from 'zod';
import { TIERS } from '../core/types.js';
import {
  amount,
  annualChange,
  count,
  date,
  demand,
  duration,
  fraction,
  gpuHours,
  id,
  money,
  name,
  positiveInt,
  rate,
  text,
  tokensPerSecond,
} from './fields.js';
import {
  MAX_MIN_PROVIDERS,
  MAX_PREEMPTIONS_PER_HOUR,
  MAX_PRIORITY,
  MAX_TEAM_WEIGHT,
  MAX_THROUGHPUT_RATIO,
} from './limits.js';

const names = () => z.array(name().min(1));
const ratios = () => z.record(name(), z.number().positive().max(MAX_THROUGHPUT_RATIO));
const d = (description: string) => ({ description });

export const HorizonSchema = z.strictObject({
  start: date().meta(d('first instant planned (UTC)')),
  length: duration().meta(d("how long the plan runs, e.g. '3y' (calendar years/months from start)")),
  bucket: duration().optional().meta(d("granularity of capacity and commitment checks; default '1mo'")),
});

export const SpotSchema = z.strictObject({
  preemptionsPerHour: z
    .number()
    .nonnegative()
    .max(MAX_PREEMPTIONS_PER_HOUR)
    .meta(d('expected preemptions per hour of a job; 0 = spot tier not offered')),
  capacityShare: fraction().optional().meta(d('share of the quota that may be on spot at once; default 25%')),
});

export const ProviderSchema = z.strictObject({
  quota: positiveInt()
    .optional()
    .meta(d('most GPUs held at once on committed/on-demand/spot tiers; default 1,000,000 (effectively unbounded)')),
  regions: names()
    .min(1)
    .optional()
    .meta(d('regions allowed (must exist in the catalog); default: every catalog region of the provider')),
  regionQuota: z.record(name(), positiveInt()).optional().meta(d('per-region GPU quota')),
  interconnect: positiveInt().optional().meta(d('largest gang (GPUs) in one interconnect domain; default 8')),
  spot: SpotSchema.optional().meta(d('spot offering; absent = no spot tier')),
  priceChange: annualChange()
    .optional()
    .meta(
      d(
        "list and spot prices change by this much per year from the horizon start, e.g. '-15%/y'; default 0 (the catalog's prices throughout)",
      ),
    ),
});

export const PeriodSchema = z.strictObject({
  start: date().optional().meta(d('default: the end of the previous period (the contract start for the first)')),
  length: duration().optional().meta(d('period length; give length or end')),
  end: date().optional(),
  minimum: amount().meta(d('take-or-pay minimum in the period (USD or GPU-hours)')),
});

export const CommitmentSchema = z.strictObject({
  unit: z.enum(['usd', 'gpu-hours']).optional().meta(d('default: the unit the minimums are written in')),
  periods: z.array(PeriodSchema).min(1).optional().meta(d('explicit periods; or give total + every (+ ramp)')),
  total: amount().optional().meta(d('total commitment over the term, split into periods of `every`')),
  every: duration().optional(),
  ramp: z
    .array(fraction())
    .min(1)
    .optional()
    .meta(d('share of the total per period, must sum to 100%; default equal shares')),
});

export const RampStepSchema = z.strictObject({ from: date(), count: count() });

export const ReservedSchema = z.strictObject({
  id: id(),
  gpu: name().min(1),
  region: name().min(1),
  count: count().meta(d('GPUs from the contract start')),
  rate: rate().meta(d('USD per GPU-hour, paid for every reserved GPU used or not')),
  countsTowardCommitment: z.boolean().optional().meta(d('default true')),
  instanceType: z
    .string()
    .min(1)
    .optional()
    .meta(
      d(
        "the instance type the block is made of (e.g. 'p5.48xlarge'); default: the catalog's largest for the GPU in the region",
      ),
    ),
  ramp: z.array(RampStepSchema).optional().meta(d('later steps: from a date on, the block has `count` GPUs')),
});

export const ContractSchema = z.strictObject({
  id: id(),
  provider: name().min(1),
  start: date().optional().meta(d('default: horizon start')),
  term: duration().optional().meta(d('contract length (calendar); give term or end')),
  end: date().optional(),
  discount: fraction().optional().meta(d('off list price for on-demand bought under the contract; default 0')),
  commitment: CommitmentSchema.optional(),
  shortfall: z
    .strictObject({
      carryForward: fraction().meta(
        d("share of a period's shortfall carried into the next period instead of paid; default 0"),
      ),
    })
    .optional(),
  reserved: z.array(ReservedSchema).optional(),
  rightOfFirstRefusal: names().optional().meta(d('workload classes whose new demand must be offered here first')),
  exclusivity: names().optional().meta(d('workload classes that must run on this provider')),
});

const Caps = { maxSpendShare: fraction().optional(), maxGpuShare: fraction().optional() };

export const PolicySchema = z.strictObject({
  maxSpendShare: fraction().optional().meta(d('max share of total spend on any one provider; default 100%')),
  maxGpuShare: fraction().optional().meta(d('max share of GPUs on any one provider; default 100%')),
  byProvider: z.record(name(), z.strictObject(Caps)).optional().meta(d('per-provider overrides of both caps')),
  survivability: z
    .array(z.strictObject({ tiers: z.array(positiveInt(MAX_PRIORITY)).min(1), fraction: fraction() }))
    .optional(),
  residency: z.array(z.strictObject({ appliesTo: names().min(1), geos: names().min(1) })).optional(),
  teamBudgets: z.record(name(), money()).optional().meta(d('team -> USD over the horizon')),
  teamWeights: z
    .record(name(), z.number().positive().max(MAX_TEAM_WEIGHT))
    .optional()
    .meta(d('team -> fair-share weight (> 0); a team not listed weighs 1')),
});

const WorkloadCommon = {
  id: id(),
  team: name().min(1).optional().meta(d("default 'default'")),
  class: name().min(1).optional().meta(d('default: the kind')),
  priority: positiveInt(MAX_PRIORITY).optional().meta(d('1 = most critical; default 2')),
  gpus: names().min(1).meta(d('acceptable GPU models, in order of preference')),
  providers: names().min(1).optional(),
  regions: names().min(1).optional(),
  throughput: ratios().optional().meta(d('GPU -> throughput relative to H100 for this workload')),
  tiers: z
    .array(z.enum(TIERS as [string, ...string[]]))
    .min(1)
    .optional(),
  start: date().optional().meta(d('default: horizon start')),
  nodes: positiveInt()
    .optional()
    .meta(
      d(
        "nodes launched together for the gang (training, batch) or for one replica (inference), each with an equal share of the GPUs (count or gpusPerReplica must divide by it); a SkyPilot task's num_nodes",
      ),
    ),
};

const GangFields = {
  count: positiveInt().meta(d('GPUs in the gang')),
  work: gpuHours().meta(d('work in H100 GPU-hours')),
  checkpointEvery: duration().optional().meta(d("default '1h'")),
  deadline: date().optional(),
};

export const TrainingSchema = z.strictObject({ ...WorkloadCommon, kind: z.literal('training'), ...GangFields });
export const BatchSchema = z.strictObject({
  ...WorkloadCommon,
  kind: z.literal('batch'),
  ...GangFields,
  multiNode: z
    .boolean()
    .optional()
    .meta(
      d(
        'the gang may span several instances (whole ones, in one interconnect domain); false: it must fit on one instance; default true',
      ),
    ),
});
export const InferenceSchema = z.strictObject({
  ...WorkloadCommon,
  kind: z.literal('inference'),
  gpusPerReplica: positiveInt(),
  multiNode: z
    .boolean()
    .optional()
    .meta(
      d(
        'a replica may span several instances (whole ones, in one interconnect domain) when no single instance holds it; default false',
      ),
    ),
  tokensPerSecondPerReplica: tokensPerSecond()
    .optional()
    .meta(d('what one replica serves on H100; needed when demand is in tokens/s')),
  pricePerMillionTokens: money()
    .optional()
    .meta(
      d(
        'what the service charges per million tokens served, for revenue and gross margin in the simulator; needs tokensPerSecondPerReplica',
      ),
    ),
  demand: z.record(name(), demand()).meta(d('geo -> demand')),
  minProviders: positiveInt(MAX_MIN_PROVIDERS).optional().meta(d('default 1')),
  end: date().optional(),
});

export const WorkloadSchema = z.discriminatedUnion('kind', [TrainingSchema, InferenceSchema, BatchSchema]);

export const ScenarioFileSchema = z
  .strictObject({
    $schema: z.string().optional().meta(d('path or URL of this JSON Schema, for editors')),
    name: name().min(1),
    description: text().optional(),
    horizon: HorizonSchema,
    throughput: ratios()
      .optional()
      .meta(d('GPU -> throughput relative to H100; adds to / overrides the bundled table')),
    providers: z.record(name(), ProviderSchema),
    contracts: z.array(ContractSchema).optional(),
    policies: PolicySchema.optional(),
    workloads: z.array(WorkloadSchema),
  })
  .meta({
    title: 'skyfleet scenario',
    description: 'Providers, contracts, policies and workloads of one organisation (docs/scenario.md).',
  });

export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
export type ProviderFile = z.infer<typeof ProviderSchema>;
export type ContractFile = z.infer<typeof ContractSchema>;
export type PolicyFile = z.infer<typeof PolicySchema>;
export type WorkloadFile = z.infer<typeof WorkloadSchema>;
export type HorizonFile = z.infer<typeof HorizonSchema>;

/** The JSON Schema of the file format (draft 2020-12), as committed in schema/scenario.schema.json. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioFileSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/** The committed file's exact text: 2-space JSON with a trailing newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
