/**
 * The Store port over SQL through Kysely, one implementation for SQLite and PostgreSQL. What differs between them
 * is in the backend (sqlite-backend.ts, postgres-backend.ts: how a write transaction is run, how BIGINT is read)
 * and in two lines here (PostgreSQL locks the rows a batch changes, in id order, so concurrent batches neither
 * deadlock nor read a stale row). Every rule of the port is the memory adapter's, held by the same contract suite.
 */
import type { Kysely } from 'kysely';
import type { NewWorkload, Store, WorkloadChange, WorkloadQuery } from '../control/ports.js';
import type { TeamRecord, TokenRecord, UsageRecord, WorkloadEvent, WorkloadRecord } from '../control/records.js';
import { isUniqueViolation, type SqlBackend } from './backend.js';
import { checkUsageText, specJson } from './limits.js';
import { migrate } from './migrations.js';
import {
  eventFromRow,
  teamFromRow,
  teamToRow,
  tokenFromRow,
  tokenToRow,
  usageFromRow,
  usageToRow,
  workloadFromRow,
  workloadToRow,
} from './rows.js';
import type { Db, EventsTable } from './schema.js';
import { StoreError } from './store-error.js';
import { checkText, isStorableText } from './text.js';

type NewEvent = Omit<EventsTable, 'seq'>;

export class SqlStore implements Store {
  private closed = false;

  constructor(private readonly backend: SqlBackend) {}

  private live(): void {
    if (this.closed) throw new StoreError('store.closed');
  }

  private get db(): Kysely<Db> {
    this.live();
    return this.backend.db;
  }

  private write<T>(fn: (trx: Kysely<Db>) => Promise<T>): Promise<T> {
    this.live();
    return this.backend.write(fn);
  }

  async migrate(): Promise<void> {
    this.live();
    await migrate(this.backend);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backend.close();
  }

