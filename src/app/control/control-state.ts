/**
 * What the control plane's parts share: the ports, the fleet, the lock, the capacity ledger, provider health and live
 * offerings, the blocklist, the team cache, the parsed-spec cache and the last re-optimisation's preferences; plus the
 * small reads every part makes of them (a record's workload, its evaluation, a record tracked into the ledger). One
 * instance per ControlPlane; its fields change only under `lock` (or, for health and live offerings, in the tick's
 * poll, which runs before the locked sections).
 */
import type { Scenario, Workload } from '../../core/types.js';
import { BLOCKLIST_KEY, type BlockEntry, block, parseBlocklist } from '../../control/blocklist.js';
import type { MonthSpend } from '../../control/budget.js';
import { CapacityLedger, holdOf, providerOfLiveKey } from '../../control/capacity-ledger.js';
import { type ProviderHealth, watched } from '../../control/health.js';
import type { Clock, Offering, Provider, Store } from '../../control/ports.js';
import type { CapacitySeen } from '../../control/replan-triggers.js';
import type { Cause, TeamRecord, WorkloadRecord } from '../../control/records.js';
import { isService } from '../../control/service-split.js';
import { isFinal } from '../../control/state-machine.js';
import { canSee, notFound } from './access.js';
import type { Principal } from './api.js';
import { type ControlPlaneOptions, MAX_APPLY_RETRIES, REPLAN_DEBOUNCE_MS, REPLAN_EVERY_MS } from './control-options.js';
import { type Decision, evaluate, indexOfferings, type LiveOfferings } from './evaluate.js';
import { type FleetWorld, fleetWorld } from './fleet-world.js';
import { Lock } from './lock.js';
import { readSubmitted } from './read-submitted.js';

export type Emit = NonNullable<ControlPlaneOptions['onEvent']>;

export const gangGpus = (w: Workload): number => (w.kind === 'inference' ? w.gpusPerReplica : w.gpuCount);
/** The idempotent client token of a record's current attempt. */
export const tokenOf = (r: Pick<WorkloadRecord, 'id' | 'attempt'>): string => `${r.id}/${r.attempt}`;

export class ControlState {
  readonly store: Store;
  readonly clock: Clock;
  readonly scenario: Scenario;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly world: FleetWorld;
  readonly groupsByPool: ReadonlyMap<string, readonly number[]>;
  readonly maxRetries: number;
  readonly replanEvery: number;
  readonly replanDebounce: number;
  readonly maxMovesPerReplan: number | undefined;
  readonly emit: Emit;
  readonly lock = new Lock();
  readonly ledger = new CapacityLedger();
  readonly health = new Map<string, ProviderHealth>();
  readonly live = new Map<string, readonly Offering[]>();
  liveIndex: LiveOfferings = indexOfferings([]);
  blocklist: BlockEntry[] = [];
  readonly teams = new Map<string, TeamRecord | undefined>();
  readonly spend = new Map<string, MonthSpend>();
  /** When each team's `spend` was read (month-spend.ts: once per tick). */
  readonly spendReadAt = new Map<string, number>();
  readonly parsed = new Map<string, Workload | null>();
  readonly lastRejections = new Map<string, readonly Cause[]>();
  /** Workload id → pool id, from the last re-optimisation. */
  preferences = new Map<string, string>();
  /** Services whose replica groups exist (service-groups.ts). */
  readonly expanded = new Set<string>();
  /** Live services placed as replica groups, which follow their groups each tick (seen admitted, holding or
   * changed; a final one leaves). */
  readonly services = new Set<string>();
  loaded = false;
  ledgerBuilt = false;
  evaluations = 0;
  lastReplan = -Infinity;
  /** The last re-optimisation a big event triggered (the debounce counts from it). */
  lastEventReplan = -Infinity;
  /** Big events seen since the last re-optimisation (control/replan-triggers.ts), oldest first. */
  replanPending: Cause[] = [];
  /** Per provider, the capacity its offerings showed at its last answer (dropped while it is down). */
  readonly capacitySeen = new Map<string, CapacitySeen>();
  conflicts = 0;

