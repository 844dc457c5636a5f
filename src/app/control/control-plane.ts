/**
 * The control plane: the use cases the HTTP server calls (ControlApi) and the reconcile loop (`tick`), over the
 * Store, Provider and Clock ports. docs/control-plane.md explains the whole; in short:
 *
 *   submit    reads the workload as a scenario would (scenario/workload-spec.ts), refuses what no pool of the fleet
 *             can ever take, records it (submitted), admits or holds it (team quota and monthly budget), and runs
 *             one evaluation for it (evaluate.ts) whose placement the plan applier commits (`applyPlacements`).
 *   tick      polls every provider (offerings, launches), declares down a provider that keeps failing
 *             (control/health.ts), rebuilds the capacity ledger from the store, moves states from what the providers
 *             report (adopting launches whose client token matches, terminating those nobody owns), requeues preempted
 *             and lost work from its last checkpoint, records usage, re-checks held work, evaluates admitted work,
 *             launches placed work with the idempotent client token `${id}/${attempt}`, and re-optimises on a cadence.
 *
 * Every state change goes through the store's applyChanges with the version it was decided on (optimistic concurrency);
 * a conflict is re-read and decided again, at most MAX_APPLY_RETRIES times.
 */
import type { Scenario, Workload } from '../../core/types.js';
import {
  BLOCKLIST_KEY,
  type BlockEntry,
  activeEntries,
  block,
  offeringKey,
  parseBlocklist,
} from '../../control/blocklist.js';
import { budgetHold, type MonthSpend, monthOf, spendWithin } from '../../control/budget.js';
import { CapacityLedger, holdOf } from '../../control/capacity-ledger.js';
import { answered, failed, type ProviderHealth, watched } from '../../control/health.js';
import {
  type Clock,
  type CreatedWorkload,
  type LaunchStatus,
  type NewWorkload,
  type WorkloadStep,
  type Offering,
  type Provider,
  ProviderError,
  type Store,
  type WorkloadChange,
} from '../../control/ports.js';
import { quotaHold } from '../../control/quota.js';
import type { Cause, TeamRecord, WorkloadEvent, WorkloadRecord, WorkloadState } from '../../control/records.js';
import { HOLDING_STATES, isFinal } from '../../control/state-machine.js';
import { readWorkload } from '../../scenario/workload-spec.js';
import { canSee, notFound, submittingTeam, viewOf } from './access.js';
import {
  type ControlApi,
  ControlError,
  type Explanation,
  type FleetStatus,
  type Principal,
  type SubmitRequest,
  type WorkloadView,
} from './api.js';
import { type Decision, evaluate, indexOfferings, type LiveOfferings } from './evaluate.js';
import { type FleetWorld, fleetWorld } from './fleet-world.js';
import { Lock } from './lock.js';
import { followLaunch, lostChanges } from './reconcile.js';
import { replanPreferences } from './replan.js';

/** How many times the plan applier decides again and retries the changes that met a version conflict. */
export const MAX_APPLY_RETRIES = 3;
/** The full re-optimisation's cadence (also run after a provider is declared down). */
export const REPLAN_EVERY_MS = 10 * 60_000;
/** Usage is asked again from a little before the last poll, so a record changed during the poll is not missed. */
export const USAGE_OVERLAP_MS = 60_000;
/** Workload ids are numbered in blocks of this many, one block taken from the store at a time. */
export const ID_BLOCK = 10_000;
const ID_BLOCK_KEY = 'id-block';
/** At most this many submissions are committed in one batch (group commit); more wait for the next. */
export const MAX_SUBMIT_BATCH = 256;
/** Meta key of the usage cursor, per provider. */
export const USAGE_SINCE_KEY = 'usage-since';

export interface ControlPlaneOptions {
  readonly store: Store;
  readonly providers: readonly Provider[];
  readonly clock: Clock;
  /** The loaded `serve --fleet` scenario: providers, contracts, policies, catalog and throughput. Its workloads are
   * not submitted. */
  readonly fleet: Scenario;
  /** New workload ids. Default `w-<block>-<n>`: each ControlPlane takes a fresh block of ID_BLOCK numbers from the
   * store's meta (`id-block`) when it needs one, so a restart never reuses an id. */
  readonly newId?: () => string;
  /** Default MAX_APPLY_RETRIES. */
  readonly maxApplyRetries?: number;
  /** Default REPLAN_EVERY_MS. */
  readonly replanEveryMs?: number;
  /** Default MAX_SUBMIT_BATCH. */
  readonly maxSubmitBatch?: number;
  /** Runs `f` once the submissions that arrived together are queued (default: setImmediate, after the event loop's
   * pending I/O, so every request read in one turn joins the batch). */
  readonly defer?: (f: () => void) => void;
  /** Told of what the loop did (structured, no secrets): the server logs it. */
  readonly onEvent?: (e: { readonly kind: string; readonly [k: string]: unknown }) => void;
}

