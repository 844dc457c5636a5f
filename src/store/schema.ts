/**
 * The store's tables as Kysely sees them: one schema for SQLite and PostgreSQL (docs/store.md draws it). JSON values
 * are TEXT (both dialects; no jsonb, so a value comes back byte for byte, NUL escapes and all), times are BIGINT
 * epoch milliseconds, booleans are INTEGER 0/1. Column names are snake_case; rows.ts maps them to the records.
 */
import type { Generated } from 'kysely';

export interface WorkloadsTable {
  id: string;
  team: string;
  /** JSON of WorkloadSpec. */
  spec: string;
  state: string;
  version: number;
  /** JSON of Placement, or null. */
  placement: string | null;
  /** JSON of {at, workDone}, or null. */
  checkpoint: string | null;
  attempt: number;
  /** JSON of Cause, or null. */
  waiting_for: string | null;
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  seq: Generated<number>;
  workload_id: string;
  at: number;
  from_state: string | null;
  to_state: string;
  /** JSON of Cause. */
  cause: string;
}

export interface TokensTable {
  id: string;
  hash: string;
  team: string | null;
  admin: number;
  created_at: number;
  /** Null while the token is valid (migration 4). */
  revoked_at: number | null;
}

export interface TeamsTable {
  name: string;
  /** JSON of {gpu: count}. */
  quota_gpus: string;
  monthly_budget_cents: number | null;
  monthly_budget_gpu_hours: number | null;
}

export interface UsageTable {
  id: string;
  workload_id: string;
  team: string;
  provider: string;
  region: string;
  instance_type: string;
  gpu: string;
  gpus: number;
  instances: number;
  pricing: string;
  price_per_instance_hour_cents: number;
  start_at: number;
  end_at: number | null;
}

export interface MetaTable {
  key: string;
  /** JSON. */
  value: string;
}

/** The migrations applied, one row each (migrations.ts). */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Db {
  workloads: WorkloadsTable;
  events: EventsTable;
  tokens: TokensTable;
  teams: TeamsTable;
  usage: UsageTable;
  meta: MetaTable;
  skyfleet_migrations: MigrationsTable;
}

export type Dialect = 'sqlite' | 'postgres';