  constructor(opts: ControlPlaneOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.scenario = opts.fleet;
    this.providers = new Map(opts.providers.map((p) => [p.name, p]));
    this.world = fleetWorld(opts.fleet, opts.clock.now());
    this.groupsByPool = new Map(this.world.world.pools.map((p) => [p.id, p.groups]));
    this.maxRetries = opts.maxApplyRetries ?? MAX_APPLY_RETRIES;
    this.replanEvery = opts.replanEveryMs ?? REPLAN_EVERY_MS;
    this.replanDebounce = opts.replanDebounceMs ?? REPLAN_DEBOUNCE_MS;
    this.maxMovesPerReplan = opts.maxMovesPerReplan;
    this.emit = opts.onEvent ?? (() => {});
    const now = opts.clock.now();
    for (const name of this.providers.keys()) this.health.set(name, watched(name, now));
  }

  read(raw: unknown, name: string, team: string, now: number): Workload {
    return readSubmitted(this.scenario, raw, name, team, now);
  }

  /** The parsed workload of a record (cached; null when the stored spec no longer reads, e.g. a changed fleet). */
  parse(rec: WorkloadRecord): Workload | null {
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

  async visible(p: Principal, id: string): Promise<WorkloadRecord> {
    const rec = await this.store.getWorkload(id);
    if (!rec || !canSee(p, rec)) throw notFound(id);
    return rec;
  }

  async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.blocklist = parseBlocklist(await this.store.getMeta(BLOCKLIST_KEY));
    this.loaded = true;
  }

  /** One evaluation of `rec` against the ledger, the live offerings and the providers up now (evaluate.ts). */
  decide(rec: WorkloadRecord, w: Workload, now: number): Decision {
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
        spread: this.siblingProviders(rec),
      },
      ++this.evaluations,
    );
  }

  /** A replica group's same-geography siblings by the provider they hold now (placed or launched: the ledger),
   * undefined for any other workload. */
  siblingProviders(rec: WorkloadRecord): Map<string, string> | undefined {
    const g = rec.spec.group;
    if (!g) return undefined;
    const out = new Map<string, string>();
    for (const id of g.siblings) {
      const h = this.ledger.holdOf(id);
      if (h) out.set(providerOfLiveKey(h.offering), id);
    }
    return out;
  }

  /** Keeps the ledger and the caches in step with a record as the store now holds it. */
  track(rec: WorkloadRecord): void {
    if (isService(rec)) {
      if (isFinal(rec.state)) this.services.delete(rec.id);
      else this.services.add(rec.id);
    }
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

  poolGroups(poolId: string): readonly number[] {
    return this.groupsByPool.get(poolId) ?? [];
  }

  async blockOfferings(blocks: readonly { key: string; cause: Cause }[], now: number): Promise<void> {
    if (blocks.length === 0) return;
    for (const b of blocks) this.blocklist = block(this.blocklist, b.key, now, b.cause);
    await this.store.setMeta(BLOCKLIST_KEY, this.blocklist);
  }

  /** The speed of a record's placed GPU relative to the H100 (1 when unknown). */
  relOf(rec: WorkloadRecord): number {
    const w = this.parse(rec);
    return w && rec.placement ? this.world.rel(w, rec.placement.gpu) : 1;
  }

  /** Priority of a record's workload (1 = most critical), for the evaluation order. */
  priorityOf(rec: WorkloadRecord): number {
    return this.parse(rec)?.priority ?? 99;
  }

  /** The providers that are up and whose offerings were read at the last poll. */
  upProviders(): Set<string> {
    return new Set([...this.health.values()].filter((h) => h.up && this.live.has(h.name)).map((h) => h.name));
  }
}
