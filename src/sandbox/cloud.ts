/**
 * The sandbox cloud's state, in memory: every provider of the configuration with its regions, capacity, quotas and
 * faults, and every launch (its gang of real processes, log, checkpoint and usage). The HTTP layer (http.ts) only
 * parses and answers; every rule lives here:
 *   - launch: idempotent by clientToken; capacity (on-demand and spot pools per region and instance type) and quotas
 *     (GPUs per provider and per region) are checked for the whole gang at once, so it starts whole or not at all;
 *   - provisioning takes the configured delay (divided by the time scale), then every node starts;
 *   - a launch ends succeeded (every node exited 0), failed (a node exited non-zero: the others are killed),
 *     terminated, preempted (spot preemption or the fault API) or lost (its region or provider went down);
 *   - usage: one record per launch that reached running, from start to end, at the offering's price then.
 * Nothing is persisted: a restarted sandbox knows no launches (docs/sandbox.md).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchRequest, LaunchState, LaunchStatus, Offering } from '../control/ports.js';
import type { PricingKind, UsageRecord } from '../control/records.js';
import { toCents, type Cents } from '../core/money.js';
import type { Rng } from '../core/rng.js';
import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import type { InstanceTypeConfig, ProviderConfig, SandboxConfig } from './config.js';
import { SandboxError } from './errors.js';
import { Gang } from './gang.js';
import { LogLines } from './log-lines.js';
import { nodeEnvs, taskId } from './node-env.js';

export interface CloudDeps {
  readonly now: () => number;
  readonly rng: Rng;
  /** A directory the sandbox owns: one folder per launch (node homes, checkpoint directory). */
  readonly root: string;
  /** PATH given to workloads. */
  readonly path: string;
}

interface Launch {
  readonly id: string;
  readonly req: LaunchRequest;
  readonly provider: string;
  readonly type: InstanceTypeConfig;
  readonly pricing: PricingKind;
  readonly price: Cents;
  readonly createdAt: number;
  state: LaunchState;
  exitCode: number | null;
  startedAt: number | null;
  endedAt: number | null;
  checkpoint: Checkpoint | null;
  checkpointMtime: number | null;
  checkpointDir: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  gang: Gang | null;
  readonly log: LogLines;
}

export type DropMode = 'reset' | 'hang';

/** The faults of one provider, as the fault API set them. */
export interface ProviderFaults {
  down: boolean;
  readonly regionsDown: Set<string>;
  slowMs: number;
  /** Responses to drop: `remaining` null drops every one until restored. */
  drop: { mode: DropMode; remaining: number | null } | null;
  /** Capacity overrides, `region/instanceType/od|spot` → instances. */
  readonly capacity: Map<string, number>;
}

const ACTIVE: ReadonlySet<LaunchState> = new Set(['provisioning', 'running']);
const isActive = (l: Launch) => ACTIVE.has(l.state);

export class SandboxCloud {
  private readonly launches = new Map<string, Launch>();
  /** The launches provisioning or running (what holds capacity), kept apart so checks never walk ended launches. */
  private readonly live = new Set<Launch>();
  /** `provider/clientToken` → launch id. */
  private readonly tokens = new Map<string, string>();
  private readonly faults = new Map<string, ProviderFaults>();
  private readonly bootId: string;
  private seq = 0;
  private closed = false;

  constructor(
    readonly config: SandboxConfig,
    private readonly deps: CloudDeps,
  ) {
    this.bootId = deps.now().toString(36);
    for (const p of Object.keys(config.providers))
      this.faults.set(p, { down: false, regionsDown: new Set(), slowMs: 0, drop: null, capacity: new Map() });
  }

  providerNames(): string[] {
    return Object.keys(this.config.providers);
  }

