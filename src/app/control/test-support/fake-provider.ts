/**
 * An in-process Provider the control plane's tests script: offerings with capacity, launches that provision for
 * `provisionMs`, run for the workload's duration (default `runMs`) while reporting a checkpoint every
 * `checkpointEveryMs`, then succeed; and faults — the provider stops answering (`unreachable`), a region goes down
 * (its launches lost, its capacity gone), a launch is preempted, capacity is removed. It keeps the facts the tests
 * check: every launch it created (one per client token, ever) and whether any offering was ever over capacity.
 */
import type { Clock, LaunchRequest, LaunchState, LaunchStatus, Offering, Provider } from '../../../control/ports.js';
import { ProviderError } from '../../../control/ports.js';
import type { UsageRecord } from '../../../control/records.js';
import { cents } from '../../../core/money.js';

export interface FakeOffering {
  readonly region: string;
  readonly instanceType: string;
  readonly gpu: string;
  readonly gpusPerInstance: number;
  capacity: number;
  spotCapacity: number;
  readonly priceCents: number;
  readonly spotPriceCents: number | null;
}

interface Launch {
  readonly id: string;
  readonly req: LaunchRequest;
  readonly offering: FakeOffering;
  readonly createdAt: number;
  readonly runMs: number;
  ended: { state: LaunchState; at: number } | null;
  workDoneAtStart: number;
}

