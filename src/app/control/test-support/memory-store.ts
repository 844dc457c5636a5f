/**
 * A Store in memory for the control plane's tests, kept until the store branch's adapter (src/store/memory-store.ts)
 * is merged; it follows the port's contract (src/control/ports.ts): idempotent create, versioned changes applied
 * all-or-per-record with one event each, usage replaced by id. `beforeApply` lets a test change a record between a
 * read and a write (an optimistic-concurrency conflict).
 */
import type { NewWorkload, Store, WorkloadChange, WorkloadQuery } from '../../../control/ports.js';
import type { TeamRecord, TokenRecord, UsageRecord, WorkloadEvent, WorkloadRecord } from '../../../control/records.js';

export class TestMemoryStore implements Store {
  private readonly workloads = new Map<string, WorkloadRecord>();
  private readonly order: string[] = [];
  private readonly events = new Map<string, WorkloadEvent[]>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly teams = new Map<string, TeamRecord>();
  private readonly usage = new Map<string, UsageRecord>();
  private readonly meta = new Map<string, string>();
  private seq = 0;
  /** Called at the start of every applyChanges (a test's hook to make conflicts). */
  beforeApply: ((changes: readonly WorkloadChange[]) => void) | undefined;

  async migrate(): Promise<void> {}
  async close(): Promise<void> {}

  async createWorkload(w: NewWorkload): Promise<{ workload: WorkloadRecord; created: boolean }> {
    if (w.idempotencyKey !== null) {
      for (const r of this.workloads.values())
        if (r.team === w.team && r.idempotencyKey === w.idempotencyKey) return { workload: r, created: false };
    }
    const rec: WorkloadRecord = {
      id: w.id,
      team: w.team,
      spec: w.spec,
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
    this.workloads.set(w.id, rec);
    this.order.push(w.id);
    this.events.set(w.id, [
      { seq: ++this.seq, workloadId: w.id, at: w.at, from: null, to: 'submitted', cause: w.cause },
    ]);
    return { workload: rec, created: true };
  }

  async getWorkload(id: string): Promise<WorkloadRecord | undefined> {
    return this.workloads.get(id);
  }

  async listWorkloads(q: WorkloadQuery): Promise<WorkloadRecord[]> {
    let ids = this.order;
    if (q.after !== undefined) {
      const k = ids.indexOf(q.after);
      ids = k < 0 ? ids : ids.slice(k + 1);
    }
    const out: WorkloadRecord[] = [];
    for (const id of ids) {
      const r = this.workloads.get(id)!;
      if (q.team !== undefined && r.team !== q.team) continue;
      if (q.states && !q.states.includes(r.state)) continue;
      out.push(r);
      if (q.limit !== undefined && out.length >= q.limit) break;
    }
    return out;
  }

  async applyChanges(changes: readonly WorkloadChange[]): Promise<{ applied: WorkloadRecord[]; conflicts: string[] }> {
    this.beforeApply?.(changes);
    const applied: WorkloadRecord[] = [];
    const conflicts: string[] = [];
    for (const c of changes) {
      const r = this.workloads.get(c.id);
      if (!r || r.version !== c.expectedVersion) {
        conflicts.push(c.id);
        continue;
      }
      const next: WorkloadRecord = {
        ...r,
        state: c.state,
        version: r.version + 1,
        placement: c.placement === undefined ? r.placement : c.placement,
        checkpoint: c.checkpoint === undefined ? r.checkpoint : c.checkpoint,
        attempt: c.attempt ?? r.attempt,
        waitingFor: c.waitingFor === undefined ? r.waitingFor : c.waitingFor,
        updatedAt: c.at,
      };
      this.workloads.set(c.id, next);
      this.events
        .get(c.id)!
        .push({ seq: ++this.seq, workloadId: c.id, at: c.at, from: r.state, to: c.state, cause: c.cause });
      applied.push(next);
    }
    return { applied, conflicts };
  }

  async listEvents(workloadId: string): Promise<WorkloadEvent[]> {
    return [...(this.events.get(workloadId) ?? [])];
  }

  async putToken(t: TokenRecord): Promise<void> {
    this.tokens.set(t.hash, t);
  }
  async findTokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.tokens.get(hash);
  }
  async putTeam(t: TeamRecord): Promise<void> {
    this.teams.set(t.name, t);
  }
  async getTeam(name: string): Promise<TeamRecord | undefined> {
    return this.teams.get(name);
  }
  async listTeams(): Promise<TeamRecord[]> {
    return [...this.teams.values()];
  }
  async putUsage(u: UsageRecord): Promise<void> {
    this.usage.set(u.id, u);
  }
  async listUsage(q: { team?: string; from?: number; to?: number }): Promise<UsageRecord[]> {
    return [...this.usage.values()].filter(
      (u) =>
        (q.team === undefined || u.team === q.team) &&
        (q.from === undefined || u.end === null || u.end >= q.from) &&
        (q.to === undefined || u.start < q.to),
    );
  }
  async getMeta(key: string): Promise<unknown> {
    const v = this.meta.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as unknown);
  }
  async setMeta(key: string, value: unknown): Promise<void> {
    this.meta.set(key, JSON.stringify(value));
  }
}
