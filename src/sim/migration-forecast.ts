/**
 * What the re-optimisation step (job-migration.ts) shows the policy: the run over a rolling horizon. Commitment gaps
 * are forecast — running jobs burn only until their work is done, inference replicas at the demand cycle's mean — and,
 * while one job is priced, as the fleet would be without it; and the room serving will want back as demand rises to
 * the cycle's peak is kept free on a move's destination. The arithmetic of burns is the cost model's
 * (engine/effective-cost.ts burnPerHour, burnOver).
 */
import { burnOver, burnPerHour, type CommitmentGap, priceIn } from '../engine/effective-cost.js';
import type { PolicyView } from './policy.js';
import type { RunState } from './run-state.js';
import { type Candidate, HOUR_MS, type World } from './world.js';

/** Per world, per bucket × term: the pools burning that term in that bucket. */
const burningPools = new WeakMap<World, Map<number, Int32Array>>();
function poolsBurning(r: RunState, term: number): Int32Array {
  let byKey = burningPools.get(r.world);
  if (!byKey) {
    byKey = new Map();
    burningPools.set(r.world, byKey);
  }
  const bucket = r.clock.bucket;
  const key = bucket * r.terms.length + term;
  let out = byKey.get(key);
  if (!out) {
    out = Int32Array.from(r.pools.flatMap((p, i) => ((p.burns[bucket] ?? -1) === term ? [i] : [])));
    byKey.set(key, out);
  }
  return out;
}

/**
 * The run as the step shows it to the policy. Commitment gaps are forecast: the run's gap projects every running
 * allocation to the end of the period, but a running job burns only until its work is done, so the burn projected
 * beyond each job's run is given back (engine/effective-cost.ts burnOver). While one job is priced (`pricing`), pools
 * burning the same term as its own pool also get back its own burn over its run: the fleet as it would be without it.
 * Gaps are computed once per term and kept until a move changes them (`moved`).
 */
export class StepView implements PolicyView {
  readonly world: World;
  readonly now: number;
  readonly bucket: number;
  private readonly gaps = new Map<number, CommitmentGap | undefined>();
  private fromTerm = -1;
  private ownGap: CommitmentGap | undefined;
  /** Mean inference demand over the demand cycle ÷ the demand now (1 with flat demand), and its peak ÷ now. */
  private readonly demandRatio: number;
  private readonly peakRatio: number;
  /** Per capacity group: the GPUs the replicas held there now would add at the cycle's peak demand. */
  private headroom: Float64Array | undefined;
  /** Per term: the burn per hour of the inference replicas on its pools now (computed when first needed). */
  private replicaBurn: Float64Array | undefined;

  constructor(private readonly r: RunState) {
    this.world = r.world;
    this.now = r.clock.now;
    this.bucket = r.clock.bucket;
    const shape = r.input.demandShape;
    const nowShape = shape?.length ? shape[Math.floor((this.now - r.start) / HOUR_MS) % shape.length] : undefined;
    const cycle = shape && nowShape !== undefined && nowShape > 0 ? cycleOf(shape) : undefined;
    this.demandRatio = cycle && nowShape ? cycle.mean / nowShape : 1;
    this.peakRatio = cycle && nowShape ? cycle.peak / nowShape : 1;
  }

  /**
   * Whether moving a gang onto candidate `c` leaves, in every capacity group of its pool, the room the inference
   * replicas held there now would take as demand rises to the cycle's peak (forecast demand): a job moved into room
   * that serving needs again within hours would only push replicas onto dearer pools.
   */
  leavesHeadroom(c: Candidate): boolean {
    const r = this.r;
    if (this.peakRatio <= 1) return true;
    if (!this.headroom) {
      const h = new Float64Array(r.groups.length);
      for (const sv of r.services)
        for (const slot of sv.slots) {
          if (slot.n <= 0) continue;
          const grow = slot.n * slot.cand.gpus * (this.peakRatio - 1);
          for (const g of r.pools[slot.cand.pool]?.groups ?? []) h[g] = (h[g] ?? 0) + grow;
        }
      this.headroom = h;
    }
    const { capNow, used } = r.capacity;
    for (const g of r.pools[c.pool]?.groups ?? [])
      if ((capNow[g] ?? 0) - (used[g] ?? 0) - (this.headroom[g] ?? 0) < c.gpus) return false;
    return true;
  }

