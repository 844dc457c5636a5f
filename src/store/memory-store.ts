/**
 * The Store port in memory: for tests and for `serve --store memory:` (nothing survives the process). It follows the
 * port's rules exactly as the SQL adapter does (the contract suite runs on both): records are copied through JSON on
 * the way in and out, so nothing a caller holds aliases what is stored; every method is synchronous inside, so each
 * call is atomic. Several MemoryStore handles may share one MemoryData (the contract suite's "second connection").
 */
import type { CreatedWorkload, NewWorkload, Store, WorkloadChange, WorkloadQuery } from '../control/ports.js';
import type { TeamRecord, TokenRecord, UsageRecord, WorkloadEvent, WorkloadRecord } from '../control/records.js';
import { afterSteps, stepEvents } from './created.js';
import { checkUsageText, specJson } from './limits.js';
import { compareText, compareUsage, compareWorkloads, usageInWindow } from './order.js';
import { StoreError } from './store-error.js';
import { checkText } from './text.js';

/** What a memory store holds; share one between handles to see the same data. */
export interface MemoryData {
  readonly workloads: Map<string, WorkloadRecord>;
  /** `${team}\u0000${idempotencyKey}` → workload id. */
  readonly byKey: Map<string, string>;
  readonly events: WorkloadEvent[];
  readonly tokens: Map<string, TokenRecord>;
  readonly teams: Map<string, TeamRecord>;
  readonly usage: Map<string, UsageRecord>;
  /** key → JSON text. */
  readonly meta: Map<string, string>;
  nextSeq: number;
}

