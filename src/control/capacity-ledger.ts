/**
 * What the control plane has promised and what the live offerings do not show yet. Rebuilt from the store at every
 * tick (after the providers were polled), then kept up to date by each evaluation's reservations:
 *   - per offering (`provider/region/instanceType`, spot or not): instances placed but not yet launched — a live
 *     offering's `available` already counts what runs, not what is about to;
 *   - per capacity group of the fleet (engine/problem.ts: provider and region quotas, spot share, reserved blocks):
 *     GPUs held by every placed, provisioning or running workload;
 *   - per team and GPU model: GPUs held (team quotas).
 * Pure: plain maps, no clock.
 */
import type { Placement, WorkloadRecord } from './records.js';
import { HOLDING_STATES } from './state-machine.js';

export interface Hold {
  readonly team: string;
  /** Offering key with the tier: `provider/region/instanceType|spot` or `…|od`. */
  readonly offering: string;
  readonly instances: number;
  readonly gpu: string;
  readonly gpus: number;
  /** Capacity groups (indexes) the GPUs count against. */
  readonly groups: readonly number[];
  /** Whether the live offering already counts it (launched). */
  readonly launched: boolean;
}

export const liveKey = (provider: string, region: string, instanceType: string, spot: boolean): string =>
  `${provider}/${region}/${instanceType}|${spot ? 'spot' : 'od'}`;

/** The provider of a live key (`provider/region/instanceType|tier`). */
export const providerOfLiveKey = (key: string): string => key.slice(0, key.indexOf('/'));

export function holdOf(w: WorkloadRecord, groupsOfPool: (pool: string) => readonly number[]): Hold | undefined {
  const p: Placement | null = w.placement;
  if (!p || !HOLDING_STATES.includes(w.state)) return undefined;
  return {
    team: w.team,
    offering: liveKey(p.provider, p.region, p.instanceType, p.spot),
    instances: p.instances,
    gpu: p.gpu,
    gpus: p.instances * p.gpusPerInstance,
    groups: p.pool === undefined ? [] : groupsOfPool(p.pool),
    launched: w.state !== 'placed',
  };
}

export class CapacityLedger {
  private readonly pending = new Map<string, number>();
  private readonly groupUsed = new Map<number, number>();
  private readonly teamHeld = new Map<string, Map<string, number>>();
  private readonly holds = new Map<string, Hold>();

  /** Instances of the offering placed and not yet launched. */
  pendingOn(offering: string): number {
    return this.pending.get(offering) ?? 0;
  }
  groupUse(group: number): number {
    return this.groupUsed.get(group) ?? 0;
  }
  heldBy(team: string): ReadonlyMap<string, number> {
    return this.teamHeld.get(team) ?? new Map();
  }
  holdOf(id: string): Hold | undefined {
    return this.holds.get(id);
  }
  get size(): number {
    return this.holds.size;
  }

  clear(): void {
    this.pending.clear();
    this.groupUsed.clear();
    this.teamHeld.clear();
    this.holds.clear();
  }

  add(id: string, h: Hold): void {
    this.remove(id);
    this.holds.set(id, h);
    this.bump(h, 1);
  }

  remove(id: string): void {
    const h = this.holds.get(id);
    if (!h) return;
    this.holds.delete(id);
    this.bump(h, -1);
  }

  /** The hold of `id` now counted by the live offering (launched): it leaves the pending count. */
  launched(id: string): void {
    const h = this.holds.get(id);
    if (!h || h.launched) return;
    this.pending.set(h.offering, (this.pending.get(h.offering) ?? 0) - h.instances);
    this.holds.set(id, { ...h, launched: true });
  }

  private bump(h: Hold, sign: 1 | -1): void {
    if (!h.launched) this.pending.set(h.offering, (this.pending.get(h.offering) ?? 0) + sign * h.instances);
    for (const g of h.groups) this.groupUsed.set(g, (this.groupUsed.get(g) ?? 0) + sign * h.gpus);
    let t = this.teamHeld.get(h.team);
    if (!t) {
      t = new Map();
      this.teamHeld.set(h.team, t);
    }
    t.set(h.gpu, (t.get(h.gpu) ?? 0) + sign * h.gpus);
  }
}
