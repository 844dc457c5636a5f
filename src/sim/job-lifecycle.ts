/**
 * A job's life in the simulator: placed on the cheapest free candidate when it arrives (or queued, priority first
 * then arrival), run until it completes or is interrupted (outage, spot preemption, capacity that shrank), and
 * re-placed or re-queued after an interruption. Checkpoints are not queued: a run checkpoints every
 * `checkpointEvery` hours from its (re)start, so the last checkpoint before an interruption is computed exactly when
 * the interruption happens (and counted). The queue is retried when capacity frees up, scanning until RETRY_MISSES
 * consecutive jobs do not fit (bounded backfill).
 */
import { bill, openSeg } from './billing.js';
import { JOB_BITS, R_COMPLETE, R_PREEMPT } from './event-kinds.js';
import { DONE, PENDING, RUNNING, type RunState } from './run-state.js';
import { HOUR_MS, type Candidate } from './world.js';

export const RETRY_MISSES = 32;

export type Interruption = 'outage' | 'preemption' | 'capacity';

/** Places job j on the cheapest free candidate now and starts it; false if nothing fits. */
export function tryPlace(r: RunState, j: number): boolean {
  const scan = r.scan;
  const cands = scan.candsOf(j);
  if (cands.length === 0) return false;
  const jobs = r.jobs;
  const remaining = jobs.work[j]! - r.done[j]!;
  const t = jobs.templates[jobs.template[j]!]!;
  let bl = r.policy.blocklist ? r.blocked.get(j) : undefined;
  if (bl && cands.every((c) => bl!.has(r.world.poolLoc[c.pool]!))) {
    r.blocked.delete(j);
    bl = undefined;
  }
  if (!r.exhaustive && r.room.knownFull(cands)) return false;
  scan.forJob({ kind: 'job', checkpointH: t.checkpointEvery, blocked: bl }, remaining, jobs.gpus[j]!);
  const rofr = scan.rofrOf(t.class);
  let k = rofr ? scan.chooseForJob(cands, rofr) : -1;
  if (k < 0) {
    scan.sawRoom = false;
    k = scan.chooseForJob(cands);
    if (k < 0 && !scan.sawRoom) r.room.markFull(cands); // the full scan found no pool with room
  }
  if (k < 0) return false;
  startRun(r, j, cands[k]!, remaining);
  return true;
}

/** Starts a run of job j on candidate c now, and queues its completion or spot preemption, whichever comes first. */
function startRun(r: RunState, j: number, c: Candidate, remaining: number): void {
  const pool = r.pools[c.pool]!;
  const now = r.now;
  r.jobPool[j] = c.pool;
  r.jobGpus[j] = c.gpus;
  r.jobRate[j] = r.jobs.gpus[j]! * c.rel;
  r.runStart[j] = now;
  r.segStart[j] = now;
  r.state[j] = RUNNING;
  r.gen[j] = (r.gen[j]! + 1) % 2 ** 29;
  r.take(c.pool, c.gpus);
  openSeg(r, c.pool, c.gpus, now);
  r.running[c.pool]!.add(j);
  const hours = remaining / r.jobRate[j]!;
  const finish = now + hours * HOUR_MS;
  const lambda = pool.tier === 'spot' ? (r.world.preemptionsPerHour[pool.provider] ?? 0) : 0;
  const pre = lambda > 0 ? now + r.spotRng.get(pool.provider)!.exponential(lambda) * HOUR_MS : Infinity;
  const payload = r.gen[j]! * JOB_BITS + j;
  if (pre < finish && pre < r.end) r.heap.push(pre, R_PREEMPT, payload);
  else if (finish < r.end) r.heap.push(finish, R_COMPLETE, payload);
}

