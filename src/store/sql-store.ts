/**
 * The Store port over SQL through Kysely, one implementation for SQLite and PostgreSQL. What differs between them
 * is in the backend (sqlite-backend.ts, postgres-backend.ts: how a write transaction is run, how BIGINT is read)
 * and in two lines here (PostgreSQL locks the rows a batch changes, in id order, so concurrent batches neither
 * deadlock nor read a stale row). Every rule of the port is the memory adapter's, held by the same contract suite.
 */
import { type Kysely, sql } from 'kysely';
import type { CreatedWorkload, NewWorkload, Store, WorkloadChange, WorkloadQuery } from '../control/ports.js';
import type { TeamRecord, TokenRecord, UsageRecord, WorkloadEvent, WorkloadRecord } from '../control/records.js';
import { isUniqueViolation, type SqlBackend } from './backend.js';
import { afterSteps } from './created.js';
import { checkUsageText, specJson } from './limits.js';
import { migrate } from './migrations.js';
import { compareText } from './order.js';
import { translatingFailures } from './port-failures.js';
import { createdEvents, createWorkloadsNative, createWorkloadsOneStatement, type NewEvent } from './sql-fast-path.js';
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
import type { Db } from './schema.js';
import { StoreError } from './store-error.js';
import { checkText, isStorableText } from './text.js';

/** Rows (or ids) per statement: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, whatever the
 * batch (a full re-plan may move thousands of workloads in one applyChanges). */
export const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** No (team, idempotency key) given twice. */
function distinctKeys(ws: readonly NewWorkload[]): boolean {
  const seen = new Set<string>();
  for (const w of ws) {
    if (w.idempotencyKey === null) continue;
    const k = `${w.team}\u0000${w.idempotencyKey}`;
    if (seen.has(k)) return false;
    seen.add(k);
  }
  return true;
}

export class SqlStore implements Store {
  private closed = false;

