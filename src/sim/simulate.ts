/**
 * The discrete-event simulator. Pure: simulated time is epoch ms, all randomness comes from `createRng(seed)` forks,
 * progress is reported through a callback. One run = one policy, one seed.
 *
 * Events (heap.ts; at one instant they are handled in this order, then by insertion):
 *   0 bucket boundary — a contract period may end (every open allocation is billed up to now, the term's shortfall is
 *     settled into the ledger, carry-forward passed on), capacity groups take their new size (reserved ramps,
 *     contract ends: work above a shrunken group is evicted and re-queued) and prices change;
 *   1 recovery, 2 outage (provider-wide or one region: jobs there lose the work since their last checkpoint and are
 *     re-queued, inference replicas there stop serving until the next hourly tick re-places them);
 *   3 job completion, 4 spot preemption (an exponential clock per run at the provider's rate; the job loses the work
 *     since its last checkpoint and is re-queued);
 *   5 hourly tick (inference demand for the hour, replicas added, shed or re-packed by the policy; for a policy with
 *     `migrate`, running jobs moved to cheaper pools: job-migration.ts), 6 job arrival.
 * Policies with `preempt` (preemption.ts): a priority-1 job arriving, or a priority-1 service short at its tick, may
 * stop lower-priority jobs for room; services short of demand are topped up at every completion, spot preemption
 * and bucket boundary; the waiting queue is shared fairly between teams.
 * Checkpoints are not queued: a run checkpoints every `checkpointEvery` hours from its (re)start, so the last
 * checkpoint before an interruption is computed exactly when the interruption happens (and counted).
 *
 * Capacity is tracked instantaneously: GPUs in use per capacity group now (engine/pools.ts groups: provider and region
 * quotas, the spot share, reserved blocks), never above the group's size in the current bucket; a pool whose location
 * is down takes nothing. Jobs that find no room wait in a queue (priority first, then arrival); the queue is retried
 * when capacity frees up, scanning until RETRY_MISSES consecutive jobs do not fit (bounded backfill).
 *
 * Billing: an allocation is billed when it ends and at every bucket boundary (so a billed segment lies in one bucket,
 * one price and one commitment term): GPUs × hours × the pool's price in that bucket, rounded to the cent once into
 * the ledger. Reserved blocks are charged for every GPU of their ramp, used or not.
 *
 * The modules: run-state.ts (the mutable state, in parts by concern: src/sim/state/), billing.ts (segments, commitment burn,
 * reserved charges), candidate-scan.ts (candidates, right of first refusal, the cheapest free one),
 * job-lifecycle.ts (start, checkpoint, interruption, completion, the queue), inference.ts (hourly rebalancing),
 * outages.ts, bucket-boundary.ts (period settlement, ramps, prices), run-result.ts (the result). This file holds
 * the main loop.
 */
import { type Cents, ZERO_CENTS } from '../core/money.js';
import { chargeReservedBlocks, bookReserved } from './billing.js';
import { boundary, scheduleBoundaries } from './bucket-boundary.js';
import { JOB_BITS, R_BUCKET, R_COMPLETE, R_OUTAGE, R_PREEMPT, R_RECOVER, R_TICK } from './event-kinds.js';
import { adjustService, demandAt, integrate, setReplicas } from './inference.js';
import type { JobSet, SimInput } from './inputs.js';
import { enqueue, finishJob, interrupt, retryPending, stopRun, tryPlace } from './job-lifecycle.js';
import { migrateJobs, REOPTIMISE_EVERY_HOURS } from './job-migration.js';
import { preemptForJob, preemptForService, topUpServices } from './preemption.js';
import { outageEnd, outageStart, scheduleOutages } from './outages.js';
import type { SimPolicy } from './policy.js';
import type { SimResult } from './result.js';
import { assembleResult } from './run-result.js';
import { RUNNING, RunState, UNPLACEABLE } from './run-state.js';
import type { UsageSink } from './usage-segment.js';
import { buildWorld, HOUR_MS, type World } from './world.js';
import { SIM_LIMITS, SimLimitError } from './limits.js';

