/**
 * Re-optimising running jobs (policies with `migrate`: skyfleet). Placements are otherwise made once, greedily, when a
 * job arrives or is requeued: a job that started on a dear pool (the only room at the time) keeps paying for it while
 * a reserved block it could use sits idle, a commitment term forecast to fall short goes unburned, or a cheaper pool
 * frees. So every REOPTIMISE_EVERY_HOURS, at the hourly tick — after inference was matched to its demand and
 * re-packed (inference.ts, inference-repack.ts) and waiting jobs were offered the free room — the fleet's running jobs
 * are priced again over the rest of their runs, and moved where that pays:
 *
 * - Only checkpointed jobs on a pool that is not sunk are considered: nothing beats a reserved block (its marginal
 *   price is 0), and a job without checkpoints would throw all its progress away.
 * - Each is priced with the policy's own cost (the engine's one cost model, engine/effective-cost.ts) over a rolling
 *   horizon: each commitment term's remaining minimum forecast with every running job burning only until its work is
 *   done (the run's gap projects it to the period's end), reserved blocks sunk, prices of the current bucket; and as
 *   the fleet would be without the job: its own burn of its term given back (`burnOver`), so staying on a committed
 *   pool whose minimum would otherwise fall short is valued as free, and a pool burning the same term is not charged
 *   for its burn twice.
 * - Its destination is the cheapest free candidate for its remaining work (the candidate scan, as for a placement:
 *   candidates that pass the pipeline's online filters, whole instances of the gang's shape, right of first refusal
 *   tried first — and kept when the job already runs there), cheaper than staying, that leaves in each of its capacity
 *   groups the room the replicas held there would take at the demand cycle's peak (forecast demand: a job moved into
 *   room serving needs within hours would only push replicas onto dearer pools).
 * - It moves when `migrationSaving` > 0: its remaining work's cost where it runs, minus that on the new pool, minus
 *   `migrationCost` (the work since its last checkpoint, redone there, and MIGRATION_WARMUP_HOURS of warm-up, at the new
 *   pool's list price); and never when the move would end it past its deadline (the work lost, the warm-up and, on
 *   spot, the expected preemptions counted: `expectedRunHours`).
 * - Moves are made priority first (1 before 3), then largest saving first, each decided again just before it is made
 *   (an earlier move may have taken the room or changed a commitment's gap), at most MAX_MIGRATIONS_PER_STEP per step.
 *   A move never preempts anything: it only takes free room, and the room it frees goes to waiting jobs and services
 *   short of demand at once.
 *
 * A move is an interruption the policy chooses: the run stops (billed, the work since its last checkpoint lost and
 * counted in `lostGpuHours`, to be redone), and the whole gang starts on the new pool from its checkpoint, billed from
 * now and making progress after the warm-up. `jobs.migrations` counts the moves, the work they lost, the warm-up
 * GPU-hours and the saving each was expected to make.
 */
import {
  burnOver,
  burnPerHour,
  type CommitmentGap,
  expectedRunHours,
  JOB_RESTART_HOURS,
  lostHoursPerPreemption,
  MIGRATION_WARMUP_HOURS,
  migrationCost,
  migrationSaving,
  priceIn,
} from '../engine/effective-cost.js';
import { templateOf } from './inputs.js';
import { startRun, stopRun } from './job-lifecycle.js';
import type { Placement, PolicyView } from './policy.js';
import { lossIfStopped } from './preemption.js';
import type { RunState } from './run-state.js';
import { type Candidate, HOUR_MS, type World } from './world.js';

/** The cadence of the re-optimisation step, in hourly ticks (simulated hours). */
export const REOPTIMISE_EVERY_HOURS = 1;

/** Most jobs moved in one step (a bound on the work of a step, not a target). */
export const MAX_MIGRATIONS_PER_STEP = 64;

/** A move worth making: where to, and what it is expected to save (USD). */
interface Move {
  readonly to: Candidate;
  readonly saving: number;
}

/** The re-optimisation step for running jobs (module comment); returns how many moved. */
export function migrateJobs(r: RunState): number {
  const { pools, runs, jobs } = r;
  const view = new StepView(r);
  const proposals: { j: number; pri: number; saving: number }[] = [];
  for (let p = 0; p < pools.length; p++) {
    if (pools[p]?.tier === 'reserved') continue; // sunk: nothing is cheaper
    for (const j of runs.running[p] ?? []) {
      const m = bestMove(r, j, view);
      if (m) proposals.push({ j, pri: templateOf(jobs, j).priority, saving: m.saving });
    }
  }
  if (proposals.length === 0) return 0;
  proposals.sort((a, b) => a.pri - b.pri || b.saving - a.saving || a.j - b.j);
  let moved = 0;
  for (const { j } of proposals) {
    if (moved >= MAX_MIGRATIONS_PER_STEP) break;
    const m = bestMove(r, j, view); // decided again: the moves before it changed the room and the gaps
    if (!m) continue;
    move(r, j, m);
    view.moved();
    moved++;
  }
  return moved;
}

