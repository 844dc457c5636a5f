/**
 * "Nothing in this candidate list has room", remembered until it may have changed. Free capacity only grows when a
 * capacity group's use goes down (a run or replica ends), when the bucket changes (group sizes) or when an outage ends;
 * otherwise it only shrinks. So a candidate list none of whose pools had room stays without room until one of its
 * groups is freed or one of those global changes happens, and placing on it again can be answered "no" without
 * looking at every pool. Pure; one per simulation run.
 */
import type { Pool } from '../engine/problem.js';
import type { Candidate } from './world.js';

export class RoomMemo {
  private epoch = 0;
  private readonly freed: Float64Array;
  private readonly full = new Map<readonly Candidate[], { groups: Int32Array; epoch: number; freed: number }>();

  constructor(
    private readonly pools: readonly Pool[],
    groups: number,
  ) {
    this.freed = new Float64Array(groups);
  }

  /** Group g's use went down. */
  groupFreed(g: number): void {
    this.freed[g]!++;
  }

  /** Capacity may have grown anywhere (bucket boundary, outage end). */
  anyFreed(): void {
    this.epoch++;
  }

  /** True when `cands` was marked full and none of its groups has been freed since (nor anything globally). */
  knownFull(cands: readonly Candidate[]): boolean {
    const m = this.full.get(cands);
    return m !== undefined && m.epoch === this.epoch && m.freed === this.sum(m.groups);
  }

  /** No pool of `cands` has room now. */
  markFull(cands: readonly Candidate[]): void {
    let m = this.full.get(cands);
    if (!m) {
      const gs = new Set<number>();
      for (const c of cands) for (const g of this.pools[c.pool]!.groups) gs.add(g);
      m = { groups: Int32Array.from(gs), epoch: 0, freed: 0 };
      this.full.set(cands, m);
    }
    m.epoch = this.epoch;
    m.freed = this.sum(m.groups);
  }

  // Counters only grow, so the sum over a list's groups changes exactly when one of them was freed.
  private sum(gs: Int32Array): number {
    let s = 0;
    for (let i = 0; i < gs.length; i++) s += this.freed[gs[i]!]!;
    return s;
  }
}