export function newMemoryData(): MemoryData {
  return {
    workloads: new Map(),
    byKey: new Map(),
    events: [],
    tokens: new Map(),
    teams: new Map(),
    usage: new Map(),
    meta: new Map(),
    nextSeq: 1,
  };
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const keyOf = (team: string, key: string): string => `${team}\u0000${key}`;

export class MemoryStore implements Store {
  private closed = false;

  constructor(private readonly data: MemoryData = newMemoryData()) {}

  private open(): MemoryData {
    if (this.closed) throw new StoreError('store.closed');
    return this.data;
  }

  async migrate(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async createWorkload(w: NewWorkload): Promise<{ readonly workload: WorkloadRecord; readonly created: boolean }> {
    return (await this.createWorkloads([w]))[0] as CreatedWorkload;
  }

  async createWorkloads(ws: readonly NewWorkload[]): Promise<CreatedWorkload[]> {
    const d = this.open();
    // Everything is checked before anything is stored: the batch is all or nothing.
    const specs = ws.map((w) => {
      checkText({ id: w.id, team: w.team, idempotencyKey: w.idempotencyKey });
      return specJson(w.id, w.spec);
    });
    const fresh = new Map<string, WorkloadRecord>();
    const freshKeys = new Map<string, string>();
    const out: { readonly workload: WorkloadRecord; readonly created: boolean }[] = [];
    for (const [i, w] of ws.entries()) {
      if (w.idempotencyKey !== null) {
        const k = keyOf(w.team, w.idempotencyKey);
        const first = freshKeys.get(k) ?? d.byKey.get(k);
        const found = first === undefined ? undefined : (fresh.get(first) ?? d.workloads.get(first));
        if (found) {
          out.push({ workload: found, created: false });
          continue;
        }
      }
      if (d.workloads.has(w.id) || fresh.has(w.id))
        throw new StoreError('store.duplicate', { kind: 'workload', id: w.id });
      const workload = copy(afterSteps(w, JSON.parse(specs[i] ?? 'null')));
      fresh.set(w.id, workload);
      if (w.idempotencyKey !== null) freshKeys.set(keyOf(w.team, w.idempotencyKey), w.id);
      out.push({ workload, created: true });
    }
    for (const [i, r] of out.entries()) {
      const w = ws[i];
      if (!r.created || !w) continue;
      d.workloads.set(w.id, r.workload);
      if (w.idempotencyKey !== null) d.byKey.set(keyOf(w.team, w.idempotencyKey), w.id);
      d.events.push({
        seq: d.nextSeq++,
        workloadId: w.id,
        at: w.at,
        from: null,
        to: 'submitted',
        cause: copy(w.cause),
      });
      for (const e of stepEvents(w)) d.events.push({ seq: d.nextSeq++, workloadId: w.id, ...e, cause: copy(e.cause) });
    }
    return out.map((r) => ({ workload: copy(r.workload), created: r.created }));
  }

  async getWorkload(id: string): Promise<WorkloadRecord | undefined> {
    const w = this.open().workloads.get(id);
    return w === undefined ? undefined : copy(w);
  }

  async listWorkloads(q: WorkloadQuery): Promise<WorkloadRecord[]> {
    const d = this.open();
    const states = q.states !== undefined && q.states.length > 0 ? new Set(q.states) : undefined;
    let rows = [...d.workloads.values()].filter(
      (w) => (q.team === undefined || w.team === q.team) && (states === undefined || states.has(w.state)),
    );
    rows.sort(compareWorkloads);
    if (q.after !== undefined) {
      const cursor = d.workloads.get(q.after);
      if (cursor === undefined) return [];
      rows = rows.filter((w) => compareWorkloads(w, cursor) > 0);
    }
    if (q.limit !== undefined) rows = rows.slice(0, Math.max(0, Math.floor(q.limit)));
    return rows.map(copy);
  }

  async applyChanges(
    changes: readonly WorkloadChange[],
  ): Promise<{ readonly applied: WorkloadRecord[]; readonly conflicts: string[] }> {
    const d = this.open();
    // Work on a view first, commit at the end: the whole batch lands or nothing does.
    const next = new Map<string, WorkloadRecord>();
    const events: WorkloadEvent[] = [];
    const applied: WorkloadRecord[] = [];
    const conflicts: string[] = [];
    let seq = d.nextSeq;
    for (const c of changes) {
      const current = next.get(c.id) ?? d.workloads.get(c.id);
      if (current === undefined || current.version !== c.expectedVersion) {
        conflicts.push(c.id);
        continue;
      }
      const updated: WorkloadRecord = copy({
        ...current,
        state: c.state,
        version: current.version + 1,
        placement: c.placement === undefined ? current.placement : c.placement,
        checkpoint: c.checkpoint === undefined ? current.checkpoint : c.checkpoint,
        attempt: c.attempt === undefined ? current.attempt : c.attempt,
        waitingFor: c.waitingFor === undefined ? current.waitingFor : c.waitingFor,
        updatedAt: c.at,
      });
      next.set(c.id, updated);
      events.push({ seq: seq++, workloadId: c.id, at: c.at, from: current.state, to: c.state, cause: copy(c.cause) });
      applied.push(updated);
    }
    for (const [id, w] of next) d.workloads.set(id, w);
    d.events.push(...events);
    d.nextSeq = seq;
    return { applied: applied.map(copy), conflicts };
  }

  async listEvents(workloadId: string): Promise<WorkloadEvent[]> {
    return this.open()
      .events.filter((e) => e.workloadId === workloadId)
      .map(copy);
  }

  async putToken(t: TokenRecord): Promise<void> {
    const d = this.open();
    checkText({ id: t.id, hash: t.hash, team: t.team });
    for (const other of d.tokens.values())
      if (other.hash === t.hash && other.id !== t.id)
        throw new StoreError('store.duplicate', { kind: 'token', id: t.id });
    d.tokens.set(t.id, copy(t));
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    for (const t of this.open().tokens.values()) if (t.hash === hash) return copy(t);
    return undefined;
  }

  async revokeToken(id: string, at: number, team?: string): Promise<TokenRecord | undefined> {
    const d = this.open();
    const t = d.tokens.get(id);
    if (t === undefined || (team !== undefined && t.team !== team)) return undefined;
    const revoked: TokenRecord = t.revokedAt === undefined ? { ...t, revokedAt: at } : t;
    d.tokens.set(id, copy(revoked));
    return copy(revoked);
  }

  async listTokens(q: { readonly team?: string }): Promise<TokenRecord[]> {
    return [...this.open().tokens.values()]
      .filter((t) => q.team === undefined || t.team === q.team)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(copy);
  }

  async putTeam(t: TeamRecord): Promise<void> {
    const d = this.open();
    checkText({ name: t.name });
    d.teams.set(t.name, copy(t));
  }

  async getTeam(name: string): Promise<TeamRecord | undefined> {
    const t = this.open().teams.get(name);
    return t === undefined ? undefined : copy(t);
  }

  async listTeams(): Promise<TeamRecord[]> {
    return [...this.open().teams.values()].sort((a, b) => compareText(a.name, b.name)).map(copy);
  }

  async putUsage(u: UsageRecord): Promise<void> {
    const d = this.open();
    checkUsageText(u);
    d.usage.set(u.id, copy(u));
  }

  async listUsage(q: { readonly team?: string; readonly from?: number; readonly to?: number }): Promise<UsageRecord[]> {
    return [...this.open().usage.values()]
      .filter((u) => (q.team === undefined || u.team === q.team) && usageInWindow(u, q.from, q.to))
      .sort(compareUsage)
      .map(copy);
  }

  async getMeta(key: string): Promise<unknown> {
    const text = this.open().meta.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const d = this.open();
    checkText({ key });
    if (value === undefined) d.meta.delete(key);
    else d.meta.set(key, JSON.stringify(value));
  }
}