  /** Job prices follow for a job of `gpus` GPUs running on pool `from` with `runHours` of its run left. */
  pricing(from: number, gpus: number, runHours: number): void {
    const pool = this.r.pools[from];
    const term = pool?.burns[this.bucket] ?? -1;
    const gap = pool && term >= 0 ? this.termGap(term, from) : undefined;
    this.fromTerm = gap ? term : -1;
    this.ownGap =
      pool && gap
        ? {
            ...gap,
            gap: gap.gap + burnOver(burnPerHour(gap.unit, gpus, priceIn(pool, this.bucket)), runHours, gap.hoursLeft),
          }
        : undefined;
  }

  /** A job moved: every gap is computed again when next asked. */
  moved(): void {
    this.gaps.clear();
  }

  commitmentGap(pool: number): CommitmentGap | undefined {
    const term = this.r.pools[pool]?.burns[this.bucket] ?? -1;
    if (term < 0) return undefined;
    return term === this.fromTerm ? this.ownGap : this.termGap(term, pool);
  }

  /** The forecast gap of term `term`, which pool `pool` burns now. */
  private termGap(term: number, pool: number): CommitmentGap | undefined {
    if (this.gaps.has(term)) return this.gaps.get(term);
    const r = this.r;
    const base = r.view.commitmentGap(pool);
    let gap = base;
    if (base) {
      const { runs, jobs } = r;
      let back = 0;
      for (const p of poolsBurning(r, term)) {
        const running = runs.running[p];
        const q = r.pools[p];
        if (!running || !q || running.size === 0) continue;
        const price = priceIn(q, this.bucket);
        for (const j of running) {
          const rate = runs.rate[j] ?? 0;
          if (!(rate > 0)) continue;
          const elapsedH = Math.max(0, this.now - (runs.runStart[j] ?? this.now)) / HOUR_MS;
          const warmH = Math.max(0, (runs.runStart[j] ?? this.now) - this.now) / HOUR_MS;
          const runH = warmH + Math.max(0, (jobs.work[j] ?? 0) - (runs.done[j] ?? 0) - elapsedH * rate) / rate;
          back += burnOver(burnPerHour(base.unit, runs.gpus[j] ?? 0, price), base.hoursLeft - runH, base.hoursLeft);
        }
      }
      // Replicas follow the demand cycle: the gap projects the replicas held now; forecast them at mean demand.
      const replicas = this.replicaBurnOf(term);
      if (replicas > 0 && this.demandRatio !== 1)
        back += burnOver(replicas, base.hoursLeft, base.hoursLeft) * (1 - this.demandRatio);
      gap = back !== 0 ? { ...base, gap: base.gap + back } : base;
    }
    this.gaps.set(term, gap);
    return gap;
  }

  /** The burn per hour, in term `term`'s unit, of the inference replicas held now on pools burning it. */
  private replicaBurnOf(term: number): number {
    const r = this.r;
    if (!this.replicaBurn) {
      const burn = new Float64Array(r.terms.length);
      for (const sv of r.services)
        for (const slot of sv.slots) {
          const pool = r.pools[slot.cand.pool];
          const t = pool?.burns[this.bucket] ?? -1;
          if (slot.n <= 0 || !pool || t < 0) continue;
          const unit = r.terms[t]?.unit ?? 'usd';
          burn[t] = (burn[t] ?? 0) + burnPerHour(unit, slot.n * slot.cand.gpus, priceIn(pool, this.bucket));
        }
      this.replicaBurn = burn;
    }
    return this.replicaBurn[term] ?? 0;
  }
}

/** Mean and peak of a demand cycle (computed once per cycle). */
const cycles = new WeakMap<Float64Array, { mean: number; peak: number }>();
function cycleOf(shape: Float64Array): { mean: number; peak: number } {
  let c = cycles.get(shape);
  if (!c) {
    let sum = 0,
      peak = 0;
    for (const x of shape) {
      sum += x;
      peak = Math.max(peak, x);
    }
    c = { mean: shape.length ? sum / shape.length : 1, peak };
    cycles.set(shape, c);
  }
  return c;
}