export class FakeProvider implements Provider {
  readonly offeringsList: FakeOffering[];
  private readonly launches = new Map<string, Launch>();
  private readonly byToken = new Map<string, Launch>();
  /** Every client token this provider ever created a launch for, in order. */
  readonly created: string[] = [];
  unreachable = false;
  readonly downRegions = new Set<string>();
  /** When each region went down (`regionDown`): its launches end then, as a provider reports it. */
  private readonly downSince = new Map<string, number>();
  /** Times a launch was refused for want of capacity. */
  capacityRefusals = 0;
  provisionMs = 60_000;
  runMs = 3_600_000;
  checkpointEveryMs = 600_000;
  /** Per workload id: how long its run lasts. */
  readonly runFor = new Map<string, number>();
  private seq = 0;

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    offerings: FakeOffering[],
  ) {
    this.offeringsList = offerings;
  }

  private check(): void {
    if (this.unreachable) throw new ProviderError('provider.unreachable', `${this.name} does not answer`, true);
  }

  /** Live instances (not ended) of an offering, spot or not. */
  inUse(o: FakeOffering, spot: boolean): number {
    let n = 0;
    for (const l of this.launches.values()) {
      this.settle(l);
      if (!l.ended && l.offering === o && l.req.spot === spot) n += l.req.instances;
    }
    return n;
  }

  async offerings(): Promise<Offering[]> {
    this.check();
    return this.offeringsList
      .filter((o) => !this.downRegions.has(o.region))
      .map((o) => ({
        provider: this.name,
        region: o.region,
        instanceType: o.instanceType,
        gpu: o.gpu,
        gpusPerInstance: o.gpusPerInstance,
        available: Math.max(0, o.capacity - this.inUse(o, false)),
        spotAvailable: Math.max(0, o.spotCapacity - this.inUse(o, true)),
        pricePerInstanceHourCents: o.priceCents,
        spotPricePerInstanceHourCents: o.spotPriceCents,
      }));
  }

  async launch(req: LaunchRequest): Promise<LaunchStatus> {
    this.check();
    const old = this.byToken.get(req.clientToken);
    if (old) return this.status(old);
    const o = this.offeringsList.find((x) => x.region === req.region && x.instanceType === req.instanceType);
    if (!o || this.downRegions.has(req.region)) throw new ProviderError('provider.rejected', 'no such offering', false);
    const cap = req.spot ? o.spotCapacity : o.capacity;
    if (this.inUse(o, req.spot) + req.instances > cap) {
      this.capacityRefusals++;
      // Retryable, as the sandbox cloud answers it (docs/sandbox.md): a refusal all the same.
      throw new ProviderError('provider.capacity', 'no capacity', true);
    }
    const l: Launch = {
      id: `${this.name}-l${++this.seq}`,
      req,
      offering: o,
      createdAt: this.clock.now(),
      runMs: this.runFor.get(req.workloadId) ?? this.runMs,
      ended: null,
      workDoneAtStart: req.resumeFrom,
    };
    this.launches.set(l.id, l);
    this.byToken.set(req.clientToken, l);
    this.created.push(req.clientToken);
    return this.status(l);
  }

  private settle(l: Launch): void {
    if (l.ended) return;
    if (this.downRegions.has(l.req.region))
      l.ended = { state: 'lost', at: this.downSince.get(l.req.region) ?? this.clock.now() };
    else if (this.clock.now() >= l.createdAt + this.provisionMs + l.runMs)
      l.ended = { state: 'succeeded', at: l.createdAt + this.provisionMs + l.runMs };
  }

  private status(l: Launch): LaunchStatus {
    this.settle(l);
    const started = l.createdAt + this.provisionMs;
    const until = l.ended?.at ?? this.clock.now();
    const ranMs = Math.max(0, until - started);
    const checkpoints = Math.floor(ranMs / this.checkpointEveryMs);
    const state: LaunchState = l.ended ? l.ended.state : this.clock.now() >= started ? 'running' : 'provisioning';
    return {
      launchId: l.id,
      clientToken: l.req.clientToken,
      workloadId: l.req.workloadId,
      state,
      checkpoint:
        checkpoints > 0
          ? { at: started + checkpoints * this.checkpointEveryMs, workDone: l.workDoneAtStart + checkpoints }
          : null,
      exitCode: state === 'succeeded' ? 0 : null,
      startedAt: until >= started ? started : null,
      endedAt: l.ended?.at ?? null,
    };
  }

  async listLaunches(): Promise<LaunchStatus[]> {
    this.check();
    return [...this.launches.values()].map((l) => this.status(l));
  }

  async terminate(launchId: string): Promise<void> {
    this.check();
    const l = this.launches.get(launchId);
    if (!l) throw new ProviderError('provider.not-found', 'no such launch', false);
    this.settle(l);
    if (!l.ended) l.ended = { state: 'terminated', at: this.clock.now() };
  }

  async logs(launchId: string, _tail: number): Promise<string> {
    this.check();
    if (!this.launches.has(launchId)) throw new ProviderError('provider.not-found', 'no such launch', false);
    return `log of ${launchId}\n`;
  }

  async usage(_since: number): Promise<UsageRecord[]> {
    this.check();
    return [...this.launches.values()].map((l) => {
      this.settle(l);
      const p = l.req.spot ? (l.offering.spotPriceCents ?? l.offering.priceCents) : l.offering.priceCents;
      return {
        id: `${this.name}/${l.id}`,
        workloadId: l.req.workloadId,
        team: l.req.team,
        provider: this.name,
        region: l.req.region,
        instanceType: l.req.instanceType,
        gpu: l.offering.gpu,
        gpus: l.req.instances * l.offering.gpusPerInstance,
        instances: l.req.instances,
        pricing: l.req.spot ? 'spot' : 'on-demand',
        pricePerInstanceHourCents: cents(p),
        start: l.createdAt,
        end: l.ended?.at ?? null,
      };
    });
  }

  /** Fault: a region goes down now (its launches are lost at this time, however late they are reported). */
  regionDown(region: string): void {
    for (const l of this.launches.values()) this.settle(l);
    this.downRegions.add(region);
    this.downSince.set(region, this.clock.now());
  }

  /** Fault: the provider forgets a workload's launches (they are no longer listed). */
  forget(workloadId: string): void {
    for (const [id, l] of this.launches) if (l.req.workloadId === workloadId) this.launches.delete(id);
  }

  /** Fault: preempt a running launch (by workload id). */
  preempt(workloadId: string): boolean {
    for (const l of this.launches.values()) {
      this.settle(l);
      if (!l.ended && l.req.workloadId === workloadId) {
        l.ended = { state: 'preempted', at: this.clock.now() };
        return true;
      }
    }
    return false;
  }

  /** Launches not ended, per workload id (what really runs here). */
  liveByWorkload(): Map<string, number> {
    const m = new Map<string, number>();
    for (const l of this.launches.values()) {
      this.settle(l);
      if (!l.ended) m.set(l.req.workloadId, (m.get(l.req.workloadId) ?? 0) + 1);
    }
    return m;
  }

  /** Whether any offering holds more live instances than its capacity. */
  overCapacity(): boolean {
    return this.offeringsList.some((o) => this.inUse(o, false) > o.capacity || this.inUse(o, true) > o.spotCapacity);
  }
}