/** Ends the current run of j at `now`: bills, frees, and books progress (`interrupted`: since the last checkpoint lost). */
export function stopRun(r: RunState, j: number, interrupted: boolean): void {
  const pool = r.jobPool[j]!;
  const stats = r.stats;
  bill(r, pool, r.jobGpus[j]!, r.segStart[j]!, r.now);
  r.give(pool, r.jobGpus[j]!);
  r.running[pool]!.delete(j);
  const elapsedH = (r.now - r.runStart[j]!) / HOUR_MS;
  const ck = r.jobs.templates[r.jobs.template[j]!]!.checkpointEvery;
  const rate = r.jobRate[j]!;
  const progress = Math.min(r.jobs.work[j]! - r.done[j]!, elapsedH * rate);
  const redone = Math.min(progress, r.redo[j]!);
  stats.redoneGpuH += (redone / rate) * r.jobGpus[j]!;
  r.redo[j]! -= redone;
  if (interrupted) {
    const ckpts = ck > 0 ? Math.floor(elapsedH / ck) : 0;
    stats.checkpoints += ckpts;
    const safeH = ck > 0 ? ckpts * ck : 0;
    const lostH = elapsedH - safeH;
    r.done[j]! += safeH * rate;
    r.redo[j]! += lostH * rate;
    stats.lostGpuH += lostH * r.jobGpus[j]!;
  } else {
    r.done[j]! += progress;
    if (ck > 0) stats.checkpoints += Math.floor(elapsedH / ck);
  }
  r.jobPool[j] = -1;
  r.gen[j] = (r.gen[j]! + 1) % 2 ** 29;
}

/** Appends job j to the waiting queue of its priority. */
export function enqueue(r: RunState, j: number): void {
  r.state[j] = PENDING;
  const pri = r.jobs.templates[r.jobs.template[j]!]!.priority;
  const qTail = r.qTail;
  r.qPrev[j] = qTail[pri]!;
  r.qNext[j] = -1;
  if (qTail[pri]! >= 0) r.qNext[qTail[pri]!] = j;
  else r.qHead[pri] = j;
  qTail[pri] = j;
  r.pendingCount++;
}

/** Job j's run is cut short: the work since its last checkpoint is lost; it is placed again now or queued. */
export function interrupt(r: RunState, j: number, cause: Interruption): void {
  const loc = r.world.poolLoc[r.jobPool[j]!]!;
  stopRun(r, j, true);
  r.stats[cause]++;
  if (r.policy.blocklist && cause !== 'capacity') {
    let s = r.blocked.get(j);
    if (!s) {
      s = new Set();
      r.blocked.set(j, s);
    }
    s.add(loc);
  }
  if (!tryPlace(r, j)) enqueue(r, j);
}

/** Capacity may have freed up: places waiting jobs, priority first, until RETRY_MISSES in a row do not fit. */
export function retryPending(r: RunState): void {
  if (r.pendingCount === 0) return;
  const { jobs, qHead, qTail, qNext, qPrev } = r;
  // Within one scan free capacity only shrinks, so a job of a template that already failed with a gang no larger
  // fails too (same candidates; a blocklist only removes some): it counts as a miss without being tried.
  const failedAt = new Map<number, number>();
  for (let pri = 0; pri <= r.maxPri; pri++) {
    let misses = 0;
    for (let j = qHead[pri]!; j >= 0 && misses < RETRY_MISSES; ) {
      const nextJ = qNext[j]!;
      const tp = jobs.template[j]!;
      if (jobs.gpus[j]! >= (failedAt.get(tp) ?? Infinity)) {
        misses++;
        j = nextJ;
        continue;
      }
      if (tryPlace(r, j)) {
        if (qPrev[j]! >= 0) qNext[qPrev[j]!] = nextJ;
        else qHead[pri] = nextJ;
        if (nextJ >= 0) qPrev[nextJ] = qPrev[j]!;
        else qTail[pri] = qPrev[j]!;
        qNext[j] = -1;
        qPrev[j] = -1;
        r.pendingCount--;
        misses = 0;
      } else {
        misses++;
        failedAt.set(tp, Math.min(jobs.gpus[j]!, failedAt.get(tp) ?? Infinity));
      }
      j = nextJ;
    }
  }
}

/** Job j's run completes now. */
export function finishJob(r: RunState, j: number): void {
  stopRun(r, j, false);
  const now = r.now;
  r.state[j] = DONE;
  r.finishAt[j] = now;
  r.completionH[r.finishedCount++] = (now - r.jobs.arrival[j]!) / HOUR_MS;
  const dl = r.jobs.deadline[j]!;
  if (!Number.isNaN(dl) && now > dl) r.deadlineMisses++;
  r.blocked.delete(j);
}