/** What one tick did, counted (for logs, metrics and tests). */
export interface TickReport {
  readonly at: number;
  readonly transitions: number;
  readonly launched: number;
  readonly terminated: number;
  readonly conflicts: number;
  readonly providersDown: readonly string[];
  readonly replanned: boolean;
}

interface Poll {
  readonly provider: Provider;
  readonly ok: boolean;
  readonly offerings: readonly Offering[];
  readonly launches: readonly LaunchStatus[];
}

interface QueuedSubmit {
  readonly team: string;
  readonly req: SubmitRequest;
  readonly w: Workload;
  readonly now: number;
  readonly resolve: (r: { workload: WorkloadView; created: boolean }) => void;
  readonly reject: (e: unknown) => void;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
const gangGpus = (w: Workload): number => (w.kind === 'inference' ? w.gpusPerReplica : w.gpuCount);
const tokenOf = (r: Pick<WorkloadRecord, 'id' | 'attempt'>): string => `${r.id}/${r.attempt}`;

/** A launch answered with one of these made nothing: the offering is refused (blocklisted, the work placed again as
 * a new attempt) even when the provider calls the error retryable — that flag says the same request may succeed
 * later (the sandbox cloud's `provider.capacity`, `provider.quota`, `provider.region-down` are), not that the call's
 * outcome is unknown. Only an unknown outcome (unreachable, a bad answer) keeps the work placed for the same token. */
const LAUNCH_REFUSALS: ReadonlySet<string> = new Set([
  'provider.capacity',
  'provider.quota',
  'provider.region-down',
  'provider.no-such-offering',
  'provider.bad-request',
  'provider.rejected',
]);
const LAUNCH_FINAL = new Set(['succeeded', 'failed', 'preempted', 'lost', 'terminated']);

export class ControlPlane implements ControlApi {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly scenario: Scenario;
  private readonly providers: ReadonlyMap<string, Provider>;
  private readonly world: FleetWorld;
  private readonly groupsByPool: ReadonlyMap<string, readonly number[]>;
  private readonly customId: (() => string) | undefined;
  private idBlock = -1;
  private readonly maxRetries: number;
  private readonly replanEvery: number;
  private readonly emit: NonNullable<ControlPlaneOptions['onEvent']>;
  private readonly lock = new Lock();
  private readonly ledger = new CapacityLedger();
  private readonly health = new Map<string, ProviderHealth>();
  private readonly live = new Map<string, readonly Offering[]>();
  private liveIndex: LiveOfferings = indexOfferings([]);
  private blocklist: BlockEntry[] = [];
  private readonly teams = new Map<string, TeamRecord | undefined>();
  private readonly spend = new Map<string, MonthSpend>();
  private readonly parsed = new Map<string, Workload | null>();
  private readonly lastRejections = new Map<string, readonly Cause[]>();
  /** Workload id → pool id, from the last re-optimisation. */
  private preferences = new Map<string, string>();
  private loaded = false;
  private ledgerBuilt = false;
  private counter = 0;
  private evaluations = 0;
  private lastReplan = -Infinity;
  private conflicts = 0;
  private readonly queue: QueuedSubmit[] = [];
  private drainScheduled = false;
  private draining = false;
  private readonly maxBatch: number;
  private readonly defer: (f: () => void) => void;
  /** Submission batches committed (tests read it). */
  batches = 0;

  constructor(opts: ControlPlaneOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.scenario = opts.fleet;
    this.providers = new Map(opts.providers.map((p) => [p.name, p]));
    this.world = fleetWorld(opts.fleet, opts.clock.now());
    this.groupsByPool = new Map(this.world.world.pools.map((p) => [p.id, p.groups]));
    this.maxRetries = opts.maxApplyRetries ?? MAX_APPLY_RETRIES;
    this.replanEvery = opts.replanEveryMs ?? REPLAN_EVERY_MS;
    this.emit = opts.onEvent ?? (() => {});
    this.customId = opts.newId;
    this.maxBatch = Math.max(1, opts.maxSubmitBatch ?? MAX_SUBMIT_BATCH);
    this.defer = opts.defer ?? ((f) => setImmediate(f));
    const now = opts.clock.now();
    for (const name of this.providers.keys()) this.health.set(name, watched(name, now));
  }