  /** The provider's configuration and faults, or provider.not-configured (404). */
  provider(name: string): { pc: ProviderConfig; faults: ProviderFaults } {
    const pc = Object.hasOwn(this.config.providers, name) ? this.config.providers[name] : undefined;
    const faults = this.faults.get(name);
    if (!pc || !faults)
      throw new SandboxError('provider.not-configured', 404, `the sandbox has no provider '${name}'`, false, {
        provider: name,
      });
    return { pc, faults };
  }

  /** The provider, answering provider.down (503) while the fault API holds it down. */
  private up(name: string): { pc: ProviderConfig; faults: ProviderFaults } {
    const p = this.provider(name);
    if (p.faults.down)
      throw new SandboxError('provider.down', 503, `provider '${name}' is down`, true, { provider: name });
    return p;
  }

  // ---- capacity and quotas ----------------------------------------------------------------------------------------

  private capacityOf(provider: string, region: string, type: string, spot: boolean): number {
    const { pc, faults } = this.provider(provider);
    const tc = pc.regions[region]?.instanceTypes[type];
    if (!tc) return 0;
    const override = faults.capacity.get(`${region}/${type}/${spot ? 'spot' : 'od'}`);
    return override ?? (spot ? tc.spotCapacity : tc.capacity);
  }

  private active(provider: string): Launch[] {
    return [...this.live].filter((l) => l.provider === provider);
  }

  private inUse(provider: string, region: string, type: string, spot: boolean): number {
    let n = 0;
    for (const l of this.active(provider))
      if (l.req.region === region && l.req.instanceType === type && l.req.spot === spot) n += l.req.instances;
    return n;
  }

  private gpusHeld(provider: string, region?: string): number {
    let n = 0;
    for (const l of this.active(provider))
      if (region === undefined || l.req.region === region) n += l.req.instances * l.type.gpusPerInstance;
    return n;
  }

  /** GPUs still allowed by the provider's and the region's quotas (Infinity when neither is set). */
  private quotaLeft(provider: string, region: string): number {
    const { pc } = this.provider(provider);
    const rq = pc.regions[region]?.quotaGpus;
    const left = [pc.quotaGpus === undefined ? Infinity : pc.quotaGpus - this.gpusHeld(provider)];
    if (rq !== undefined) left.push(rq - this.gpusHeld(provider, region));
    return Math.max(0, Math.min(...left));
  }

  offerings(provider: string): Offering[] {
    const { pc, faults } = this.up(provider);
    const out: Offering[] = [];
    for (const [region, rc] of Object.entries(pc.regions)) {
      if (faults.regionsDown.has(region)) continue;
      const quota = this.quotaLeft(provider, region);
      for (const [type, tc] of Object.entries(rc.instanceTypes)) {
        const byQuota = Math.floor(quota / tc.gpusPerInstance);
        const free = (spot: boolean) =>
          Math.max(
            0,
            Math.min(byQuota, this.capacityOf(provider, region, type, spot) - this.inUse(provider, region, type, spot)),
          );
        out.push({
          provider,
          region,
          instanceType: type,
          gpu: tc.gpu,
          gpusPerInstance: tc.gpusPerInstance,
          available: free(false),
          spotAvailable: tc.spotPrice === undefined ? 0 : free(true),
          pricePerInstanceHourCents: toCents(tc.price),
          spotPricePerInstanceHourCents: tc.spotPrice === undefined ? null : toCents(tc.spotPrice),
        });
      }
    }
    return out;
  }

  // ---- launches ---------------------------------------------------------------------------------------------------