/** Where running job j would best move now, if a move pays (module comment); undefined otherwise. */
function bestMove(r: RunState, j: number, view: StepView): Move | undefined {
  const { runs, jobs, pools, clock } = r;
  const from = runs.pool[j] ?? -1;
  const fromPool = pools[from];
  if (!fromPool || fromPool.tier === 'reserved') return undefined;
  const cands = r.scan.candsOf(j);
  if (cands.length < 2 || (!r.exhaustive && r.capacity.room.knownFull(cands))) return undefined;
  const t = templateOf(jobs, j);
  const ck = t.checkpointEvery;
  if (!(ck > 0)) return undefined;
  const now = clock.now;
  const rate = runs.rate[j] ?? 0;
  const gang = jobs.gpus[j] ?? 1;
  const gpus = runs.gpus[j] ?? 0;
  const elapsedH = Math.max(0, now - (runs.runStart[j] ?? now)) / HOUR_MS;
  const remaining = (jobs.work[j] ?? 0) - (runs.done[j] ?? 0) - elapsedH * rate;
  if (!(remaining > 0) || !(rate > 0) || !(gpus > 0)) return undefined;
  const lostWork = (lossIfStopped(r, j) / gpus) * rate; // H100 GPU-hours since the last checkpoint
  const deadline = jobs.deadline[j] ?? Number.NaN;
  const place: Placement = { kind: 'job', checkpointH: ck, deadline };
  const warmH = Math.max(0, (runs.runStart[j] ?? now) - now) / HOUR_MS; // still warming up after a move
  view.pricing(from, gpus, warmH + remaining / rate);
  const stay = r.policy.cost(view, { pool: from, gpus, rel: rate / gang }, remaining / rate, place);
  // A move costs at least its lost work, at the fastest candidate's speed, and its warm-up on the candidate block of
  // least list price: only a destination costing less than `stay` minus that can pay (none, for a job on a committed
  // pool whose minimum it burns, say), so the scan looks for nothing dearer.
  const { minBlockList, maxRel } = blockBounds(r, cands);
  const below = stay - migrationCost(lostWork / (gang * maxRel), MIGRATION_WARMUP_HOURS, 1, minBlockList);
  if (!(below > 0) || stay === Infinity) return undefined;

  const scan = r.scan;
  scan.forJob(place, remaining, gang, view);
  const rofr = scan.rofrOf(t.class);
  let k = rofr ? scan.chooseForJob(cands, rofr, below) : -1;
  if (k < 0 && !rofr?.has(fromPool.provider)) k = scan.chooseForJob(cands, undefined, below);
  const to = cands[k];
  const toPool = to && pools[to.pool];
  if (!to || !toPool || to.pool === from || !view.leavesHeadroom(to)) return undefined;
  const speed = gang * to.rel;
  const moveCost = r.policy.cost(view, to, remaining / speed, place);
  const lostHoursThere = lostWork / speed;
  const saving = migrationSaving(
    stay,
    moveCost,
    migrationCost(lostHoursThere, MIGRATION_WARMUP_HOURS, to.gpus, toPool.listPricePerGpuHour),
  );
  if (!(saving > 0)) return undefined;
  if (!Number.isNaN(deadline)) {
    const lambda = toPool.tier === 'spot' ? (r.world.preemptionsPerHour[toPool.provider] ?? 0) : 0;
    const runH = (remaining + lostWork) / speed;
    const wallH =
      MIGRATION_WARMUP_HOURS +
      (lambda > 0 ? expectedRunHours(runH, lambda, lostHoursPerPreemption(true, ck), JOB_RESTART_HOURS) : runH);
    if (now + wallH * HOUR_MS > deadline) return undefined; // a move never makes a job late
  }
  return { to, saving };
}

/** Moves running job j (module comment): stops it, counts the move, and starts its gang on `m.to` from its checkpoint. */
function move(r: RunState, j: number, m: Move): void {
  const { runs, jobs } = r;
  const stats = runs.stats;
  stats.migrationLostGpuH += stopRun(r, j, true);
  stats.migrations++;
  stats.migrationWarmupGpuH += MIGRATION_WARMUP_HOURS * m.to.gpus;
  stats.migrationSavingUsd += m.saving;
  startRun(r, j, m.to, (jobs.work[j] ?? 0) - (runs.done[j] ?? 0), MIGRATION_WARMUP_HOURS);
}

/** Per candidate list: the least list price per hour of one of its blocks (GPUs × list price per GPU-hour) and the
 * largest throughput relative to H100. */
const bounds = new WeakMap<readonly Candidate[], { minBlockList: number; maxRel: number }>();
function blockBounds(r: RunState, cands: readonly Candidate[]): { minBlockList: number; maxRel: number } {
  let b = bounds.get(cands);
  if (!b) {
    let minBlockList = Infinity,
      maxRel = 0;
    for (const c of cands) {
      minBlockList = Math.min(minBlockList, c.gpus * (r.pools[c.pool]?.listPricePerGpuHour ?? 0));
      maxRel = Math.max(maxRel, c.rel);
    }
    b = { minBlockList, maxRel };
    bounds.set(cands, b);
  }
  return b;
}

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
class StepView implements PolicyView {
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
