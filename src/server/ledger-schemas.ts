/** The ledger routes' zod schemas (GET /v1/ledger…): the query, and the answers as /openapi.json shows them. */
import { z } from 'zod';

/** `2026-12-01` or `2026-12-01T10:00:00Z` (UTC; an offset is allowed). */
const instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'expected a date (2026-12-01) or a UTC date-time (2026-12-01T10:00:00Z)',
  })
  .refine((s) => Number.isFinite(Date.parse(s)), { message: 'not a date' });

export const ledgerQuerySchema = z.strictObject({
  from: instant
    .optional()
    .describe('start of the period (inclusive); default: the first instant of the current calendar month (UTC)'),
  to: instant.optional().describe('end of the period (exclusive); default: now'),
});

const centsMap = z.record(z.string(), z.number().int());

export const ledgerViewSchema = z
  .looseObject({
    schema: z.literal('skyfleet/ledger@1'),
    source: z.looseObject({
      kind: z.literal('control-plane'),
      scenario: z.string(),
      team: z.string().optional(),
      horizon: z.object({ start: z.string(), end: z.string() }),
    }),
    billedUsd: z.string().describe('the bill as an exact decimal string of USD: the sum of BilledCost of the export'),
    billedCents: z.number().int(),
    usageCents: z.number().int(),
    reservedCents: z.number().int(),
    shortfallCents: z.number().int(),
    listCents: z.number().int(),
    contractedCents: z.number().int(),
    reconciles: z.boolean(),
    problems: z.array(z.string()),
    usageRecords: z.number().int(),
    chargeRows: z.number().int(),
    months: z.array(
      z.object({
        month: z.string(),
        billedCents: z.number().int(),
        byProvider: centsMap,
        byContract: centsMap,
        byTeam: centsMap,
      }),
    ),
    commitments: z.array(z.looseObject({ id: z.string(), unit: z.enum(['usd', 'gpu-hours']) })),
    reservations: z.array(z.looseObject({ id: z.string() })),
    teams: z.array(z.looseObject({ team: z.string(), totalCents: z.number().int() })),
    assumptions: z.looseObject({ usage: z.literal('recorded') }),
  })
  .describe('LedgerView (docs/ledger.md): spend by month, commitment burn-down, reserved use, team chargeback');

export const focusResponseSchema = z
  .strictObject({
    costAndUsage: z.string().describe('FOCUS 1.3 Cost and Usage dataset, CSV (cost_and_usage.csv)'),
    contractCommitment: z.string().describe('FOCUS 1.3 Contract Commitment dataset, CSV (contract_commitment.csv)'),
  })
  .describe('the FOCUS 1.3 export of the ledger of the same period');