  /** Starts a launch, or answers the launch this token started before (`created` false). */
  launch(provider: string, req: LaunchRequest): { status: LaunchStatus; created: boolean } {
    const { pc, faults } = this.up(provider);
    const known = this.tokens.get(`${provider}/${req.clientToken}`);
    const existing = known === undefined ? undefined : this.launches.get(known);
    if (existing) return { status: this.status(existing), created: false };
    const where = { provider, region: req.region, instanceType: req.instanceType };
    const tc = pc.regions[req.region]?.instanceTypes[req.instanceType];
    if (!tc || (req.spot && tc.spotPrice === undefined))
      throw new SandboxError(
        'provider.no-such-offering',
        404,
        `${provider} offers no ${req.spot ? 'spot ' : ''}${req.instanceType} in ${req.region}`,
        false,
        { ...where, spot: req.spot },
      );
    if (faults.regionsDown.has(req.region))
      throw new SandboxError('provider.region-down', 503, `${provider} region ${req.region} is down`, true, where);
    const free =
      this.capacityOf(provider, req.region, req.instanceType, req.spot) -
      this.inUse(provider, req.region, req.instanceType, req.spot);
    if (req.instances > free)
      throw new SandboxError(
        'provider.capacity',
        409,
        `not enough ${req.spot ? 'spot ' : ''}capacity for ${req.instances} × ${req.instanceType} in ${provider} ${req.region} (${Math.max(0, free)} free)`,
        true,
        { ...where, requested: req.instances, free: Math.max(0, free) },
      );
    if (req.instances > this.config.maxNodesPerLaunch)
      throw new SandboxError(
        'provider.bad-request',
        400,
        `a launch may hold at most ${this.config.maxNodesPerLaunch} instances in the sandbox, not ${req.instances}`,
        false,
      );
    const gpus = req.instances * tc.gpusPerInstance;
    const quota = this.quotaLeft(provider, req.region);
    if (gpus > quota)
      throw new SandboxError(
        'provider.quota',
        409,
        `the GPU quota of ${provider} leaves ${quota} GPUs in ${req.region}; the launch needs ${gpus}`,
        true,
        { ...where, requested: gpus, left: quota },
      );
    const id = `${provider}-${this.bootId}-${++this.seq}`;
    const now = this.deps.now();
    const l: Launch = {
      id,
      req,
      provider,
      type: tc,
      pricing: req.spot ? 'spot' : 'on-demand',
      price: toCents(req.spot ? (tc.spotPrice ?? tc.price) : tc.price),
      createdAt: now,
      state: 'provisioning',
      exitCode: null,
      startedAt: null,
      endedAt: null,
      checkpoint: null,
      checkpointMtime: null,
      checkpointDir: null,
      timer: null,
      gang: null,
      log: new LogLines(this.config.logLines),
    };
    this.launches.set(id, l);
    this.live.add(l);
    this.tokens.set(`${provider}/${req.clientToken}`, id);
    l.log.push(`[sandbox] provisioning ${req.instances} × ${req.instanceType} in ${provider} ${req.region}`);
    const delayMs = (pc.provisioningSeconds * 1000) / this.config.timeScale;
    l.timer = setTimeout(() => this.start(l), delayMs);
    return { status: this.status(l), created: true };
  }

  private start(l: Launch): void {
    l.timer = null;
    if (l.state !== 'provisioning' || this.closed) return;
    const dir = join(this.deps.root, l.id);
    const checkpointDir = join(dir, 'checkpoint');
    try {
      mkdirSync(checkpointDir, { recursive: true });
      for (let r = 0; r < l.req.instances; r++) mkdirSync(join(dir, `node-${r}`), { recursive: true });
    } catch (e) {
      l.log.push(`[sandbox] cannot prepare the nodes: ${e instanceof Error ? e.message : String(e)}`);
      this.end(l, 'failed', 1);
      return;
    }
    const now = this.deps.now();
    l.checkpointDir = checkpointDir;
    const task = taskId(now, l.id);
    const nodes = Array.from({ length: l.req.instances }, (_, rank) => {
      const home = join(dir, `node-${rank}`);
      const env = nodeEnvs({
        rank,
        nodes: l.req.instances,
        gpusPerNode: l.type.gpusPerInstance,
        launchId: l.id,
        workloadId: l.req.workloadId,
        taskId: task,
        provider: l.provider,
        region: l.req.region,
        instanceType: l.req.instanceType,
        spot: l.req.spot,
        home,
        checkpointDir,
        resumeFrom: l.req.resumeFrom,
        timeScale: this.config.timeScale,
        envs: l.req.envs,
        secrets: l.req.secrets,
        path: this.deps.path,
      });
      return { rank, cwd: home, setupEnv: env.setup, runEnv: env.run };
    });
    l.state = 'running';
    l.startedAt = now;
    l.log.push(`[sandbox] running on ${l.req.instances} node(s)`);
    l.gang = new Gang({
      nodes,
      setup: l.req.setup,
      run: l.req.run,
      onLine: (line) => l.log.push(line),
      onExit: (code) => this.end(l, code === 0 ? 'succeeded' : 'failed', code),
    });
    l.gang.start();
  }

