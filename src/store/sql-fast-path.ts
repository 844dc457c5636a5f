/**
 * The store's hot write — `createWorkloads`, which every submission batch of the control plane makes (group commit).
 * SQLite: statements prepared once and run synchronously on the driver in one transaction (NativeWriter), no query
 * building per call; it decides exactly as the Kysely path of sql-store.ts (one row per workload in batch order,
 * ON CONFLICT DO NOTHING, then the key says which workload a row not inserted answers). PostgreSQL: a batch that
 * conflicts with nothing in one statement, one round trip. The contract suite holds every path to the same rules.
 */
import { type Kysely, sql } from 'kysely';
import type { CreatedWorkload, NewWorkload } from '../control/ports.js';
import type { WorkloadRecord } from '../control/records.js';
import { isUniqueViolation, type NativeStatement } from './backend.js';
import { stepEvents } from './created.js';
import { workloadFromRow, workloadToRow } from './rows.js';
import type { Db, EventsTable, WorkloadsTable } from './schema.js';
import { StoreError } from './store-error.js';

export type NewEvent = Omit<EventsTable, 'seq'>;

const INSERT_WORKLOAD =
  'insert into "workloads" ("id", "team", "spec", "state", "version", "placement", "checkpoint", "attempt", ' +
  '"waiting_for", "idempotency_key", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
  'on conflict do nothing';
const WORKLOAD_BY_KEY = 'select * from "workloads" where "team" = ? and "idempotency_key" = ?';
const INSERT_EVENT =
  'insert into "events" ("workload_id", "at", "from_state", "to_state", "cause") values (?, ?, ?, ?, ?)';

/** The events of a workload created: `submitted`, then one per step, in order. */
export function createdEvents(w: NewWorkload): NewEvent[] {
  const out: NewEvent[] = [
    { workload_id: w.id, at: w.at, from_state: null, to_state: 'submitted', cause: JSON.stringify(w.cause) },
  ];
  for (const e of stepEvents(w))
    out.push({ workload_id: w.id, at: e.at, from_state: e.from, to_state: e.to, cause: JSON.stringify(e.cause) });
  return out;
}

/**
 * Inside one write transaction: inserts the batch (`records[i]` is `ws[i]` after its steps, `specs[i]` its spec's
 * JSON text, `firstOf` the index of each id's first item) and answers per item, in order.
 */
export function createWorkloadsNative(
  prepare: (sql: string) => NativeStatement,
  ws: readonly NewWorkload[],
  records: readonly WorkloadRecord[],
  specs: readonly string[],
  firstOf: ReadonlyMap<string, number>,
): CreatedWorkload[] {
  const insert = prepare(INSERT_WORKLOAD);
  const inserted: boolean[] = [];
  for (const [i, r] of records.entries()) {
    if (firstOf.get(r.id) !== i) continue;
    const row = workloadToRow(r, specs[i] ?? 'null');
    inserted[i] =
      insert.run(
        row.id,
        row.team,
        row.spec,
        row.state,
        row.version,
        row.placement,
        row.checkpoint,
        row.attempt,
        row.waiting_for,
        row.idempotency_key,
        row.created_at,
        row.updated_at,
      ).changes === 1;
  }
  const out: CreatedWorkload[] = [];
  const events: NewEvent[] = [];
  for (const [i, w] of ws.entries()) {
    const workload = records[i];
    if (workload === undefined) continue;
    if (inserted[i] !== true) {
      const first =
        w.idempotencyKey === null
          ? undefined
          : (prepare(WORKLOAD_BY_KEY).get(w.team, w.idempotencyKey) as WorkloadsTable | undefined);
      if (first) {
        out.push({ workload: workloadFromRow(first), created: false });
        continue;
      }
      throw new StoreError('store.duplicate', { kind: 'workload', id: w.id });
    }
    events.push(...createdEvents(w));
    out.push({ workload, created: true });
  }
  const insertEvent = prepare(INSERT_EVENT);
  for (const e of events) insertEvent.run(e.workload_id, e.at, e.from_state, e.to_state, e.cause);
  return out;
}

/**
 * PostgreSQL: a batch with no id and no key given twice, inserted with its events in ONE statement (atomic on its
 * own: one round trip instead of BEGIN, two INSERTs and COMMIT). Answers undefined when a row conflicts (a key
 * replayed, an id taken): nothing was written, and the caller decides in a transaction, row by row, as before.
 */
export async function createWorkloadsOneStatement(
  db: Kysely<Db>,
  ws: readonly NewWorkload[],
  records: readonly WorkloadRecord[],
  specs: readonly string[],
): Promise<CreatedWorkload[] | undefined> {
  const rows = records.map((r, i) => workloadToRow(r, specs[i] ?? 'null'));
  const events = ws.flatMap(createdEvents);
  const col = <R, T>(items: readonly R[], pick: (r: R) => T): T[] => items.map(pick);
  try {
    await sql`
      with w as (
        insert into workloads (id, team, spec, state, version, placement, checkpoint, attempt, waiting_for,
                               idempotency_key, created_at, updated_at)
        select * from unnest(
          ${col(rows, (r) => r.id)}::text[], ${col(rows, (r) => r.team)}::text[], ${col(rows, (r) => r.spec)}::text[],
          ${col(rows, (r) => r.state)}::text[], ${col(rows, (r) => r.version)}::integer[],
          ${col(rows, (r) => r.placement)}::text[], ${col(rows, (r) => r.checkpoint)}::text[],
          ${col(rows, (r) => r.attempt)}::integer[], ${col(rows, (r) => r.waiting_for)}::text[],
          ${col(rows, (r) => r.idempotency_key)}::text[], ${col(rows, (r) => r.created_at)}::bigint[],
          ${col(rows, (r) => r.updated_at)}::bigint[])
        returning id)
      insert into events (workload_id, at, from_state, to_state, cause)
      select v.workload_id, v.at, v.from_state, v.to_state, v.cause
      from unnest(
        ${col(events, (e) => e.workload_id)}::text[], ${col(events, (e) => e.at)}::bigint[],
        ${col(events, (e) => e.from_state)}::text[], ${col(events, (e) => e.to_state)}::text[],
        ${col(events, (e) => e.cause)}::text[]) with ordinality as v(workload_id, at, from_state, to_state, cause, ord)
      order by v.ord`.execute(db);
  } catch (e) {
    if (isUniqueViolation(e)) return undefined;
    throw e;
  }
  return records.map((workload) => ({ workload, created: true }));
}
