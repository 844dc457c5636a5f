/**
 * The capacity bookkeeping of one run: GPUs in use per capacity group now, never above the group's size in the
 * current bucket; a pool whose location is down takes nothing. Also the GPU-hours each group was used and idle, and
 * the memo of candidate lists known to have no room (room.ts), told whenever capacity may grow.
 */
import type { CapacityGroup, Pool } from '../../engine/problem.js';
import { RoomMemo } from '../room.js';
import { HOUR_MS, type World } from '../world.js';

export class Capacity {
  /** GPUs in use per group now. */
  readonly used: Float64Array;
  readonly usedGpuH: Float64Array;
  readonly idleGpuH: Float64Array;
  /** Instant up to which each group's idle GPU-hours are accrued. */
  readonly groupT: Float64Array;
  /** Group sizes in the current bucket (refresh() when the bucket changes). */
  readonly capNow: Float64Array;
  /** Outages holding each location down now (overlapping ones counted). */
  readonly locDown: Int32Array;
  /** Candidate lists known to have no room: told whenever capacity may grow. */
  readonly room: RoomMemo;
  /** Times a take() went above a group's size (an invariant: stays 0). */
  overCapacity = 0;
  private readonly poolGroups: Int32Array[];
  private readonly poolLoc: Int32Array;
  private readonly groups: readonly CapacityGroup[];
  private readonly pools: readonly Pool[];

  constructor(world: World, start: number) {
    const ng = world.groups.length;
    this.groups = world.groups;
    this.pools = world.pools;
    this.poolLoc = world.poolLoc;
    this.used = new Float64Array(ng);
    this.usedGpuH = new Float64Array(ng);
    this.idleGpuH = new Float64Array(ng);
    this.groupT = new Float64Array(ng).fill(start);
    this.locDown = new Int32Array(world.locations.length);
    this.capNow = new Float64Array(ng);
    this.poolGroups = world.pools.map((p) => Int32Array.from(p.groups));
    this.room = new RoomMemo(world.pools, ng);
  }

  /** Takes every group's size in bucket `bucket`. */
  refresh(bucket: number): void {
    this.groups.forEach((g, i) => {
      this.capNow[i] = g.capacity[bucket] ?? 0;
    });
  }

  /** Accrues group g's idle GPU-hours up to `now`. */
  touchGroup(g: number, now: number): void {
    const dt = (now - this.groupT[g]!) / HOUR_MS;
    if (dt > 0) this.idleGpuH[g]! += Math.max(0, this.capNow[g]! - this.used[g]!) * dt;
    this.groupT[g] = now;
  }

  /** GPUs pool `pool` can take now: the least room among its groups, 0 when its location is down. */
  free(pool: number): number {
    if (this.locDown[this.poolLoc[pool]!]! > 0) return 0;
    let f = Infinity;
    const gs = this.poolGroups[pool]!;
    const capNow = this.capNow,
      used = this.used;
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!;
      f = Math.min(f, capNow[g]! - used[g]!);
    }
    return f;
  }

  /** `gpus` GPUs of pool `pool` are taken at `now`. */
  take(pool: number, gpus: number, now: number): void {
    for (const g of this.pools[pool]!.groups) {
      this.touchGroup(g, now);
      this.used[g]! += gpus;
      if (this.used[g]! > this.capNow[g]! + 1e-9) this.overCapacity++;
    }
  }

  /** `gpus` GPUs of pool `pool` are given back at `now`. */
  give(pool: number, gpus: number, now: number): void {
    for (const g of this.pools[pool]!.groups) {
      this.touchGroup(g, now);
      this.used[g]! -= gpus;
      this.room.groupFreed(g);
    }
  }
}
