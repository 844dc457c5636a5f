/**
 * A job's life in the simulator: placed on the cheapest free candidate when it arrives (or queued, priority first
 * then arrival), run until it completes or is interrupted (outage, spot preemption, capacity that shrank), and
 * re-placed or re-queued after an interruption. Checkpoints are not queued: a run checkpoints every
 * `checkpointEvery` hours from its (re)start, so the last checkpoint before an interruption is computed exactly when
 * the interruption happens (and counted). The queue is retried when capacity frees up, scanning until RETRY_MISSES
 * consecutive jobs do not fit (bounded backfill).
 */
import { servedBefore, type TeamStanding } from '../core/fair-share.js';
import { bill, openSeg } from './billing.js';
import { JOB_BITS, R_COMPLETE, R_PREEMPT } from './event-kinds.js';
import { templateOf } from './inputs.js';
import { DONE, PENDING, RUNNING, type RunState } from './run-state.js';
import { HOUR_MS, type Candidate } from './world.js';

export const RETRY_MISSES = 32;

export type Interruption = 'outage' | 'preemption' | 'capacity';

/** Places job j on the cheapest free candidate now and starts it; false if nothing fits. */
export function tryPlace(r: RunState, j: number): boolean {
  const scan = r.scan;
  const cands = scan.candsOf(j);
  if (cands.length === 0) return false;
  const { jobs, runs } = r;
  const room = r.capacity.room;
  const remaining = jobs.work[j]! - runs.done[j]!;
  const t = templateOf(jobs, j);
  let bl = r.policy.blocklist ? runs.blocked.get(j) : undefined;
  if (bl && cands.every((c) => bl!.has(r.world.poolLoc[c.pool]!))) {
    runs.blocked.delete(j);
    bl = undefined;
  }
  if (!r.exhaustive && room.knownFull(cands)) return false;
  scan.forJob(
    {
      kind: 'job',
      checkpointH: t.checkpointEvery,
      blocked: bl,
      deadline: jobs.deadline[j],
      template: jobs.template[j],
    },
    remaining,
    jobs.gpus[j]!,
  );
  const rofr = scan.rofrOf(t.class);
  let k = rofr ? scan.chooseForJob(cands, rofr) : -1;
  if (k < 0) {
    scan.sawRoom = false;
    k = scan.chooseForJob(cands);
    if (k < 0 && !scan.sawRoom) room.markFull(cands); // the full scan found no pool with room
  }
  if (k < 0) return false;
  startRun(r, j, cands[k]!, remaining);
  return true;
}

/**
 * Starts a run of job j on candidate c now, and queues its completion or spot preemption, whichever comes first.
 * `warmupH`: hours the run holds (and is billed for) its GPUs before it makes progress (a migration's warm-up,
 * job-migration.ts); its progress, checkpoints and team share count from the end of the warm-up.
 */
export function startRun(r: RunState, j: number, c: Candidate, remaining: number, warmupH = 0): void {
  const pool = r.pools[c.pool]!;
  const now = r.clock.now;
  const runs = r.runs;
  const rate = r.jobs.gpus[j]! * c.rel;
  const gen = (runs.gen[j]! + 1) % 2 ** 29;
  const from = now + warmupH * HOUR_MS;
  runs.pool[j] = c.pool;
  runs.gpus[j] = c.gpus;
  runs.rate[j] = rate;
  runs.runStart[j] = from;
  runs.segStart[j] = now;
  runs.state[j] = RUNNING;
  runs.gen[j] = gen;
  r.capacity.take(c.pool, c.gpus, now);
  openSeg(r, c.pool, c.gpus, now);
  runs.running[c.pool]!.add(j);
  r.teams.started(r.teams.of(r.jobs.template[j]), c.gpus, from);
  const hours = remaining / rate;
  const finish = from + hours * HOUR_MS;
  const lambda = pool.tier === 'spot' ? (r.world.preemptionsPerHour[pool.provider] ?? 0) : 0;
  const pre = lambda > 0 ? now + r.spotRng.get(pool.provider)!.exponential(lambda) * HOUR_MS : Infinity;
  const payload = gen * JOB_BITS + j;
  if (pre < finish && pre < r.end) r.heap.push(pre, R_PREEMPT, payload);
  else if (finish < r.end) r.heap.push(finish, R_COMPLETE, payload);
}

/** Ends the current run of j at `now`: bills, frees, and books progress (`interrupted`: since the last checkpoint lost).
 * Returns the GPU-hours lost (0 when not interrupted). */