export { RETRY_MISSES } from './job-lifecycle.js';

export interface Progress {
  readonly events: number;
  readonly now: number;
  readonly start: number;
  readonly end: number;
}

export interface SimOptions {
  readonly seed: number;
  readonly onProgress?: (p: Progress) => void;
  /** Events between progress callbacks (default 200,000). */
  readonly progressEvery?: number;
  /** A world already built for this input (compare reuses it across seeds). */
  readonly world?: World;
  /**
   * Price every free candidate of every placement and retry every full candidate list, as a plain scan does: no
   * pruning by the policy's floor (rank.ts), no "nothing of this list has room" shortcut. Same results, slower; for
   * tests that check the shortcuts change nothing.
   */
  readonly exhaustive?: boolean;
  /** Most events handled before the run is stopped with a SimLimitError (default SIM_LIMITS.eventsPerRun). */
  readonly maxEvents?: number;
  /** Called with every billed segment, in billing order (usage-segment.ts): the ledger's usage records. */
  readonly onUsage?: UsageSink;
}

export function simulate(input: SimInput, policy: SimPolicy, opts: SimOptions): SimResult {
  const world = opts.world ?? buildWorld(input.scenario, input.horizon);
  return run(input, policy, opts, world, idleBillCents(world, policy));
}

/** The bill owed with nothing placed, per world (compare reuses a world across seeds and policies). */
const idleBills = new WeakMap<World, Cents>();

/**
 * The bill owed with nothing placed, in exact ledger cents: every reserved block charged for its whole ramp and every
 * commitment period settled with no usage (its minimum, with carry-forward, paid as shortfall; reserved charges that
 * count toward it burn it as they do in any run). It is the billed total of the same world run with no job, no
 * inference service and no outage, so it is settled by the very code that settles every run (bucket-boundary.ts);
 * computed once per world. The policy does not matter: nothing is placed.
 */
export function idleBillCents(world: World, policy: SimPolicy): Cents {
  const hit = idleBills.get(world);
  if (hit !== undefined) return hit;
  const nothing: SimInput = {
    scenario: world.scenario,
    horizon: { start: world.start, end: world.end },
    jobs: NO_JOBS,
    services: [],
    outages: [],
  };
  const billed = run(nothing, policy, { seed: 0 }, world, ZERO_CENTS).cost.billedCents;
  idleBills.set(world, billed);
  return billed;
}

const NO_JOBS: JobSet = {
  count: 0,
  arrival: new Float64Array(0),
  work: new Float64Array(0),
  gpus: new Uint32Array(0),
  template: new Uint32Array(0),
  deadline: new Float64Array(0),
  templates: [],
  name: () => '',
};

/** One run on `world`; `idleCents`: the bill owed with nothing placed (idleBillCents), for the incremental cost. */
function run(input: SimInput, policy: SimPolicy, opts: SimOptions, world: World, idleCents: Cents): SimResult {
  const jobs = input.jobs;
  const nj = jobs.count;
  if (nj > SIM_LIMITS.jobsPerRun)
    throw new SimLimitError(
      'sim.too-many-jobs',
      `the run holds ${nj.toLocaleString('en-US')} jobs, more than the limit of ${SIM_LIMITS.jobsPerRun.toLocaleString('en-US')} jobs per run`,
    );
  if (nj >= JOB_BITS) throw new RangeError(`at most ${JOB_BITS - 1} jobs per run, got ${nj}`);
  for (let j = 1; j < nj; j++)
    if (jobs.arrival[j]! < jobs.arrival[j - 1]!) throw new RangeError(`jobs must be sorted by arrival (job ${j})`);
  const r = new RunState(input, policy, world, opts.seed, opts.exhaustive ?? false);
  r.onUsage = opts.onUsage;
  const { start, end } = r;
  chargeReservedBlocks(r);
  bookReserved(r, 0);
  // Queued in this order: at one instant, events of one kind are handled in insertion order.
  scheduleOutages(r);
  scheduleBoundaries(r);
  if (r.services.length || (policy.migrate && jobs.count > 0)) r.heap.push(start, R_TICK, 0);
  runEvents(r, opts);

  // ---- horizon end -------------------------------------------------------------------------------------------------
  r.clock.now = end;
  for (const running of r.runs.running) for (const j of [...running]) stopRun(r, j, false);
  for (const sv of r.services) {
    integrate(r, sv);
    for (const slot of sv.slots) setReplicas(r, sv, slot, 0);
  }
  boundary(r, r.buckets.length);
  return assembleResult(r, opts.seed, idleCents);
}