  // ── the use cases ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads and checks the spec now (a bad one fails alone), then queues it: the submissions that arrive together are
   * recorded in one store transaction and admitted and placed in one more (group commit, `commitBatch`), and each
   * answers only after both have committed.
   */
  async submit(p: Principal, req: SubmitRequest): Promise<{ workload: WorkloadView; created: boolean }> {
    const team = submittingTeam(p, req);
    const now = this.clock.now();
    const w = this.read(req.spec.workload, req.spec.name, team, now);
    if (this.world.candidates(w).length === 0)
      throw new ControlError('control.no-candidate', 422, { rejections: this.world.staticRejections(w) });
    return new Promise((resolve, reject) => {
      this.queue.push({ team, req, w, now, resolve, reject });
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

  /** Commits the queue a batch at a time (at most MAX_SUBMIT_BATCH each); what arrives meanwhile waits for the next. */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
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
    await this.ensureLoaded();
    const ids: string[] = [];
    for (let i = 0; i < batch.length; i++) ids.push(await this.newId());
    await this.lock.run(async () => {
      await this.ensureLedger(batch[0]?.now ?? this.clock.now());
      const news: NewWorkload[] = [];
      const firstOfKey = new Set<string>();
      for (const [i, item] of batch.entries()) {
        const key = item.req.idempotencyKey ?? null;
        const base = {
          id: ids[i] ?? '',
          team: item.team,
          spec: item.req.spec,
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
        const rec: WorkloadRecord = {
          ...base,
          state: 'submitted',
          version: 1,
          placement: null,
          checkpoint: null,
          attempt: 0,
          waitingFor: null,
          createdAt: item.now,
          updatedAt: item.now,
        };
        news.push({ ...base, steps: await this.admissionSteps(rec, item.w, item.now) });
      }
      let created: (CreatedWorkload | Error)[];
      try {
        created = await this.store.createWorkloads(news);
      } catch (e) {
        created = [];
        if (news.length === 1) created.push(asError(e));
        else
          for (const n of news)
            created.push(await this.store.createWorkloads([n]).then((r) => r[0] ?? new Error('no answer'), asError));
      }
      const latest = new Map<string, WorkloadRecord>();
      for (const [i, n] of news.entries()) {
        const r = created[i];
        if (r && !(r instanceof Error) && r.created) {
          this.parsed.set(r.workload.id, batch[i]?.w ?? null);
          this.track(r.workload);
          latest.set(r.workload.id, r.workload);
        } else {
          this.ledger.remove(n.id);
          this.lastRejections.delete(n.id);
        }
      }
      for (const [i, item] of batch.entries()) {
        const r = created[i] ?? new Error('no answer');
        if (r instanceof Error) item.reject(r);
        else item.resolve({ workload: viewOf(latest.get(r.workload.id) ?? r.workload), created: r.created });
      }
    });
  }

  async get(p: Principal, id: string): Promise<WorkloadView> {
    return viewOf(await this.visible(p, id));
  }

  async list(
    p: Principal,
    q: { readonly states?: readonly WorkloadState[]; readonly limit?: number; readonly after?: string },
  ): Promise<WorkloadView[]> {
    const team = p.admin && p.team === null ? undefined : (p.team ?? '\u0000none');
    const rows = await this.store.listWorkloads({
      ...(team !== undefined ? { team } : {}),
      ...(q.states ? { states: q.states } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
      ...(q.after !== undefined ? { after: q.after } : {}),
    });
    return rows.filter((r) => canSee(p, r)).map(viewOf);
  }

  async cancel(p: Principal, id: string): Promise<WorkloadView> {
    let rec = await this.visible(p, id);
    for (let round = 0; round <= this.maxRetries; round++) {
      if (isFinal(rec.state))
        throw new ControlError('control.illegal-transition', 409, { from: rec.state, to: 'cancelled' });
      const by = p.team ?? 'admin';
      const change: WorkloadChange = {
        id,
        expectedVersion: rec.version,
        state: 'cancelled',
        waitingFor: null,
        at: this.clock.now(),
        cause: { code: 'control.cancelled', source: 'api', params: { by } },
      };
      const res = await this.lock.run(() => this.apply([change]));
      const done = res.applied[0];
      if (done) {
        const launchId = rec.placement?.launchId;
        const provider = rec.placement ? this.providers.get(rec.placement.provider) : undefined;
        if (launchId && provider) await provider.terminate(launchId).catch(() => undefined); // else the sweep ends it
        return viewOf(done);
      }
      rec = await this.visible(p, id);
    }
    throw new ControlError('control.conflict', 409, { id });
  }

  async events(p: Principal, id: string): Promise<WorkloadEvent[]> {
    await this.visible(p, id);
    return this.store.listEvents(id);
  }

  async explain(p: Principal, id: string): Promise<Explanation> {
    const rec = await this.visible(p, id);
    const w = this.parse(rec);
    let chosen: Explanation['chosen'] = null;
    if (rec.placement) {
      const events = await this.store.listEvents(id);
      const placed = [...events].reverse().find((e) => e.cause.code === 'control.placed');
      if (placed) {
        const cost = placed.cause.params?.effectiveCostUsd;
        chosen = {
          ...placed.cause,
          ...(typeof cost === 'number' ? { effectiveCostCents: Math.round(cost * 100) } : {}),
        };
      }
    }
    let live = this.lastRejections.get(id);
    if (!live && w && !isFinal(rec.state)) live = this.decide(rec, w, this.clock.now()).rejections;
    const staticOnes: Cause[] = w
      ? this.world.staticRejections(w).map((r) => ({ code: r.code, source: r.source, params: { pools: r.pools } }))
      : [];
    return {
      workloadId: id,
      state: rec.state,
      chosen,
      rejections: [...(live ?? []), ...staticOnes],
      waitingFor: rec.waitingFor,
    };
  }

  async logs(p: Principal, id: string, tailLines: number): Promise<string> {
    const rec = await this.visible(p, id);
    const launchId = rec.placement?.launchId;
    const provider = rec.placement ? this.providers.get(rec.placement.provider) : undefined;
    if (!launchId || !provider) throw new ControlError('control.not-launched', 409, { id, state: rec.state });
    try {
      return await provider.logs(launchId, tailLines);
    } catch (e) {
      throw new ControlError('control.provider-error', 502, {
        provider: provider.name,
        code: e instanceof ProviderError ? e.code : 'provider.unreachable',
      });
    }
  }

  async fleet(p: Principal): Promise<FleetStatus> {
    const team = p.admin && p.team === null ? undefined : (p.team ?? '\u0000none');
    const rows = await this.store.listWorkloads(team !== undefined ? { team } : {});
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const now = this.clock.now();
    return {
      providers: [...this.health.values()].map((h) => ({
        name: h.name,
        up: h.up,
        lastSeen: h.lastSeen,
        cause: h.cause,
      })),
      workloadsByState: byState,
      blocklist: activeEntries(this.blocklist, now),
    };
  }

  // ── the reconcile loop ───────────────────────────────────────────────────────────────────────────────────────

  /** One round of the reconcile loop (the server calls it on an interval; docs/control-plane.md). */
  async tick(): Promise<TickReport> {
    const now = this.clock.now();
    await this.ensureLoaded();
    const conflictsBefore = this.conflicts;
    const polls = await Promise.all([...this.providers.values()].map((p) => this.poll(p)));
    const wentDown: string[] = [];
    for (const poll of polls) {
      const before = this.health.get(poll.provider.name) ?? watched(poll.provider.name, now);
      const after = poll.ok ? answered(before, now) : failed(before, now, 'provider.unreachable');
      this.health.set(poll.provider.name, after);
      if (poll.ok) this.live.set(poll.provider.name, poll.offerings);
      if (before.up && !after.up) {
        wentDown.push(poll.provider.name);
        this.emit({ kind: 'provider-down', provider: poll.provider.name, cause: after.cause });
      }
      if (!after.up) this.live.delete(poll.provider.name);
    }
    this.liveIndex = indexOfferings([...this.live.values()].flat());
    let transitions = 0;
    let launched = 0;
    let terminated = 0;
    await this.lock.run(async () => {
      const holding = await this.rebuild(now);
      const r = await this.reconcileLaunches(polls, holding, now);
      transitions += r.transitions;
      terminated += r.terminated;
      transitions += await this.requeueFromDownProviders(holding, now);
    });
    await this.recordUsage(polls, now);
    await this.refreshTeams(now);
    let replanned = false;
    if (wentDown.length > 0 || now - this.lastReplan >= this.replanEvery) {
      this.lastReplan = now;
      replanned = true;
      transitions += await this.lock.run(() => this.replan(now));
    }
    await this.lock.run(async () => {
      transitions += await this.recheckHeld(now);
      const admitted = await this.store.listWorkloads({ states: ['admitted'] });
      transitions += await this.applyPlacements(admitted, now);
    });
    const l = await this.launchPlaced(now);
    launched += l.launched;
    transitions += l.transitions;
    return {
      at: now,
      transitions,
      launched,
      terminated,
      conflicts: this.conflicts - conflictsBefore,
      providersDown: [...this.health.values()].filter((h) => !h.up).map((h) => h.name),
      replanned,
    };
  }

  // ── parts ────────────────────────────────────────────────────────────────────────────────────────────────────

  private read(raw: unknown, name: string, team: string, now: number): Workload {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ControlError('control.invalid-spec', 422, {
        issues: [{ code: 'schema.type', path: 'workload', message: 'the workload must be a mapping' }],
      });
    const given = raw as Record<string, unknown>;
    const h = this.scenario.request.horizon;
    const r = readWorkload(
      { id: name, ...given, team },
      {
        catalog: this.scenario.snapshot.catalog,
        providers: this.scenario.snapshot.providers.map((p) => p.id),
        throughput: this.scenario.snapshot.throughput,
        horizon: { start: Math.min(now, h.start), end: Math.max(h.end, now + 3650 * 24 * 3_600_000) },
      },
    );
    if (!r.ok)
      throw new ControlError('control.invalid-spec', 422, {
        issues: r.issues.map((i) => ({ code: i.code, path: i.path.join('.'), message: i.message })),
      });
    // A default start is the horizon's: a submission starts now.
    return given.start === undefined ? { ...r.workload, start: now } : r.workload;
  }

  /** The parsed workload of a record (cached; null when the stored spec no longer reads, e.g. a changed fleet). */
  private parse(rec: WorkloadRecord): Workload | null {
    const hit = this.parsed.get(rec.id);
    if (hit !== undefined) return hit;
    let w: Workload | null;
    try {
      w = this.read(rec.spec.workload, rec.spec.name, rec.team, rec.createdAt);
    } catch {
      w = null;
    }
    this.parsed.set(rec.id, w);
    return w;
  }

  private async newId(): Promise<string> {
    if (this.customId) return this.customId();
    if (this.idBlock < 0 || this.counter >= ID_BLOCK) {
      await this.lock.run(async () => {
        if (this.idBlock >= 0 && this.counter < ID_BLOCK) return;
        const last = await this.store.getMeta(ID_BLOCK_KEY);
        this.idBlock = (typeof last === 'number' ? last : 0) + 1;
        this.counter = 0;
        await this.store.setMeta(ID_BLOCK_KEY, this.idBlock);
      });
    }
    return `w-${this.idBlock}-${this.counter++}`;
  }

  private async visible(p: Principal, id: string): Promise<WorkloadRecord> {
    const rec = await this.store.getWorkload(id);
    if (!rec || !canSee(p, rec)) throw notFound(id);
    return rec;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.blocklist = parseBlocklist(await this.store.getMeta(BLOCKLIST_KEY));
    this.loaded = true;
  }

  private async team(name: string, now: number): Promise<TeamRecord | undefined> {
    if (!this.teams.has(name)) {
      const t = await this.store.getTeam(name);
      this.teams.set(name, t);
      if (t) this.spend.set(name, await this.spendOf(name, now));
    }
    return this.teams.get(name);
  }

  private async spendOf(team: string, now: number): Promise<MonthSpend> {
    const m = monthOf(now);
    return spendWithin(await this.store.listUsage({ team, from: m.start, to: m.end }), m.start, Math.min(now, m.end));
  }

  private async refreshTeams(now: number): Promise<void> {
    const teams = await this.store.listTeams();
    this.teams.clear();
    for (const t of teams) {
      this.teams.set(t.name, t);
      if (t.monthlyBudgetCents !== null || t.monthlyBudgetGpuHours !== null)
        this.spend.set(t.name, await this.spendOf(t.name, now));
    }
  }

  /** Why the team's quota or budget holds `w` back now, or undefined. */
  private async admissionHold(rec: WorkloadRecord, w: Workload, now: number): Promise<Cause | undefined> {
    const team = await this.team(rec.team, now);
    if (!team) return undefined;
    await this.ensureLedger(now);
    const spent = this.spend.get(team.name) ?? { cents: 0 as MonthSpend['cents'], gpuHours: 0 };
    return budgetHold(team, spent, now) ?? quotaHold(team, this.ledger.heldBy(team.name), w.gpus, gangGpus(w));
  }

  /**
   * A new submission's admission and its first evaluation, as the steps it takes when created: submitted →
   * admitted → placed, or → admitted waiting with its reason, or → held. A placement is reserved in the ledger now,
   * so the next evaluation of the batch sees it; the caller releases it if the workload is not created.
   */
  private async admissionSteps(rec: WorkloadRecord, w: Workload, now: number): Promise<WorkloadStep[]> {
    const hold = await this.admissionHold(rec, w, now);
    if (hold) return [{ state: 'held', waitingFor: hold, at: now, cause: hold }];
    const admitted: WorkloadStep = {
      state: 'admitted',
      waitingFor: null,
      at: now,
      cause: { code: 'control.admitted', source: 'admission', params: {} },
    };
    const asAdmitted: WorkloadRecord = { ...rec, state: 'admitted', version: rec.version + 1, waitingFor: null };
    const d = this.decide(asAdmitted, w, now);
    this.lastRejections.set(rec.id, d.rejections);
    if (d.kind === 'wait') return [{ ...admitted, waitingFor: d.cause }];
    if (d.kind === 'place') this.ledger.add(rec.id, d.hold);
    const { id: _id, expectedVersion: _v, ...next } = this.changeFor(asAdmitted, d, now);
    return [admitted, next];
  }

  /** The change an evaluation's decision makes to an admitted record (place or hold it; note why it waits). */
  private changeFor(rec: WorkloadRecord, d: Decision, now: number): WorkloadChange {
    const base = { id: rec.id, expectedVersion: rec.version, at: now };
    if (d.kind === 'place')
      return { ...base, state: 'placed', placement: d.placement, waitingFor: null, cause: d.cause };
    return { ...base, state: d.kind === 'hold' ? 'held' : 'admitted', waitingFor: d.cause, cause: d.cause };
  }

  /** Held work whose quota or budget now lets it through is released; work found `submitted` (recorded but never
   * admitted, e.g. by an older skyfleet that wrote a submission and its admission in two transactions, or a store
   * written by hand) is admitted or held now. A submission of this process is never seen here: group commit creates it
   * with its admission steps in one transaction. */
  private async recheckHeld(now: number): Promise<number> {
    const waiting = await this.store.listWorkloads({ states: ['submitted', 'held'] });
    const changes: WorkloadChange[] = [];
    for (const rec of waiting) {
      const w = this.parse(rec);
      const hold = w ? await this.admissionHold(rec, w, now) : undefined;
      const base = { id: rec.id, expectedVersion: rec.version, at: now };
      if (hold) {
        if (rec.state === 'submitted') changes.push({ ...base, state: 'held', waitingFor: hold, cause: hold });
        continue;
      }
      if (!w && rec.state === 'held') continue;
      changes.push({
        ...base,
        state: 'admitted',
        waitingFor: null,
        cause:
          rec.state === 'held'
            ? { code: 'control.released', source: 'admission', params: {} }
            : { code: 'control.admitted', source: 'admission', params: {} },
      });
    }
    const res = await this.apply(changes);
    return res.applied.length;
  }

  private decide(rec: WorkloadRecord, w: Workload, now: number): Decision {
    return evaluate(
      rec,
      w,
      {
        now,
        fleet: this.world,
        live: this.liveIndex,
        up: (p) => this.health.get(p)?.up === true && this.live.has(p),
        blocklist: this.blocklist,
        team: this.teams.get(rec.team),
        ledger: this.ledger,
        preferred: this.preferences.get(rec.id),
      },
      ++this.evaluations,
    );
  }

  /**
   * The plan applier: evaluates each admitted workload in turn (priority, then age), reserving each winner in the
   * ledger so the next evaluation sees it, and commits the batch with the versions it was decided on. Changes that
   * meet a conflict are released, re-read and, if still admitted, evaluated again against the ledger as it is then:
   * at most `maxApplyRetries` more rounds. Answers the number of transitions applied. Runs under the lock.
   */
  private async applyPlacements(recs: readonly WorkloadRecord[], now: number): Promise<number> {
    await this.ensureLedger(now);
    let pending = [...recs].sort(byPriority(this));
    let applied = 0;
    for (let round = 0; round <= this.maxRetries && pending.length > 0; round++) {
      const changes: WorkloadChange[] = [];
      for (const rec of pending) {
        if (rec.state !== 'admitted') continue;
        const w = this.parse(rec);
        if (!w) continue;
        const d = this.decide(rec, w, now);
        this.lastRejections.set(rec.id, d.rejections);
        if (d.kind === 'place') this.ledger.add(rec.id, d.hold);
        else if (d.kind === 'wait' && rec.waitingFor?.code === d.cause.code) continue; // nothing new to say
        changes.push(this.changeFor(rec, d, now));
      }
      if (changes.length === 0) break;
      const res = await this.apply(changes);
      applied += res.applied.length;
      const again: WorkloadRecord[] = [];
      for (const id of res.conflicts) {
        const fresh = await this.store.getWorkload(id);
        if (fresh?.state === 'admitted') again.push(fresh);
      }
      pending = again;
    }
    return applied;
  }

  /** The store's applyChanges, keeping the ledger in step with what was applied (a conflict releases its reservation). */
  private async apply(changes: readonly WorkloadChange[]): Promise<{ applied: WorkloadRecord[]; conflicts: string[] }> {
    if (changes.length === 0) return { applied: [], conflicts: [] };
    const res = await this.store.applyChanges(changes);
    for (const rec of res.applied) this.track(rec);
    for (const id of res.conflicts) {
      this.conflicts++;
      const placed = changes.some((x) => x.id === id && x.state === 'placed');
      if (placed && !res.applied.some((r) => r.id === id && r.state === 'placed')) this.ledger.remove(id);
    }
    return res;
  }

  private track(rec: WorkloadRecord): void {
    if (isFinal(rec.state)) {
      this.parsed.delete(rec.id);
      this.lastRejections.delete(rec.id);
    }
    const h = holdOf(rec, (pool) => this.poolGroups(pool));
    if (!h) {
      this.ledger.remove(rec.id);
      return;
    }
    const prev = this.ledger.holdOf(rec.id);
    // Launched since the last poll: the live offering does not count it yet, so it stays pending until the rebuild.
    this.ledger.add(rec.id, prev && !prev.launched ? { ...h, launched: false } : h);
  }

  private poolGroups(poolId: string): readonly number[] {
    return this.groupsByPool.get(poolId) ?? [];
  }

  private async ensureLedger(now: number): Promise<void> {
    if (!this.ledgerBuilt) await this.rebuild(now);
  }

  /** The ledger from the store's holding workloads (after a poll: the live offerings count what was launched). */
  private async rebuild(_now: number): Promise<WorkloadRecord[]> {
    const holding = await this.store.listWorkloads({ states: HOLDING_STATES });
    this.ledger.clear();
    for (const rec of holding) {
      const h = holdOf(rec, (pool) => this.poolGroups(pool));
      if (h) this.ledger.add(rec.id, h);
    }
    this.ledgerBuilt = true;
    return holding;
  }

  private async poll(provider: Provider): Promise<Poll> {
    try {
      const [offerings, launches] = await Promise.all([provider.offerings(), provider.listLaunches()]);
      return { provider, ok: true, offerings, launches };
    } catch {
      return { provider, ok: false, offerings: [], launches: [] };
    }
  }

  /** Moves the holding workloads of every provider that answered by what it reports (reconcile.ts), in one batch;
   * adopts launches recorded as placed; terminates launches no workload owns. */
  private async reconcileLaunches(
    polls: readonly Poll[],
    holding: readonly WorkloadRecord[],
    now: number,
  ): Promise<{ transitions: number; terminated: number }> {
    let terminated = 0;
    const owners = new Set<string>();
    for (const r of holding) owners.add(`${r.placement?.provider}\u0000${tokenOf(r)}`);
    const changes: WorkloadChange[] = [];
    const blocks: { key: string; cause: Cause }[] = [];
    for (const poll of polls) {
      if (!poll.ok) continue;
      const name = poll.provider.name;
      const byToken = new Map(poll.launches.map((l) => [l.clientToken, l]));
      const byId = new Map(poll.launches.map((l) => [l.launchId, l]));
      for (const rec of holding) {
        const p = rec.placement;
        if (p?.provider !== name) continue;
        const launch = (p.launchId ? byId.get(p.launchId) : undefined) ?? byToken.get(tokenOf(rec));
        const r = followLaunch(rec, launch, now, this.relOf(rec));
        changes.push(...r.changes);
        if (r.block) blocks.push({ key: offeringKey(p.provider, p.region, p.instanceType), cause: r.block });
      }
      for (const l of poll.launches) {
        if (LAUNCH_FINAL.has(l.state) || owners.has(`${name}\u0000${l.clientToken}`)) continue;
        try {
          await poll.provider.terminate(l.launchId);
          terminated++;
          this.emit({ kind: 'terminated-orphan', provider: name, launchId: l.launchId, clientToken: l.clientToken });
        } catch {
          // asked again at the next sweep
        }
      }
    }
    await this.blockOfferings(blocks, now);
    const res = await this.apply(changes);
    this.emitRequeues(res.applied);
    return { transitions: res.applied.length, terminated };
  }

  /** The work of providers that are down goes back to admitted (placed work directly; launched work as lost). */
  private async requeueFromDownProviders(holding: readonly WorkloadRecord[], now: number): Promise<number> {
    const changes: WorkloadChange[] = [];
    for (const rec of holding) {
      const p = rec.placement;
      const h = p ? this.health.get(p.provider) : undefined;
      if (!p || !h || h.up) continue;
      if (rec.state === 'placed') {
        const cause = h.cause ?? { code: 'control.provider-down', source: 'health', params: { provider: p.provider } };
        changes.push({
          id: rec.id,
          expectedVersion: rec.version,
          state: 'admitted',
          placement: null,
          attempt: rec.attempt + 1,
          waitingFor: cause,
          at: now,
          cause,
        });
      } else changes.push(...lostChanges(rec, now, 'provider-down', h.lastSeen ?? now, this.relOf(rec)));
    }
    const res = await this.apply(changes);
    this.emitRequeues(res.applied);
    return res.applied.length;
  }

  private emitRequeues(applied: readonly WorkloadRecord[]): void {
    for (const r of applied)
      if (r.state === 'admitted' && r.attempt > 0 && r.placement === null && r.waitingFor === null)
        this.emit({ kind: 'requeued', workloadId: r.id, attempt: r.attempt });
  }

  /**
   * The re-optimisation (replan.ts) over every live workload, on the providers up now; its preferred pools steer the
   * next evaluations. Placed work not yet launched whose preferred pool differs goes back to admitted (a new attempt)
   * to be placed again through the applier; running work is not moved. Runs under the lock.
   */
  private async replan(now: number): Promise<number> {
    const live = await this.store.listWorkloads({ states: ['held', 'admitted', 'placed', 'provisioning', 'running'] });
    const items = [];
    for (const rec of live) {
      const w = this.parse(rec);
      if (w) items.push({ id: rec.id, workload: w, done: rec.checkpoint?.workDone ?? 0 });
    }
    const up = new Set([...this.health.values()].filter((h) => h.up && this.live.has(h.name)).map((h) => h.name));
    this.preferences = await replanPreferences(this.scenario, this.world, items, up, now);
    this.emit({ kind: 'replanned', workloads: items.length, preferred: this.preferences.size });
    let n = 0;
    for (const rec of live) {
      const to = this.preferences.get(rec.id);
      const from = rec.placement?.pool;
      if (rec.state !== 'placed' || to === undefined || from === undefined || to === from) continue;
      const res = await this.apply([
        {
          id: rec.id,
          expectedVersion: rec.version,
          state: 'admitted',
          placement: null,
          attempt: rec.attempt + 1,
          waitingFor: null,
          at: now,
          cause: { code: 'control.replan-move', source: 'replan', params: { from, to } },
        },
      ]);
      n += res.applied.length;
    }
    return n;
  }

  private async recordUsage(polls: readonly Poll[], now: number): Promise<void> {
    const cursor = ((await this.store.getMeta(USAGE_SINCE_KEY)) ?? {}) as Record<string, number>;
    const next = { ...cursor };
    for (const poll of polls) {
      if (!poll.ok) continue;
      const since = cursor[poll.provider.name] ?? 0;
      try {
        for (const u of await poll.provider.usage(since)) await this.store.putUsage(u);
        next[poll.provider.name] = Math.max(0, now - USAGE_OVERLAP_MS);
      } catch {
        // asked again from the same cursor next tick
      }
    }
    await this.store.setMeta(USAGE_SINCE_KEY, next);
  }

  /** Launches every placed workload on its provider (the idempotent client token `${id}/${attempt}`), then records
   * the launches in one batch. */
  private async launchPlaced(now: number): Promise<{ launched: number; transitions: number }> {
    const placed = await this.store.listWorkloads({ states: ['placed'] });
    const started: { change: WorkloadChange; provider: Provider; launchId: string }[] = [];
    const refused: { change: WorkloadChange; key: string }[] = [];
    await Promise.all(
      placed.map(async (rec) => {
        const p = rec.placement;
        const provider = p ? this.providers.get(p.provider) : undefined;
        if (!p || !provider || this.health.get(p.provider)?.up !== true) return;
        const token = tokenOf(rec);
        try {
          const status = await provider.launch({
            clientToken: token,
            workloadId: rec.id,
            team: rec.team,
            region: p.region,
            instanceType: p.instanceType,
            instances: p.instances,
            spot: p.spot,
            ...(rec.spec.setup !== undefined ? { setup: rec.spec.setup } : {}),
            ...(rec.spec.run !== undefined ? { run: rec.spec.run } : {}),
            ...(rec.spec.envs !== undefined ? { envs: rec.spec.envs } : {}),
            ...(rec.spec.secrets !== undefined ? { secrets: rec.spec.secrets } : {}),
            resumeFrom: rec.checkpoint?.workDone ?? 0,
          });
          const params = { provider: p.provider, launchId: status.launchId, clientToken: token };
          started.push({
            provider,
            launchId: status.launchId,
            change: {
              id: rec.id,
              expectedVersion: rec.version,
              state: 'provisioning',
              placement: { ...p, launchId: status.launchId },
              at: now,
              cause: { code: 'control.launching', source: 'reconcile', params },
            },
          });
        } catch (e) {
          const code = e instanceof ProviderError ? e.code : 'provider.unreachable';
          if (e instanceof ProviderError && (!e.retryable || LAUNCH_REFUSALS.has(e.code))) {
            const params = { provider: p.provider, code, attempt: rec.attempt };
            const cause: Cause = { code: 'control.launch-refused', source: 'reconcile', params };
            refused.push({
              key: offeringKey(p.provider, p.region, p.instanceType),
              change: {
                id: rec.id,
                expectedVersion: rec.version,
                state: 'admitted',
                placement: null,
                attempt: rec.attempt + 1,
                waitingFor: cause,
                at: now,
                cause,
              },
            });
          } else {
            // Maybe launched, maybe not: the same token is sent again next tick (idempotent), or the provider is
            // declared down and the sweep ends whatever it started.
            const h = this.health.get(p.provider);
            if (h) this.health.set(p.provider, failed(h, now, code));
          }
        }
      }),
    );
    return this.lock.run(async () => {
      await this.blockOfferings(
        refused.map((r) => ({ key: r.key, cause: r.change.cause })),
        now,
      );
      const res = await this.apply([...started.map((s) => s.change), ...refused.map((r) => r.change)]);
      // Cancelled meanwhile: the launch has no owner; end it now rather than at the next sweep.
      for (const id of res.conflicts) {
        const s = started.find((x) => x.change.id === id);
        const fresh = s ? await this.store.getWorkload(id) : undefined;
        if (s && fresh && isFinal(fresh.state)) await s.provider.terminate(s.launchId).catch(() => undefined);
      }
      return { launched: started.length, transitions: res.applied.length };
    });
  }

  private async blockOfferings(blocks: readonly { key: string; cause: Cause }[], now: number): Promise<void> {
    if (blocks.length === 0) return;
    for (const b of blocks) this.blocklist = block(this.blocklist, b.key, now, b.cause);
    await this.store.setMeta(BLOCKLIST_KEY, this.blocklist);
  }

  private relOf(rec: WorkloadRecord): number {
    const w = this.parse(rec);
    return w && rec.placement ? this.world.rel(w, rec.placement.gpu) : 1;
  }

  /** Priority of a record's workload (1 = most critical), for the evaluation order. */
  priorityOf(rec: WorkloadRecord): number {
    return this.parse(rec)?.priority ?? 99;
  }
}

function byPriority(cp: ControlPlane): (a: WorkloadRecord, b: WorkloadRecord) => number {
  return (a, b) =>
    cp.priorityOf(a) - cp.priorityOf(b) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