export function stopRun(r: RunState, j: number, interrupted: boolean): number {
  const { runs, jobs } = r;
  const now = r.clock.now;
  const pool = runs.pool[j]!;
  const gpus = runs.gpus[j]!;
  const stats = runs.stats;
  bill(r, pool, gpus, runs.segStart[j]!, now, templateOf(jobs, j));
  r.capacity.give(pool, gpus, now);
  runs.running[pool]!.delete(j);
  r.teams.stopped(r.teams.of(jobs.template[j]), gpus, runs.runStart[j] ?? now, now);
  const elapsedH = Math.max(0, now - runs.runStart[j]!) / HOUR_MS; // 0 while a migrated run warms up
  const ck = templateOf(jobs, j).checkpointEvery;
  const rate = runs.rate[j]!;
  const done = runs.done[j]!;
  const redo = runs.redo[j]!;
  const progress = Math.min(jobs.work[j]! - done, elapsedH * rate);
  const redone = Math.min(progress, redo);
  stats.redoneGpuH += (redone / rate) * gpus;
  let lostGpuH = 0;
  if (interrupted) {
    const ckpts = ck > 0 ? Math.floor(elapsedH / ck) : 0;
    stats.checkpoints += ckpts;
    const safeH = ck > 0 ? ckpts * ck : 0;
    const lostH = elapsedH - safeH;
    runs.done[j] = done + safeH * rate;
    runs.redo[j] = redo - redone + lostH * rate;
    lostGpuH = lostH * gpus;
    stats.lostGpuH += lostGpuH;
  } else {
    runs.done[j] = done + progress;
    runs.redo[j] = redo - redone;
    if (ck > 0) stats.checkpoints += Math.floor(elapsedH / ck);
  }
  runs.pool[j] = -1;
  runs.gen[j] = (runs.gen[j]! + 1) % 2 ** 29;
  return lostGpuH;
}

/** Appends job j to the waiting queue of its priority (and team). */
export function enqueue(r: RunState, j: number): void {
  r.runs.state[j] = PENDING;
  r.queue.push(j, templateOf(r.jobs, j).priority, r.teams.of(r.jobs.template[j]));
}

/** Job j's run is cut short: the work since its last checkpoint is lost; it is placed again now or queued. */
export function interrupt(r: RunState, j: number, cause: Interruption): void {
  const runs = r.runs;
  const pool = runs.pool[j]!;
  const loc = r.world.poolLoc[pool]!;
  const lost = stopRun(r, j, true);
  runs.stats[cause]++;
  const p = r.pools[pool];
  if (p && p.tier !== 'reserved') runs.stats.lostUsd[cause] += lost * (p.pricePerGpuHour[r.clock.bucket] ?? 0);
  if (r.policy.blocklist && cause !== 'capacity') {
    let s = runs.blocked.get(j);
    if (!s) {
      s = new Set();
      runs.blocked.set(j, s);
    }
    s.add(loc);
  }
  if (!tryPlace(r, j)) enqueue(r, j);
}

/**
 * Capacity may have freed up: places waiting jobs, priority first, until RETRY_MISSES in a row do not fit. Within a
 * priority with several teams (fair share), the next job tried is the head of the team holding the fewest GPUs now,
 * then the one that has held the fewest GPU-hours so far, then the earliest arrival: so no team starves behind
 * another's backlog.
 */
export function retryPending(r: RunState): void {
  const queue = r.queue;
  if (queue.count === 0) return;
  const { jobs } = r;
  const { head, next, teams } = queue;
  // Within one scan free capacity only shrinks, so a job of a template that already failed with a gang no larger
  // fails too (same candidates; a blocklist only removes some): it counts as a miss without being tried.
  const failedAt = new Map<number, number>();
  const cursor = new Int32Array(teams);
  for (let pri = 0; pri <= queue.maxPri; pri++) {
    for (let t = 0; t < teams; t++) cursor[t] = head[pri * teams + t] ?? -1;
    let misses = 0;
    for (let t = nextTeam(r, cursor); t >= 0 && misses < RETRY_MISSES; t = nextTeam(r, cursor)) {
      const j = cursor[t] ?? -1;
      cursor[t] = next[j] ?? -1;
      const tp = jobs.template[j]!;
      const gpus = jobs.gpus[j]!;
      if (gpus >= (failedAt.get(tp) ?? Infinity)) {
        misses++;
        continue;
      }
      if (tryPlace(r, j)) {
        queue.remove(j, pri, t);
        misses = 0;
      } else {
        misses++;
        failedAt.set(tp, Math.min(gpus, failedAt.get(tp) ?? Infinity));
      }
    }
  }
}

/** The team whose queued job is tried next (retryPending), -1 when every cursor is at its queue's end: weighted fair
 * share, core/fair-share.ts `servedBefore` (the one rule). */
function nextTeam(r: RunState, cursor: Int32Array): number {
  if (cursor.length === 1) return (cursor[0] ?? -1) >= 0 ? 0 : -1;
  const teams = r.teams;
  const arrival = r.jobs.arrival;
  const now = r.clock.now;
  let best = -1;
  let bestStanding: TeamStanding | undefined;
  cursor.forEach((j, t) => {
    if (j < 0) return;
    const s: TeamStanding = {
      gpusNow: teams.gpusNow(t),
      usedGpuH: teams.usedGpuH(t, now),
      weight: teams.weight[t] ?? 1,
      arrival: arrival[j] ?? 0,
    };
    if (!bestStanding || servedBefore(s, bestStanding)) {
      best = t;
      bestStanding = s;
    }
  });
  return best;
}

/** Job j's run completes now. */
export function finishJob(r: RunState, j: number): void {
  stopRun(r, j, false);
  const { runs, jobs } = r;
  const now = r.clock.now;
  runs.state[j] = DONE;
  runs.finishAt[j] = now;
  runs.completionH[runs.finishedCount++] = (now - jobs.arrival[j]!) / HOUR_MS;
  const dl = jobs.deadline[j]!;
  if (!Number.isNaN(dl) && now > dl) runs.deadlineMisses++;
  runs.blocked.delete(j);
}
