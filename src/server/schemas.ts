/**
 * The API's zod schemas: the same objects validate the requests (routes.ts) and, through `z.toJSONSchema` (JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1), make /openapi.json (openapi.ts). Response schemas describe what the
 * server answers; the tests hold the answers to them.
 */
import { z } from 'zod';
import { WORKLOAD_STATES } from '../control/records.js';

/** Limits of what a request may carry (docs/api.md lists them). */
export const LIMITS = {
  /** Largest request body, checked from Content-Length before reading and while reading. */
  bodyBytes: 1024 * 1024,
  nameChars: 128,
  envEntries: 256,
  envValueChars: 64 * 1024,
  scriptChars: 256 * 1024,
  listMax: 1000,
  listDefault: 100,
  tailMax: 10_000,
  tailDefault: 100,
  idempotencyKeyChars: 128,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const idSchema = z.string().regex(ID).describe('a workload id');
export const teamNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)
  .describe('a team name: lower-case letters, digits, - and _, at most 63 characters');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/);
const envMap = z
  .record(envName, z.string().max(LIMITS.envValueChars))
  .refine((o) => Object.keys(o).length <= LIMITS.envEntries, { message: `at most ${LIMITS.envEntries} entries` });
const script = z.string().max(LIMITS.scriptChars);

export const workloadStateSchema = z.enum(WORKLOAD_STATES);

/** A workload as submitted in JSON: the WorkloadSpec of src/control/records.ts. */
export const workloadSpecSchema = z
  .strictObject({
    name: z.string().min(1).max(LIMITS.nameChars).describe('the workload name'),
    workload: z
      .record(z.string(), z.unknown())
      .describe(
        'the workload as a scenario file declares it (docs/scenario.md: kind, gpus, count or gpusPerReplica, nodes, tiers, …)',
      ),
    run: script.optional().describe('the command to run'),
    setup: script.optional().describe('the command run once before `run`'),
    envs: envMap.optional().describe('environment variables'),
    secrets: envMap
      .optional()
      .describe('secret environment variables: stored, never logged, never returned (only their names)'),
    workdir: z.string().max(4096).optional(),
    source: z.string().max(4096).optional().describe('where the request came from (a file name)'),
  })
  .describe('WorkloadSpec');

const STATE_LIST = new RegExp(`^(${WORKLOAD_STATES.join('|')})(,(${WORKLOAD_STATES.join('|')}))*$`);

export const submitQuerySchema = z.strictObject({
  team: teamNameSchema
    .optional()
    .describe('the team the work is for (the admin must name one; a team token its own or none)'),
});
export const listQuerySchema = z.strictObject({
  state: z.string().regex(STATE_LIST).optional().describe('only workloads in these states, comma-separated'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIMITS.listMax)
    .optional()
    .describe(`at most this many (default ${LIMITS.listDefault})`),
  after: idSchema.optional().describe('the page after this id (the `next` of the previous page)'),
});
export const logsQuerySchema = z.strictObject({
  tail: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIMITS.tailMax)
    .optional()
    .describe(`the last N lines (default ${LIMITS.tailDefault})`),
});
export const emptyQuerySchema = z.strictObject({});
export const idParamsSchema = z.strictObject({ id: idSchema });
export const teamParamsSchema = z.strictObject({ name: teamNameSchema });

export const idempotencyKeySchema = z
  .string()
  .regex(new RegExp(`^[\\x21-\\x7e]{1,${LIMITS.idempotencyKeyChars}}$`))
  .describe('printable ASCII, at most 128 characters: the same key twice from the same team submits once');
export const sourceHeaderSchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,256}$/)
  .describe('the name of the file sent (used in warnings as file:line:col)');

export const teamBodySchema = z
  .strictObject({
    quotaGpus: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/), z.number().int().min(0).max(1_000_000))
      .optional()
      .describe('GPUs the team may hold at once, by model'),
    monthlyBudgetCents: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .nullable()
      .optional()
      .describe('null: none'),
    monthlyBudgetGpuHours: z.number().min(0).max(1e12).nullable().optional().describe('null: none'),
  })
  .describe('a team: omitted fields keep their value, null clears a budget');

export const tokenBodySchema = z
  .strictObject({
    team: teamNameSchema.optional().describe('the team the token acts for'),
    admin: z.literal(true).optional().describe('an admin token instead'),
  })
  .describe('exactly one of team and admin');

// ── responses (documentation and tests) ──────────────────────────────────────────────────────────────────────────

