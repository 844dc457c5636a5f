/**
 * Deadlines in the offline bound (offline-optimal.ts, BoundOptions.deadlines): the instant by which each job's work
 * must be done in the bound's scope, and the hours it may run in each bucket.
 *
 * A job j with a deadline d_j inside the horizon gets the due instant D_j = d_j, unless no schedule can finish it by
 * d_j even with the whole fleet to itself. That is tested on the bound's own relaxation of running alone: from its
 * arrival, in each bucket b, the job runs one gang at a time for at most the window's hours in b, on candidates whose
 * gang fits the pool (o_kp ≤ cap_pb), each for at most (gangs that fit) × the hours the pool is up, fastest first —
 * the most work the LP's parallelism rows and gang bounds let it do in b. When even that falls short of its work by
 * d_j (it arrives after d_j, its runtime at the fastest GPU exceeds the window, or outages leave too few hours), every
 * real schedule misses d_j; the deadline is RELAXED to the job's earliest feasible finish at bucket granularity: the
 * end of the first bucket by which the same relaxation can finish it (no due instant when it cannot within the
 * horizon). The bound is then valid over schedules that finish every job by its due instant (offline-optimal.ts).
 */
import { item } from '../core/item.js';
import type { SimInput } from './inputs.js';
import { type Candidate, HOUR_MS, type World } from './world.js';

/** The bucket holding instant t (the last bucket starting at or before it). */
export function bucketOf(world: World, t: number): number {
  let lo = 0,
    hi = world.buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (item(world.buckets, mid).start <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface DueDates {
  /** Per job: the instant its work is done by in the bound's scope (epoch ms); Infinity = no due instant (no
   * deadline, a deadline after the horizon end, or a relaxed job that cannot finish within the horizon). */
  readonly dueBy: Float64Array;
  /** Jobs whose deadline no schedule meets even alone, in job order: their due instant is their earliest feasible
   * finish (end of a bucket) or none. */
  readonly relaxed: readonly number[];
}

/** What a job can do alone in one bucket: its candidates with the hours each may run there (capacity and outages). */
export interface AloneRates {
  /** Per bucket: [work per hour, hours available] of each candidate whose gang fits, fastest first. */
  readonly perBucket: readonly (readonly (readonly [number, number])[])[];
}

/** The relaxation of running alone for a class of jobs (gang size `gpus`, candidates `cands`). */
export function aloneRates(
  world: World,
  cands: readonly Candidate[],
  gpus: number,
  poolCap: (pool: number, b: number) => number,
  upHours: (pool: number, b: number) => number,
): AloneRates {
  const perBucket = world.buckets.map((_, b) =>
    cands
      .flatMap((cd): [number, number][] => {
        const fit = Math.floor(poolCap(cd.pool, b) / cd.gpus);
        const hours = fit * upHours(cd.pool, b);
        return fit >= 1 && hours > 0 ? [[gpus * cd.rel, hours]] : [];
      })
      .sort((x, y) => y[0] - x[0]),
  );
  return { perBucket };
}

/** Most work one job does alone in bucket b when it may run `window` hours of it (fastest candidates first). */
function aloneWork(rates: AloneRates, b: number, window: number): number {
  let left = window;
  let work = 0;
  for (const [rate, hours] of item(rates.perBucket, b)) {
    if (left <= 0) break;
    const h = Math.min(left, hours);
    work += rate * h;
    left -= h;
  }
  return work;
}

const overlapHours = (world: World, b: number, from: number, to: number): number => {
  const bk = item(world.buckets, b);
  return Math.max(0, Math.min(to, bk.end) - Math.max(from, bk.start)) / HOUR_MS;
};

/**
 * Each job's due instant (module comment). `ratesOf(j)` gives job j's class relaxation (undefined: no candidate, the
 * job is unplaceable and left without a due instant).
 */
export function dueDates(input: SimInput, world: World, ratesOf: (j: number) => AloneRates | undefined): DueDates {
  const jobs = input.jobs;
  const dueBy = new Float64Array(jobs.count).fill(Infinity);
  const relaxed: number[] = [];
  const nb = world.buckets.length;
  for (let j = 0; j < jobs.count; j++) {
    const at = item(jobs.arrival, j);
    if (at >= world.end) break;
    const dl = item(jobs.deadline, j);
    if (Number.isNaN(dl) || dl > world.end) continue;
    const rates = ratesOf(j);
    const work = item(jobs.work, j);
    if (!rates || !(work > 0)) continue;
    const from = Math.max(at, world.start);
    const need = work * (1 - 1e-9);
    let done = 0;
    let b = bucketOf(world, from);
    // By the deadline?
    if (dl > from) {
      const last = bucketOf(world, dl - 1);
      for (let k = b; k <= last && done < need; k++) done += aloneWork(rates, k, overlapHours(world, k, from, dl));
    }
    if (done >= need) {
      dueBy[j] = dl;
      continue;
    }
    // Relaxed: the end of the first bucket by which it can finish alone, from its arrival.
    relaxed.push(j);
    done = 0;
    for (; b < nb; b++) {
      done += aloneWork(rates, b, overlapHours(world, b, from, world.end));
      if (done >= need) {
        dueBy[j] = item(world.buckets, b).end;
        break;
      }
    }
  }
  return { dueBy, relaxed };
}

/** Hours job j may run in bucket b in the bound: from its arrival to its due instant, never more than `need` (its
 * work on the slowest candidate). */
export function windowHours(world: World, b: number, from: number, due: number, need: number): number {
  return Math.min(need, overlapHours(world, b, from, Math.min(due, world.end)));
}
