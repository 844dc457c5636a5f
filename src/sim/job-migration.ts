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
  expectedRunHours,
  JOB_RESTART_HOURS,
  lostHoursPerPreemption,
  MIGRATION_WARMUP_HOURS,
  migrationCost,
  migrationSaving,
} from '../engine/effective-cost.js';
import { templateOf } from './inputs.js';
import { startRun, stopRun } from './job-lifecycle.js';
import { StepView } from './migration-forecast.js';
import type { Placement } from './policy.js';
import { lossIfStopped } from './preemption.js';
import type { RunState } from './run-state.js';
import { type Candidate, HOUR_MS } from './world.js';

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
