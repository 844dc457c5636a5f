/** A Store that delegates every call to another and lets a test act just before each applyChanges (to make an
 * optimistic-concurrency conflict, or count batches). */
import type { NewWorkload, Store, WorkloadChange, WorkloadQuery } from '../../../control/ports.js';
import type { TeamRecord, TokenRecord, UsageRecord } from '../../../control/records.js';

export class HookedStore implements Store {
  beforeApply: ((changes: readonly WorkloadChange[]) => Promise<void> | void) | undefined;
  constructor(readonly inner: Store) {}
  migrate() {
    return this.inner.migrate();
  }
  close() {
    return this.inner.close();
  }
  createWorkload(w: NewWorkload) {
    return this.inner.createWorkload(w);
  }
  /** Told of each batch create (its size), before it runs; may throw to fail it. */
  beforeCreate: ((ws: readonly NewWorkload[]) => Promise<void> | void) | undefined;
  async createWorkloads(ws: readonly NewWorkload[]) {
    await this.beforeCreate?.(ws);
    return this.inner.createWorkloads(ws);
  }
  getWorkload(id: string) {
    return this.inner.getWorkload(id);
  }
  listWorkloads(q: WorkloadQuery) {
    return this.inner.listWorkloads(q);
  }
  async applyChanges(changes: readonly WorkloadChange[]) {
    await this.beforeApply?.(changes);
    return this.inner.applyChanges(changes);
  }
  listEvents(id: string) {
    return this.inner.listEvents(id);
  }
  putToken(t: TokenRecord) {
    return this.inner.putToken(t);
  }
  findTokenByHash(hash: string) {
    return this.inner.findTokenByHash(hash);
  }
  revokeToken(id: string, at: number, team?: string) {
    return this.inner.revokeToken(id, at, team);
  }
  listTokens(q: { readonly team?: string }) {
    return this.inner.listTokens(q);
  }
  putTeam(t: TeamRecord) {
    return this.inner.putTeam(t);
  }
  getTeam(name: string) {
    return this.inner.getTeam(name);
  }
  listTeams() {
    return this.inner.listTeams();
  }
  putUsage(u: UsageRecord) {
    return this.inner.putUsage(u);
  }
  listUsage(q: { readonly team?: string; readonly from?: number; readonly to?: number }) {
    return this.inner.listUsage(q);
  }
  getMeta(key: string) {
    return this.inner.getMeta(key);
  }
  setMeta(key: string, value: unknown) {
    return this.inner.setMeta(key, value);
  }
}
