/**
 * Rows ↔ records: the SQL adapter's only translation. JSON columns are parsed back, INTEGER 0/1 becomes a boolean,
 * numbers stay numbers (postgres-backend.ts has BIGINT parsed as a number: epoch ms and cents fit in 2^53).
 */
import type { Selectable } from 'kysely';
import type {
  PricingKind,
  TeamRecord,
  TokenRecord,
  UsageRecord,
  WorkloadEvent,
  WorkloadRecord,
  WorkloadState,
} from '../control/records.js';
import type { Cents } from '../core/money.js';
import type { EventsTable, TeamsTable, TokensTable, UsageTable, WorkloadsTable } from './schema.js';

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

export function workloadFromRow(r: Selectable<WorkloadsTable>): WorkloadRecord {
  return {
    id: r.id,
    team: r.team,
    spec: JSON.parse(r.spec),
    state: r.state as WorkloadState,
    version: r.version,
    placement: json(r.placement),
    checkpoint: json(r.checkpoint),
    attempt: r.attempt,
    waitingFor: json(r.waiting_for),
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The row of a record whose spec is already JSON text (limits.ts measured it). */
export function workloadToRow(w: WorkloadRecord, specText: string): WorkloadsTable {
  return {
    id: w.id,
    team: w.team,
    spec: specText,
    state: w.state,
    version: w.version,
    placement: text(w.placement),
    checkpoint: text(w.checkpoint),
    attempt: w.attempt,
    waiting_for: text(w.waitingFor),
    idempotency_key: w.idempotencyKey,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

export function eventFromRow(r: Selectable<EventsTable>): WorkloadEvent {
  return {
    seq: r.seq,
    workloadId: r.workload_id,
    at: r.at,
    from: r.from_state as WorkloadState | null,
    to: r.to_state as WorkloadState,
    cause: JSON.parse(r.cause),
  };
}

export function tokenFromRow(r: Selectable<TokensTable>): TokenRecord {
  const t: TokenRecord = { id: r.id, hash: r.hash, team: r.team, admin: r.admin === 1, createdAt: r.created_at };
  return r.revoked_at === null ? t : { ...t, revokedAt: r.revoked_at };
}

export function tokenToRow(t: TokenRecord): TokensTable {
  return {
    id: t.id,
    hash: t.hash,
    team: t.team,
    admin: t.admin ? 1 : 0,
    created_at: t.createdAt,
    revoked_at: t.revokedAt ?? null,
  };
}

export function teamFromRow(r: Selectable<TeamsTable>): TeamRecord {
  return {
    name: r.name,
    quotaGpus: JSON.parse(r.quota_gpus),
    monthlyBudgetCents: r.monthly_budget_cents as Cents | null,
    monthlyBudgetGpuHours: r.monthly_budget_gpu_hours,
  };
}

export function teamToRow(t: TeamRecord): TeamsTable {
  return {
    name: t.name,
    quota_gpus: JSON.stringify(t.quotaGpus),
    monthly_budget_cents: t.monthlyBudgetCents,
    monthly_budget_gpu_hours: t.monthlyBudgetGpuHours,
  };
}

export function usageFromRow(r: Selectable<UsageTable>): UsageRecord {
  return {
    id: r.id,
    workloadId: r.workload_id,
    team: r.team,
    provider: r.provider,
    region: r.region,
    instanceType: r.instance_type,
    gpu: r.gpu,
    gpus: r.gpus,
    instances: r.instances,
    pricing: r.pricing as PricingKind,
    pricePerInstanceHourCents: r.price_per_instance_hour_cents as Cents,
    start: r.start_at,
    end: r.end_at,
  };
}

export function usageToRow(u: UsageRecord): UsageTable {
  return {
    id: u.id,
    workload_id: u.workloadId,
    team: u.team,
    provider: u.provider,
    region: u.region,
    instance_type: u.instanceType,
    gpu: u.gpu,
    gpus: u.gpus,
    instances: u.instances,
    pricing: u.pricing,
    price_per_instance_hour_cents: u.pricePerInstanceHourCents,
    start_at: u.start,
    end_at: u.end,
  };
}
