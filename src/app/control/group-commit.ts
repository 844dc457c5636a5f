/**
 * Submission by group commit: each submission's spec is read and checked at once (a bad one fails alone), then
 * queued; the submissions that arrive together are recorded, admitted and placed in one store transaction
 * (createWorkloads with each one's steps), and each answers only after it committed.
 */
import type { Workload } from '../../core/types.js';
import type { CreatedWorkload, NewWorkload } from '../../control/ports.js';
import type { WorkloadRecord, WorkloadSpec } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { submittedRecord } from '../../control/submitted-record.js';
import { submittingTeam, viewOf } from './access.js';
import { admissionSteps } from './admission.js';
import { ControlError, type Principal, type SubmitRequest, type WorkloadView } from './api.js';
import { type ControlPlaneOptions, ID_BLOCK, MAX_SUBMIT_BATCH } from './control-options.js';
import type { ControlState } from './control-state.js';
import { ensureLedger } from './plan-applier.js';
import { serviceView } from './queries.js';
import { expandServices, followServices, groupWorkload, shapesOf, storedSpec } from './service-groups.js';

const ID_BLOCK_KEY = 'id-block';

interface QueuedSubmit {
  readonly team: string;
  readonly req: SubmitRequest;
  /** The spec as stored (storedSpec: the replica group count of a service the control plane splits). */
  readonly spec: WorkloadSpec;
  readonly w: Workload;
  readonly now: number;
  readonly resolve: (r: { workload: WorkloadView; created: boolean }) => void;
  readonly reject: (e: unknown) => void;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export class GroupCommit {
  private readonly queue: QueuedSubmit[] = [];
  private drainScheduled = false;
  private draining = false;
  private readonly maxBatch: number;
  private readonly defer: (f: () => void) => void;
  private readonly customId: (() => string) | undefined;
  private idBlock = -1;
  private counter = 0;
  /** Submission batches committed (tests read it). */
  batches = 0;

  constructor(
    private readonly s: ControlState,
    opts: Pick<ControlPlaneOptions, 'maxSubmitBatch' | 'defer' | 'newId'>,
  ) {
    this.customId = opts.newId;
    this.maxBatch = Math.max(1, opts.maxSubmitBatch ?? MAX_SUBMIT_BATCH);
    this.defer = opts.defer ?? ((f) => setImmediate(f));
  }

  /**
   * Reads and checks the spec now (a bad one fails alone), then queues it: the submissions that arrive together are
   * recorded in one store transaction and admitted and placed in one more (group commit, `commitBatch`), and each
   * answers only after both have committed.
   */
  async submit(p: Principal, req: SubmitRequest): Promise<{ workload: WorkloadView; created: boolean }> {
    const s = this.s;
    const team = submittingTeam(p, req);
    const now = s.clock.now();
    const w = s.read(req.spec.workload, req.spec.name, team, now);
    if (s.world.candidates(w).length === 0)
      throw new ControlError('control.no-candidate', 422, { rejections: s.world.staticRejections(w) });
    const shapes = shapesOf(s, w);
    for (const shape of shapes ?? []) {
      const g = w.kind === 'inference' ? groupWorkload(w, shape) : w;
      if (s.world.candidates(g).length === 0)
        throw new ControlError('control.no-candidate', 422, { rejections: s.world.staticRejections(g) });
    }
    const spec = storedSpec(req.spec, shapes);
    return new Promise((resolve, reject) => {
      this.queue.push({ team, req, spec, w, now, resolve, reject });
      this.scheduleDrain();
    });
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining) return;
    this.drainScheduled = true;
    this.defer(() => {
      this.drainScheduled = false;
      void this.drain();
    });
  }

