/**
 * The sandbox cloud's state, in memory: every provider of the configuration with its regions, capacity, quotas and
 * faults, and every launch (its gang of real processes, log, checkpoint and usage). The HTTP layer (http.ts) only
 * parses and answers; every rule lives here and in the files it uses:
 *   - launch: idempotent by clientToken; capacity (on-demand and spot pools per region and instance type) and quotas
 *     (GPUs per provider and per region) are checked for the whole gang at once, so it starts whole or not at all
 *     (capacity.ts);
 *   - provisioning takes the configured delay (divided by the time scale), then every node starts
 *     (launch-processes.ts);
 *   - a launch ends succeeded (every node exited 0), failed (a node exited non-zero: the others are killed),
 *     terminated, preempted (spot preemption or the fault API) or lost (its region or provider went down: faults.ts);
 *   - usage: one record per launch that reached running, from start to end, at the offering's price then (usage.ts).
 * Nothing is persisted: a restarted sandbox knows no launches (docs/sandbox.md).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchRequest, LaunchState, LaunchStatus, Offering } from '../control/ports.js';
import type { UsageRecord } from '../control/records.js';
import type { Rng } from '../core/rng.js';
import { capacityOf, offeringsOf, roomFor } from './capacity.js';
import type { ProviderConfig, SandboxConfig } from './config.js';
import { SandboxError } from './errors.js';
import {
  capacityKey,
  checkInstanceType,
  checkRegion,
  clearFaults,
  faultsJson,
  noFaults,
  type ProviderFaults,
} from './faults.js';
import { prepareNodeDirs, startGang, stopProcesses } from './launch-processes.js';
import { isActive, type Launch, launchStatus, newLaunch, refreshCheckpoint } from './launch-record.js';
import { usageSince } from './usage.js';

export interface CloudDeps {
  readonly now: () => number;
  readonly rng: Rng;
  /** A directory the sandbox owns: one folder per launch (node homes, checkpoint directory). */
  readonly root: string;
  /** PATH given to workloads. */
  readonly path: string;
}

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
    for (const p of Object.keys(config.providers)) this.faults.set(p, noFaults());
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

  /** The provider's launches provisioning or running. */
  private active(provider: string): Launch[] {
    return [...this.live].filter((l) => l.provider === provider);
  }

  offerings(provider: string): Offering[] {
    const { pc, faults } = this.up(provider);
    return offeringsOf(provider, pc, faults, this.active(provider));
  }

  // ---- launches ---------------------------------------------------------------------------------------------------

  /** Starts a launch, or answers the launch this token started before (`created` false). */
  launch(provider: string, req: LaunchRequest): { status: LaunchStatus; created: boolean } {
    const { pc, faults } = this.up(provider);
    const known = this.tokens.get(`${provider}/${req.clientToken}`);
    const existing = known === undefined ? undefined : this.launches.get(known);
    if (existing) return { status: launchStatus(existing), created: false };
    const tc = roomFor(provider, pc, faults, this.active(provider), req, this.config.maxNodesPerLaunch);
    const id = `${provider}-${this.bootId}-${++this.seq}`;
    const l = newLaunch(id, provider, req, tc, this.deps.now(), this.config.logLines);
    this.launches.set(id, l);
    this.live.add(l);
    this.tokens.set(`${provider}/${req.clientToken}`, id);
    l.log.push(`[sandbox] provisioning ${req.instances} × ${req.instanceType} in ${provider} ${req.region}`);
    const delayMs = (pc.provisioningSeconds * 1000) / this.config.timeScale;
    l.timer = setTimeout(() => this.start(l), delayMs);
    return { status: launchStatus(l), created: true };
  }

  private start(l: Launch): void {
    l.timer = null;
    if (l.state !== 'provisioning' || this.closed) return;
    const dir = join(this.deps.root, l.id);
    const checkpointDir = prepareNodeDirs(l, dir);
    if (checkpointDir === null) {
      this.end(l, 'failed', 1);
      return;
    }
    const now = this.deps.now();
    l.checkpointDir = checkpointDir;
    l.state = 'running';
    l.startedAt = now;
    l.log.push(`[sandbox] running on ${l.req.instances} node(s)`);
    startGang(l, {
      dir,
      checkpointDir,
      now,
      timeScale: this.config.timeScale,
      path: this.deps.path,
      onExit: (code) => this.end(l, code === 0 ? 'succeeded' : 'failed', code),
    });
  }

  /** Ends a launch: its processes are killed, its capacity freed, its usage closed. */
  private end(l: Launch, state: LaunchState, exitCode: number | null): void {
    if (!isActive(l)) return;
    this.live.delete(l);
    stopProcesses(l);
    refreshCheckpoint(l);
    l.state = state;
    l.exitCode = exitCode;
    l.endedAt = this.deps.now();
    l.log.push(`[sandbox] ${state}${exitCode === null ? '' : ` (exit code ${exitCode})`}`);
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
    return launchStatus(this.find(provider, id));
  }

  list(provider: string): LaunchStatus[] {
    this.up(provider);
    return [...this.launches.values()].filter((l) => l.provider === provider).map(launchStatus);
  }

  /** Terminates a launch (a launch already ended stays as it ended). */
  terminate(provider: string, id: string): LaunchStatus {
    this.up(provider);
    const l = this.find(provider, id);
    this.end(l, 'terminated', null);
    return launchStatus(l);
  }

  logs(provider: string, id: string, tail: number): string {
    this.up(provider);
    return this.find(provider, id).log.tail(tail);
  }

  /** Usage records of launches that reached running and were open at or after `since` (open ones always). */
  usage(provider: string, since: number): UsageRecord[] {
    this.up(provider);
    return usageSince(this.launches.values(), provider, since);
  }

  // ---- faults -----------------------------------------------------------------------------------------------------

  faultsOf(provider: string): ProviderFaults {
    return this.provider(provider).faults;
  }

  /** Takes a provider (or one of its regions) down: its active launches are lost. `down` false brings it back. */
  setDown(provider: string, region: string | undefined, down: boolean): void {
    const { pc, faults } = this.provider(provider);
    if (region !== undefined) {
      checkRegion(provider, pc, region);
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
    return launchStatus(l);
  }

  /** Sets the capacity of one instance type in one region (`instances` undefined: back to the configuration). */
  setCapacity(provider: string, region: string, type: string, spot: boolean, instances: number | undefined): void {
    const { pc, faults } = this.provider(provider);
    checkInstanceType(provider, pc, region, type);
    const key = capacityKey(region, type, spot);
    if (instances === undefined) faults.capacity.delete(key);
    else faults.capacity.set(key, Math.max(0, instances));
  }

  /** The configured capacity, or the fault's override, of one instance type in one region. */
  capacity(provider: string, region: string, type: string, spot: boolean): number {
    const { pc, faults } = this.provider(provider);
    return capacityOf(pc, faults, region, type, spot);
  }

  /** Clears every fault of a provider (down, regions, slow, drop, capacity). */
  restore(provider: string): void {
    clearFaults(this.provider(provider).faults);
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
    for (const [p, f] of this.faults) out[p] = faultsJson(f);
    return out;
  }

  /** Kills every process and timer; the launches are gone with the sandbox. Synchronous, idempotent. */
  shutdown(): void {
    this.closed = true;
    for (const l of this.launches.values()) stopProcesses(l);
    try {
      rmSync(this.deps.root, { recursive: true, force: true });
    } catch {
      // best effort: the directory is under the system's temporary folder
    }
  }
}