/** The main loop: handles queued events and job arrivals in time order until the horizon ends. */
function runEvents(r: RunState, opts: SimOptions): void {
  const { heap, jobs, start, end, clock, runs } = r;
  const nj = jobs.count;
  const every = opts.progressEvery ?? 200_000;
  const maxEvents = opts.maxEvents ?? SIM_LIMITS.eventsPerRun;
  for (;;) {
    const ht = heap.peekTime();
    const at = runs.nextArrival < nj ? jobs.arrival[runs.nextArrival]! : Infinity;
    const t = Math.min(ht, at);
    if (!(t < end)) break;
    const events = ++clock.events;
    if (events > maxEvents) {
      throw new SimLimitError(
        'sim.too-many-events',
        `the run needs more than ${maxEvents.toLocaleString('en-US')} events (the limit per run), stopped at simulated ${new Date(t).toISOString().slice(0, 10)}: shorten --horizon or lower the job rate, the spot preemption rates or the outage rates`,
      );
    }
    if (opts.onProgress && events % every === 0) opts.onProgress({ events, now: t, start, end });
    if (at < ht) {
      clock.now = at;
      arrive(r, runs.nextArrival++);
      continue;
    }
    // The first event, read in place (no entry object per event).
    const rank = heap.peekRank();
    const payload = heap.peekPayload();
    clock.now = ht;
    heap.removeTop();
    switch (rank) {
      case R_BUCKET:
        boundary(r, payload);
        break;
      case R_RECOVER:
        outageEnd(r, payload);
        break;
      case R_OUTAGE:
        outageStart(r, payload);
        break;
      case R_COMPLETE:
      case R_PREEMPT: {
        const j = payload % JOB_BITS;
        const g = Math.floor(payload / JOB_BITS);
        if (runs.state[j] !== RUNNING || runs.gen[j] !== g) break;
        if (rank === R_COMPLETE) finishJob(r, j);
        else interrupt(r, j, 'preemption');
        topUpServices(r);
        retryPending(r);
        break;
      }
      case R_TICK:
        tick(r, payload);
        break;
      default:
        break;
    }
  }
}

/** Job j arrives now: placed, queued, or unplaceable (no candidate at all). */
function arrive(r: RunState, j: number): void {
  if (r.scan.candsOf(j).length === 0) {
    r.runs.state[j] = UNPLACEABLE;
    r.runs.stats.unplaceable++;
    return;
  }
  if (!tryPlace(r, j) && !preemptForJob(r, j)) enqueue(r, j);
}

/**
 * The hourly tick, the fleet's re-optimisation step: each service's demand for the hour, replicas added, shed or
 * re-packed onto cheaper pools (inference.ts, inference-repack.ts), priority-1 services short of demand preempting;
 * waiting jobs offered the room; then, every REOPTIMISE_EVERY_HOURS for a policy that migrates, running jobs moved to
 * cheaper pools where that pays (job-migration.ts), the room they free offered at once. Queues the next tick.
 */
function tick(r: RunState, hour: number): void {
  for (const sv of r.services) {
    integrate(r, sv);
    sv.demandNow = demandAt(r, sv, hour);
    adjustService(r, sv);
    preemptForService(r, sv);
  }
  if (r.policy.preempt && r.services.length) retryPending(r); // replicas shed: jobs waiting take the room now
  if (r.policy.migrate && hour % REOPTIMISE_EVERY_HOURS === 0 && migrateJobs(r) > 0) {
    topUpServices(r);
    retryPending(r);
  }
  const next = r.start + (hour + 1) * HOUR_MS;
  if (next < r.end) r.heap.push(next, R_TICK, hour + 1);
}