  /** Commits the queue a batch at a time (at most MAX_SUBMIT_BATCH each); what arrives meanwhile waits for the next.
   * Between two batches the event loop turns (`defer`): the answers of one go out, and the requests that arrived are
   * read, before the next is evaluated — so one drain never holds the thread for more than a batch. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let first = true; this.queue.length > 0; first = false) {
        if (!first) await new Promise<void>((resolve) => this.defer(resolve));
        const batch = this.queue.splice(0, this.maxBatch);
        this.batches++;
        try {
          await this.commitBatch(batch);
        } catch (e) {
          for (const item of batch) item.reject(e);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * One batch of submissions, in one store transaction: each is admitted (or held) and evaluated in order against
   * the ledger — each placement reserved, so the next evaluation sees it — and created with those steps
   * (createWorkloads, NewWorkload.steps). A submission whose idempotency key answers an earlier workload created
   * nothing: its reservation is released. When the batch fails (one bad item fails them all), each is tried alone,
   * so only the bad one fails. Then each submission answers.
   */
  private async commitBatch(batch: readonly QueuedSubmit[]): Promise<void> {
    const s = this.s;
    await s.ensureLoaded();
    const ids: string[] = [];
    for (let i = 0; i < batch.length; i++) ids.push(await this.newId());
    await s.lock.run(async () => {
      await ensureLedger(s, batch[0]?.now ?? s.clock.now());
      const news: NewWorkload[] = [];
      const firstOfKey = new Set<string>();
      for (const [i, item] of batch.entries()) {
        const key = item.req.idempotencyKey ?? null;
        const base = {
          id: ids[i] ?? '',
          team: item.team,
          spec: item.spec,
          idempotencyKey: key,
          at: item.now,
          cause: { code: 'control.submitted', source: 'api', params: { team: item.team } },
        };
        // The same key again in this batch creates nothing (the store answers the first): not evaluated.
        const k = key === null ? undefined : `${item.team}\u0000${key}`;
        if (k !== undefined && firstOfKey.has(k)) {
          news.push(base);
          continue;
        }
        if (k !== undefined) firstOfKey.add(k);
        const rec = submittedRecord(base, base.spec);
        news.push({ ...base, steps: await admissionSteps(s, rec, item.w, item.now) });
      }
      let created: (CreatedWorkload | Error)[];
      try {
        created = await s.store.createWorkloads(news);
      } catch (e) {
        created = [];
        if (news.length === 1) created.push(asError(e));
        else
          for (const n of news)
            created.push(await s.store.createWorkloads([n]).then((r) => r[0] ?? new Error('no answer'), asError));
      }
      const latest = new Map<string, WorkloadRecord>();
      for (const [i, n] of news.entries()) {
        const r = created[i];
        if (r && !(r instanceof Error) && r.created) {
          s.parsed.set(r.workload.id, batch[i]?.w ?? null);
          s.track(r.workload);
          latest.set(r.workload.id, r.workload);
        } else {
          s.ledger.remove(n.id);
          s.lastRejections.delete(n.id);
        }
      }
      // Services placed as replica groups: their groups are created (each admitted and evaluated) now, in a second
      // transaction, and each service follows them. Should that fail, the service is answered as committed
      // (admitted): the next tick creates its groups (service-groups.ts).
      const services = [...latest.values()].filter(isService);
      if (services.length > 0) {
        const at = batch[0]?.now ?? s.clock.now();
        const split = await expandServices(s, services, at).catch(() => []);
        await followServices(s, at, split).catch(() => 0);
        for (const r of split) latest.set(r.id, (await s.store.getWorkload(r.id)) ?? r);
      }
      for (const [i, item] of batch.entries()) {
        const r = created[i] ?? new Error('no answer');
        if (r instanceof Error) item.reject(r);
        else {
          const rec = latest.get(r.workload.id) ?? r.workload;
          item.resolve({ workload: isService(rec) ? await serviceView(s, rec) : viewOf(rec), created: r.created });
        }
      }
    });
  }

  private async newId(): Promise<string> {
    if (this.customId) return this.customId();
    if (this.idBlock < 0 || this.counter >= ID_BLOCK) {
      await this.s.lock.run(async () => {
        if (this.idBlock >= 0 && this.counter < ID_BLOCK) return;
        const last = await this.s.store.getMeta(ID_BLOCK_KEY);
        this.idBlock = (typeof last === 'number' ? last : 0) + 1;
        this.counter = 0;
        await this.s.store.setMeta(ID_BLOCK_KEY, this.idBlock);
      });
    }
    return `w-${this.idBlock}-${this.counter++}`;
  }
}