  /** Ends a launch: its processes are killed, its capacity freed, its usage closed. */
  private end(l: Launch, state: LaunchState, exitCode: number | null): void {
    if (!isActive(l)) return;
    this.live.delete(l);
    if (l.timer) clearTimeout(l.timer);
    l.timer = null;
    l.gang?.kill();
    l.gang = null;
    this.refreshCheckpoint(l);
    l.state = state;
    l.exitCode = exitCode;
    l.endedAt = this.deps.now();
    l.log.push(`[sandbox] ${state}${exitCode === null ? '' : ` (exit code ${exitCode})`}`);
  }

  private refreshCheckpoint(l: Launch): void {
    if (l.checkpointDir === null) return;
    const got = readCheckpoint(l.checkpointDir, l.checkpointMtime);
    if (got) {
      l.checkpoint = got.cp;
      l.checkpointMtime = got.mtime;
    }
  }

  private status(l: Launch): LaunchStatus {
    if (isActive(l)) this.refreshCheckpoint(l);
    return {
      launchId: l.id,
      clientToken: l.req.clientToken,
      workloadId: l.req.workloadId,
      state: l.state,
      checkpoint: l.checkpoint,
      exitCode: l.exitCode,
      startedAt: l.startedAt,
      endedAt: l.endedAt,
    };
  }

  private find(provider: string, id: string): Launch {
    const l = this.launches.get(id);
    if (!l || l.provider !== provider)
      throw new SandboxError('provider.launch-not-found', 404, `${provider} has no launch '${id}'`, false, {
        provider,
        launchId: id,
      });
    return l;
  }

  get(provider: string, id: string): LaunchStatus {
    this.up(provider);
    return this.status(this.find(provider, id));
  }

  list(provider: string): LaunchStatus[] {
    this.up(provider);
    return [...this.launches.values()].filter((l) => l.provider === provider).map((l) => this.status(l));
  }

  /** Terminates a launch (a launch already ended stays as it ended). */
  terminate(provider: string, id: string): LaunchStatus {
    this.up(provider);
    const l = this.find(provider, id);
    this.end(l, 'terminated', null);
    return this.status(l);
  }

  logs(provider: string, id: string, tail: number): string {
    this.up(provider);
    return this.find(provider, id).log.tail(tail);
  }

  /** Usage records of launches that reached running and were open at or after `since` (open ones always). */
  usage(provider: string, since: number): UsageRecord[] {
    this.up(provider);
    const out: UsageRecord[] = [];
    for (const l of this.launches.values()) {
      if (l.provider !== provider || l.startedAt === null) continue;
      if (l.endedAt !== null && l.endedAt < since) continue;
      out.push({
        id: l.id,
        workloadId: l.req.workloadId,
        team: l.req.team,
        provider,
        region: l.req.region,
        instanceType: l.req.instanceType,
        gpu: l.type.gpu,
        gpus: l.req.instances * l.type.gpusPerInstance,
        instances: l.req.instances,
        pricing: l.pricing,
        pricePerInstanceHourCents: l.price,
        start: l.startedAt,
        end: l.endedAt,
      });
    }
    return out;
  }

  // ---- faults -----------------------------------------------------------------------------------------------------

  faultsOf(provider: string): ProviderFaults {
    return this.provider(provider).faults;
  }