const cause = z.object({
  code: z.string(),
  source: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
const placement = z.object({
  provider: z.string(),
  region: z.string(),
  instanceType: z.string(),
  gpu: z.string(),
  gpusPerInstance: z.number(),
  instances: z.number(),
  spot: z.boolean(),
  pricePerInstanceHourCents: z.number(),
  launchId: z.string().optional(),
});
export const workloadViewSchema = z
  .object({
    id: z.string(),
    team: z.string(),
    spec: workloadSpecSchema.omit({ secrets: true }).extend({
      secretNames: z.array(z.string()).optional(),
      replicaGroups: z
        .number()
        .optional()
        .describe('set by the control plane on a service it places as replica groups: how many'),
      group: z
        .object({ service: z.string(), index: z.number(), geo: z.string(), siblings: z.array(z.string()) })
        .optional()
        .describe(
          'set by the control plane on a replica group: its service, index, geography, same-geography siblings',
        ),
    }),
    state: workloadStateSchema,
    version: z.number(),
    placement: placement.nullable(),
    checkpoint: z.object({ at: z.number(), workDone: z.number() }).nullable(),
    attempt: z.number(),
    waitingFor: cause.nullable(),
    idempotencyKey: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
    groups: z
      .array(
        z.object({
          id: z.string(),
          geo: z.string(),
          state: workloadStateSchema,
          placement: placement.nullable(),
          waitingFor: cause.nullable(),
        }),
      )
      .optional()
      .describe("a service placed as replica groups: each group's id, geography, state and placement"),
  })
  .describe('WorkloadView: a workload without its secret values');
export const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
  col: z.number().optional(),
});
export const submitResponseSchema = z.object({
  workloads: z.array(workloadViewSchema),
  warnings: z.array(warningSchema),
});
export const listResponseSchema = z.object({
  workloads: z.array(workloadViewSchema),
  next: z.string().nullable().describe('pass as `after` for the next page; null on the last'),
});
export const eventsResponseSchema = z.object({
  events: z.array(
    z.object({
      seq: z.number(),
      workloadId: z.string(),
      at: z.number(),
      from: workloadStateSchema.nullable(),
      to: workloadStateSchema,
      cause,
    }),
  ),
});
export const explainResponseSchema = z.object({
  workloadId: z.string(),
  state: workloadStateSchema,
  chosen: cause.extend({ effectiveCostCents: z.number().optional() }).nullable(),
  rejections: z.array(cause),
  waitingFor: cause.nullable(),
});
export const logsResponseSchema = z.object({ workloadId: z.string(), tail: z.number(), text: z.string() });
export const fleetResponseSchema = z.object({
  providers: z.array(
    z.object({ name: z.string(), up: z.boolean(), lastSeen: z.number().nullable(), cause: cause.nullable() }),
  ),
  workloadsByState: z.record(z.string(), z.number()),
  blocklist: z.array(z.object({ key: z.string(), until: z.number(), cause })),
});
export const teamSchema = z.object({
  name: z.string(),
  quotaGpus: z.record(z.string(), z.number()),
  monthlyBudgetCents: z.number().nullable(),
  monthlyBudgetGpuHours: z.number().nullable(),
});
export const teamsResponseSchema = z.object({ teams: z.array(teamSchema) });
export const tokenCreatedSchema = z.object({
  id: z.string(),
  token: z.string().describe('the secret: shown once, stored only as a hash'),
  team: z.string().nullable(),
  admin: z.boolean(),
  createdAt: z.number(),
});
/** A token as listed: never its secret nor its hash. */
export const tokenViewSchema = z.object({
  id: z.string().describe('tok_…'),
  team: z.string().nullable().describe('the team it acts for; null: an admin token'),
  admin: z.boolean(),
  createdAt: z.number().describe('epoch ms'),
  revokedAt: z.number().nullable().describe('when it was revoked (epoch ms); null while it is valid'),
});

export const tokensResponseSchema = z.object({
  tokens: z.array(tokenViewSchema).describe('oldest first; revoked tokens included'),
});

export const whoamiSchema = z.object({ tokenId: z.string(), team: z.string().nullable(), admin: z.boolean() });
export const healthSchema = z.object({ ok: z.literal(true) });
export const problemSchema = z
  .object({
    type: z.string().describe('the stable code (docs/codes.md)'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
  })
  .catchall(z.unknown())
  .describe('RFC 9457 problem details; the code’s params are extension members');

export type WorkloadStateName = z.infer<typeof workloadStateSchema>;