  async createWorkload(w: NewWorkload): Promise<{ readonly workload: WorkloadRecord; readonly created: boolean }> {
    checkText({ id: w.id, team: w.team, idempotencyKey: w.idempotencyKey });
    const spec = specJson(w.id, w.spec);
    const byKey = (trx: Kysely<Db>, key: string) =>
      trx.selectFrom('workloads').selectAll().where('team', '=', w.team).where('idempotency_key', '=', key);
    return this.write(async (trx) => {
      if (w.idempotencyKey !== null) {
        const first = await byKey(trx, w.idempotencyKey).executeTakeFirst();
        if (first) return { workload: workloadFromRow(first), created: false };
      }
      const workload: WorkloadRecord = {
        id: w.id,
        team: w.team,
        spec: JSON.parse(spec),
        state: 'submitted',
        version: 1,
        placement: null,
        checkpoint: null,
        attempt: 0,
        waitingFor: null,
        idempotencyKey: w.idempotencyKey,
        createdAt: w.at,
        updatedAt: w.at,
      };
      // ON CONFLICT DO NOTHING: a racing submission with the same key (PostgreSQL) or an id taken leaves no row.
      const inserted = await trx
        .insertInto('workloads')
        .values(workloadToRow(workload, spec))
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted === undefined) {
        const first = w.idempotencyKey === null ? undefined : await byKey(trx, w.idempotencyKey).executeTakeFirst();
        if (first) return { workload: workloadFromRow(first), created: false };
        throw new StoreError('store.duplicate', { kind: 'workload', id: w.id });
      }
      await trx
        .insertInto('events')
        .values({
          workload_id: w.id,
          at: w.at,
          from_state: null,
          to_state: 'submitted',
          cause: JSON.stringify(w.cause),
        })
        .execute();
      return { workload, created: true };
    });
  }

  async getWorkload(id: string): Promise<WorkloadRecord | undefined> {
    this.live();
    if (!isStorableText(id)) return undefined;
    const row = await this.db.selectFrom('workloads').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : workloadFromRow(row);
  }

  async listWorkloads(q: WorkloadQuery): Promise<WorkloadRecord[]> {
    const db = this.db;
    if (q.limit !== undefined && Math.floor(q.limit) <= 0) return [];
    if ([q.team, q.after].some((s) => s !== undefined && !isStorableText(s))) return [];
    let query = db.selectFrom('workloads').selectAll().orderBy('created_at').orderBy('id');
    if (q.team !== undefined) query = query.where('team', '=', q.team);
    if (q.states !== undefined && q.states.length > 0) query = query.where('state', 'in', [...q.states]);
    if (q.after !== undefined) {
      const cursor = await db
        .selectFrom('workloads')
        .select(['created_at', 'id'])
        .where('id', '=', q.after)
        .executeTakeFirst();
      if (cursor === undefined) return [];
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '>', cursor.created_at),
          eb.and([eb('created_at', '=', cursor.created_at), eb('id', '>', cursor.id)]),
        ]),
      );
    }
    if (q.limit !== undefined) query = query.limit(Math.floor(q.limit));
    return (await query.execute()).map(workloadFromRow);
  }

  async applyChanges(
    changes: readonly WorkloadChange[],
  ): Promise<{ readonly applied: WorkloadRecord[]; readonly conflicts: string[] }> {
    if (changes.length === 0) return { applied: [], conflicts: [] };
    // An id the database cannot hold names no workload: a conflict, like any unknown id.
    const ids = [...new Set(changes.map((c) => c.id))].filter(isStorableText);
    return this.write(async (trx) => {
      if (ids.length === 0) return { applied: [], conflicts: changes.map((c) => c.id) };
      let read = trx.selectFrom('workloads').selectAll().where('id', 'in', ids).orderBy('id');
      // PostgreSQL: lock the rows, in id order, for the transaction (SQLite's BEGIN IMMEDIATE holds the whole file).
      if (this.backend.dialect === 'postgres') read = read.forUpdate();
      const current = new Map<string, WorkloadRecord>();
      const specs = new Map<string, string>();
      for (const row of await read.execute()) {
        current.set(row.id, workloadFromRow(row));
        specs.set(row.id, row.spec);
      }
      const applied: WorkloadRecord[] = [];
      const conflicts: string[] = [];
      const events: NewEvent[] = [];
      for (const c of changes) {
        const now = current.get(c.id);
        if (now === undefined || now.version !== c.expectedVersion) {
          conflicts.push(c.id);
          continue;
        }
        const next: WorkloadRecord = {
          ...now,
          state: c.state,
          version: now.version + 1,
          placement: c.placement === undefined ? now.placement : c.placement,
          checkpoint: c.checkpoint === undefined ? now.checkpoint : c.checkpoint,
          attempt: c.attempt === undefined ? now.attempt : c.attempt,
          waitingFor: c.waitingFor === undefined ? now.waitingFor : c.waitingFor,
          updatedAt: c.at,
        };
        const row = workloadToRow(next, specs.get(c.id) ?? '');
        const result = await trx
          .updateTable('workloads')
          .set({
            state: row.state,
            version: row.version,
            placement: row.placement,
            checkpoint: row.checkpoint,
            attempt: row.attempt,
            waiting_for: row.waiting_for,
            updated_at: row.updated_at,
          })
          .where('id', '=', c.id)
          .where('version', '=', c.expectedVersion)
          .executeTakeFirst();
        if (result.numUpdatedRows !== 1n) {
          conflicts.push(c.id); // changed under us: only without the row lock, kept as the last line of defence
          continue;
        }
        current.set(c.id, next);
        applied.push(JSON.parse(JSON.stringify(next)));
        events.push({
          workload_id: c.id,
          at: c.at,
          from_state: now.state,
          to_state: c.state,
          cause: JSON.stringify(c.cause),
        });
      }
      // One statement, rows in change order: seq follows that order.
      if (events.length > 0) await trx.insertInto('events').values(events).execute();
      return { applied, conflicts };
    });
  }

  async listEvents(workloadId: string): Promise<WorkloadEvent[]> {
    this.live();
    if (!isStorableText(workloadId)) return [];
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('workload_id', '=', workloadId)
      .orderBy('seq')
      .execute();
    return rows.map(eventFromRow);
  }

  async putToken(t: TokenRecord): Promise<void> {
    checkText({ id: t.id, hash: t.hash, team: t.team });
    const row = tokenToRow(t);
    try {
      await this.write((trx) =>
        trx
          .insertInto('tokens')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet({ hash: row.hash, team: row.team, admin: row.admin, created_at: row.created_at }),
          )
          .execute(),
      );
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError('store.duplicate', { kind: 'token', id: t.id });
      throw e;
    }
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    this.live();
    if (!isStorableText(hash)) return undefined;
    const row = await this.db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? undefined : tokenFromRow(row);
  }

  async putTeam(t: TeamRecord): Promise<void> {
    checkText({ name: t.name });
    const row = teamToRow(t);
    await this.write((trx) =>
      trx
        .insertInto('teams')
        .values(row)
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            quota_gpus: row.quota_gpus,
            monthly_budget_cents: row.monthly_budget_cents,
            monthly_budget_gpu_hours: row.monthly_budget_gpu_hours,
          }),
        )
        .execute(),
    );
  }

  async getTeam(name: string): Promise<TeamRecord | undefined> {
    this.live();
    if (!isStorableText(name)) return undefined;
    const row = await this.db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : teamFromRow(row);
  }

  async listTeams(): Promise<TeamRecord[]> {
    return (await this.db.selectFrom('teams').selectAll().orderBy('name').execute()).map(teamFromRow);
  }

  async putUsage(u: UsageRecord): Promise<void> {
    checkUsageText(u);
    const { id: _id, ...rest } = usageToRow(u);
    await this.write((trx) =>
      trx
        .insertInto('usage')
        .values(usageToRow(u))
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute(),
    );
  }

  async listUsage(q: { readonly team?: string; readonly from?: number; readonly to?: number }): Promise<UsageRecord[]> {
    this.live();
    if (q.team !== undefined && !isStorableText(q.team)) return [];
    let query = this.db.selectFrom('usage').selectAll().orderBy('start_at').orderBy('id');
    if (q.team !== undefined) query = query.where('team', '=', q.team);
    if (q.to !== undefined) query = query.where('start_at', '<', q.to);
    const from = q.from;
    if (from !== undefined) query = query.where((eb) => eb.or([eb('end_at', 'is', null), eb('end_at', '>', from)]));
    return (await query.execute()).map(usageFromRow);
  }

  async getMeta(key: string): Promise<unknown> {
    this.live();
    if (!isStorableText(key)) return undefined;
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row === undefined ? undefined : JSON.parse(row.value);
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    checkText({ key });
    await this.write(async (trx) => {
      if (value === undefined) {
        await trx.deleteFrom('meta').where('key', '=', key).execute();
        return;
      }
      const text = JSON.stringify(value);
      await trx
        .insertInto('meta')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
        .execute();
    });
  }
}