  private checkRegion(provider: string, region: string): void {
    if (!Object.hasOwn(this.provider(provider).pc.regions, region))
      throw new SandboxError('sandbox.fault-invalid', 404, `${provider} has no region '${region}'`, false, {
        provider,
        region,
      });
  }

  /** Takes a provider (or one of its regions) down: its active launches are lost. `down` false brings it back. */
  setDown(provider: string, region: string | undefined, down: boolean): void {
    const { faults } = this.provider(provider);
    if (region !== undefined) {
      this.checkRegion(provider, region);
      if (down) faults.regionsDown.add(region);
      else faults.regionsDown.delete(region);
    } else faults.down = down;
    if (!down) return;
    for (const l of this.active(provider))
      if (region === undefined || l.req.region === region) this.end(l, 'lost', null);
  }

  /** Preempts one launch now (any launch, spot or not: an on-demand one stands for a host taken back). */
  preempt(provider: string, id: string): LaunchStatus {
    const l = this.find(provider, id);
    if (!isActive(l))
      throw new SandboxError('sandbox.fault-invalid', 409, `launch '${id}' has ended (${l.state})`, false, {
        launchId: id,
      });
    this.end(l, 'preempted', null);
    return this.status(l);
  }

  /** Sets the capacity of one instance type in one region (`instances` undefined: back to the configuration). */
  setCapacity(provider: string, region: string, type: string, spot: boolean, instances: number | undefined): void {
    const { pc, faults } = this.provider(provider);
    this.checkRegion(provider, region);
    if (!pc.regions[region]?.instanceTypes[type])
      throw new SandboxError(
        'sandbox.fault-invalid',
        404,
        `${provider} ${region} has no instance type '${type}'`,
        false,
        {
          provider,
          region,
          instanceType: type,
        },
      );
    const key = `${region}/${type}/${spot ? 'spot' : 'od'}`;
    if (instances === undefined) faults.capacity.delete(key);
    else faults.capacity.set(key, Math.max(0, instances));
  }

  /** The configured capacity, or the fault's override, of one instance type in one region. */
  capacity(provider: string, region: string, type: string, spot: boolean): number {
    return this.capacityOf(provider, region, type, spot);
  }

  /** Clears every fault of a provider (down, regions, slow, drop, capacity). */
  restore(provider: string): void {
    const { faults } = this.provider(provider);
    faults.down = false;
    faults.regionsDown.clear();
    faults.slowMs = 0;
    faults.drop = null;
    faults.capacity.clear();
  }

  /** Spot preemption: each running spot launch is preempted with probability 1 − e^(−rate·Δt), Δt in sandbox hours. */
  tick(realMs: number): void {
    const hours = (realMs / 3_600_000) * this.config.timeScale;
    for (const l of [...this.live]) {
      if (l.state !== 'running' || !l.req.spot) continue;
      const rate = this.config.providers[l.provider]?.spotPreemptionsPerHour ?? 0;
      if (rate > 0 && this.deps.rng.bernoulli(1 - Math.exp(-rate * hours))) {
        l.log.push('[sandbox] spot instance preempted');
        this.end(l, 'preempted', null);
      }
    }
  }

  /** Every fault, as JSON for `GET /faults`. */
  faultState(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [p, f] of this.faults)
      out[p] = {
        down: f.down,
        regionsDown: [...f.regionsDown],
        slowMs: f.slowMs,
        drop: f.drop,
        capacity: Object.fromEntries(f.capacity),
      };
    return out;
  }

  /** Kills every process and timer; the launches are gone with the sandbox. Synchronous, idempotent. */
  shutdown(): void {
    this.closed = true;
    for (const l of this.launches.values()) {
      if (l.timer) clearTimeout(l.timer);
      l.timer = null;
      l.gang?.kill();
      l.gang = null;
    }
    try {
      rmSync(this.deps.root, { recursive: true, force: true });
    } catch {
      // best effort: the directory is under the system's temporary folder
    }
  }
}