  /** `url`: the store as messages show it (no password; open-store.ts's describeStore), for its failures. */
  constructor(
    private readonly backend: SqlBackend,
    url: string = backend.dialect,
  ) {
    translatingFailures(this, SqlStore.prototype, url);
  }

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
    return (await this.createWorkloads([w]))[0] as CreatedWorkload;
  }

  async createWorkloads(ws: readonly NewWorkload[]): Promise<CreatedWorkload[]> {
    this.live();
    if (ws.length === 0) return [];
    // Checked before the transaction: a bad item fails the batch before anything is written.
    const specs = ws.map((w) => {
      checkText({ id: w.id, team: w.team, idempotencyKey: w.idempotencyKey });
      return specJson(w.id, w.spec);
    });
    // An id given twice: only its first item is inserted; the later one is answered as two createWorkload calls
    // would answer it (its key's workload, or store.duplicate).
    const firstOf = new Map<string, number>();
    for (const [i, w] of ws.entries()) if (!firstOf.has(w.id)) firstOf.set(w.id, i);
    const records = ws.map((w, i) => afterSteps(w, JSON.parse(specs[i] ?? 'null')));
    // SQLite: prepared statements, the transaction in one synchronous step (sql-fast-path.ts).
    const native = this.backend.native;
    if (native) return native.writeSync((prepare) => createWorkloadsNative(prepare, ws, records, specs, firstOf));
    // PostgreSQL, no id or key given twice in the batch: one statement; a conflict with a stored row (a replayed key,
    // an id taken) wrote nothing and is decided below.
    if (this.backend.dialect === 'postgres' && firstOf.size === ws.length && distinctKeys(ws)) {
      const all = await createWorkloadsOneStatement(this.db, ws, records, specs);
      if (all) return all;
    }
    return this.write(async (trx) => {
      // One INSERT for many rows (one round trip to PostgreSQL), rows in batch order. ON CONFLICT DO NOTHING: a key
      // already used by the team (also earlier in this batch, or by a racing submission, which PostgreSQL makes this
      // wait for) or an id taken leaves no row; then the key says which.
      const inserted = new Set<string>();
      const rows = records.flatMap((r, i) => (firstOf.get(r.id) === i ? [workloadToRow(r, specs[i] ?? 'null')] : []));
      for (const chunk of chunks(rows, ROWS_PER_STATEMENT / 5)) {
        const ids = await trx
          .insertInto('workloads')
          .values(chunk)
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .execute();
        for (const r of ids) inserted.add(r.id);
      }
      const out: CreatedWorkload[] = [];
      const events: NewEvent[] = [];
      for (const [i, w] of ws.entries()) {
        const workload = records[i];
        if (workload === undefined) continue;
        if (!inserted.has(w.id) || firstOf.get(w.id) !== i) {
          const first =
            w.idempotencyKey === null
              ? undefined
              : await trx
                  .selectFrom('workloads')
                  .selectAll()
                  .where('team', '=', w.team)
                  .where('idempotency_key', '=', w.idempotencyKey)
                  .executeTakeFirst();
          if (first) {
            out.push({ workload: workloadFromRow(first), created: false });
            continue;
          }
          throw new StoreError('store.duplicate', { kind: 'workload', id: w.id });
        }
        events.push(...createdEvents(w));
        out.push({ workload, created: true });
      }
      for (const chunk of chunks(events, ROWS_PER_STATEMENT)) await this.insertEvents(trx, chunk);
      return out;
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
    this.live();
    if (changes.length === 0) return { applied: [], conflicts: [] };
    // An id the database cannot hold names no workload: a conflict, like any unknown id. In code point order: the
    // order PostgreSQL locks rows in, chunk after chunk, the same for every batch (so no two batches deadlock).
    const ids = [...new Set(changes.map((c) => c.id))].filter(isStorableText).sort(compareText);
    return this.write(async (trx) => {
      const current = new Map<string, WorkloadRecord>();
      const specs = new Map<string, string>();
      for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
        let read = trx.selectFrom('workloads').selectAll().where('id', 'in', chunk).orderBy('id');
        // PostgreSQL: lock the rows for the transaction (SQLite's BEGIN IMMEDIATE holds the whole file).
        if (this.backend.dialect === 'postgres') read = read.forUpdate();
        for (const row of await read.execute()) {
          current.set(row.id, workloadFromRow(row));
          specs.set(row.id, row.spec);
        }
      }
      const applied: WorkloadRecord[] = [];
      let conflicts: string[] = [];
      const events: NewEvent[] = [];
      /** Per workload changed: the version read (under the lock) and the record after its last change here. */
      const finals = new Map<string, { readonly read: number; next: WorkloadRecord }>();
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
        current.set(c.id, next);
        const final = finals.get(c.id);
        if (final) final.next = next;
        else finals.set(c.id, { read: now.version, next });
        applied.push(JSON.parse(JSON.stringify(next)));
        events.push({
          workload_id: c.id,
          at: c.at,
          from_state: now.state,
          to_state: c.state,
          cause: JSON.stringify(c.cause),
        });
      }
      if (finals.size === 0) return { applied, conflicts };
      const written = await this.updateRows(trx, finals, specs);
      if (written.size === finals.size) {
        await this.insertEvents(trx, events);
        return { applied, conflicts };
      }
      // A row changed under us. The row locks (PostgreSQL) and the file lock (SQLite) rule it out; kept as the last
      // line of defence: a change not written is a conflict, with no event.
      const kept = events.filter((e) => written.has(e.workload_id));
      await this.insertEvents(trx, kept);
      return {
        applied: applied.filter((w) => written.has(w.id)),
        conflicts: [...conflicts, ...events.filter((e) => !written.has(e.workload_id)).map((e) => e.workload_id)],
      };
    });
  }

  /** One statement, rows in change order: seq follows that order. */
  private async insertEvents(trx: Kysely<Db>, events: readonly NewEvent[]): Promise<void> {
    if (events.length > 0)
      await trx
        .insertInto('events')
        .values([...events])
        .execute();
  }

  /** Writes each workload's final row where its version is still the one read; answers the ids written.
   * PostgreSQL: one UPDATE … FROM unnest(…) for the whole batch (one round trip); SQLite: one UPDATE per workload
   * (a prepared statement in process: no round trip to save). */
  private async updateRows(
    trx: Kysely<Db>,
    finals: ReadonlyMap<string, { readonly read: number; readonly next: WorkloadRecord }>,
    specs: ReadonlyMap<string, string>,
  ): Promise<Set<string>> {
    const rows = [...finals.values()].map((f) => ({
      read: f.read,
      row: workloadToRow(f.next, specs.get(f.next.id) ?? ''),
    }));
    if (this.backend.dialect === 'postgres') {
      const col = <T>(pick: (r: (typeof rows)[number]) => T): T[] => rows.map(pick);
      const result = await sql<{ id: string }>`
        update workloads as w
        set state = v.state, version = v.version, placement = v.placement, checkpoint = v.checkpoint,
            attempt = v.attempt, waiting_for = v.waiting_for, updated_at = v.updated_at
        from unnest(
          ${col((r) => r.row.id)}::text[], ${col((r) => r.read)}::integer[], ${col((r) => r.row.state)}::text[],
          ${col((r) => r.row.version)}::integer[], ${col((r) => r.row.placement)}::text[],
          ${col((r) => r.row.checkpoint)}::text[], ${col((r) => r.row.attempt)}::integer[],
          ${col((r) => r.row.waiting_for)}::text[], ${col((r) => r.row.updated_at)}::bigint[]
        ) as v(id, read, state, version, placement, checkpoint, attempt, waiting_for, updated_at)
        where w.id = v.id collate "C" and w.version = v.read
        returning w.id`.execute(trx);
      return new Set(result.rows.map((r) => r.id));
    }
    const written = new Set<string>();
    for (const { read, row } of rows) {
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
        .where('id', '=', row.id)
        .where('version', '=', read)
        .executeTakeFirst();
      if (result.numUpdatedRows === 1n) written.add(row.id);
    }
    return written;
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
            oc.column('id').doUpdateSet({
              hash: row.hash,
              team: row.team,
              admin: row.admin,
              created_at: row.created_at,
              revoked_at: row.revoked_at,
            }),
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

  async revokeToken(id: string, at: number, team?: string): Promise<TokenRecord | undefined> {
    this.live();
    if (!isStorableText(id) || (team !== undefined && !isStorableText(team))) return undefined;
    return this.write(async (trx) => {
      // Only a token not yet revoked is written (two revokes at once: the first time stays), then read back.
      let update = trx
        .updateTable('tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null);
      if (team !== undefined) update = update.where('team', '=', team);
      await update.execute();
      let read = trx.selectFrom('tokens').selectAll().where('id', '=', id);
      if (team !== undefined) read = read.where('team', '=', team);
      const row = await read.executeTakeFirst();
      return row === undefined ? undefined : tokenFromRow(row);
    });
  }

  async listTokens(q: { readonly team?: string }): Promise<TokenRecord[]> {
    this.live();
    if (q.team !== undefined && !isStorableText(q.team)) return [];
    let read = this.db.selectFrom('tokens').selectAll();
    if (q.team !== undefined) read = read.where('team', '=', q.team);
    const rows = await read.orderBy('created_at').orderBy('id').execute();
    return rows.map(tokenFromRow);
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
