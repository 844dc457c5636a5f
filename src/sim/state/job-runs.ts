/**
 * The jobs of one run as they go: each job's state, the pool and GPUs of its current run, its progress, and the
 * counters of what happened to jobs (interruptions, checkpoints, lost and redone work). Typed arrays indexed by job:
 * a run holds up to millions of jobs, and nothing here allocates per event.
 */

/** Job states (JobRuns.state). */
export const PENDING = 1,
  RUNNING = 2,
  DONE = 3,
  UNPLACEABLE = 4;

export interface JobStats {
  outage: number;
  preemption: number;
  capacity: number;
  checkpoints: number;
  lostGpuH: number;
  /** What the lost GPU-hours were billed (USD, the pool's price in the bucket; 0 on a reserved pool), by cause. */
  readonly lostUsd: { outage: number; preemption: number; capacity: number };
  redoneGpuH: number;
  unplaceable: number;
  /** Runs stopped for a higher-priority placement, and the GPU-hours of work they lost (part of lostGpuH). */
  priority: number;
  priorityLostGpuH: number;
  /** Running jobs moved to a cheaper pool (job-migration.ts): moves, the GPU-hours of work they lost since their last
   * checkpoint (part of lostGpuH), the GPU-hours billed warming up on the new pool, and the saving each move was
   * expected to make when it was decided (USD, engine/effective-cost.ts migrationSaving). */
  migrations: number;
  migrationLostGpuH: number;
  migrationWarmupGpuH: number;
  migrationSavingUsd: number;
}

export class JobRuns {
  /** 0 (not arrived), PENDING, RUNNING, DONE or UNPLACEABLE. */
  readonly state: Uint8Array;
  /** Work done (H100 GPU-hours), up to the last stop. */
  readonly done: Float64Array;
  /** Pool of the current run, -1 when not running. */
  readonly pool: Int32Array;
  /** GPUs of the current run, and its work per hour. */
  readonly gpus: Float64Array;
  readonly rate: Float64Array;
  /** When the current run started, and when its unbilled segment did. */
  readonly runStart: Float64Array;
  readonly segStart: Float64Array;
  /** Run generation: a queued completion or preemption of an older run is stale. */
  readonly gen: Uint32Array;
  /** Work lost at interruptions that has still to be done again. */
  readonly redo: Float64Array;
  readonly finishAt: Float64Array;
  /** Locations a job was interrupted at (policies with a blocklist avoid them). */
  readonly blocked = new Map<number, Set<number>>();
  /** Running jobs per pool. */
  readonly running: Set<number>[];
  /** Completion times (hours) of finished jobs, in finishing order; finishedCount of them are set. */
  readonly completionH: Float64Array;
  finishedCount = 0;
  /** The next job to arrive (jobs arrive in index order). */
  nextArrival = 0;
  deadlineMisses = 0;
  readonly stats: JobStats = {
    outage: 0,
    preemption: 0,
    capacity: 0,
    checkpoints: 0,
    lostGpuH: 0,
    lostUsd: { outage: 0, preemption: 0, capacity: 0 },
    redoneGpuH: 0,
    unplaceable: 0,
    priority: 0,
    priorityLostGpuH: 0,
    migrations: 0,
    migrationLostGpuH: 0,
    migrationWarmupGpuH: 0,
    migrationSavingUsd: 0,
  };

  constructor(jobs: number, pools: number) {
    this.state = new Uint8Array(jobs);
    this.done = new Float64Array(jobs);
    this.pool = new Int32Array(jobs).fill(-1);
    this.gpus = new Float64Array(jobs);
    this.rate = new Float64Array(jobs);
    this.runStart = new Float64Array(jobs);
    this.segStart = new Float64Array(jobs);
    this.gen = new Uint32Array(jobs);
    this.redo = new Float64Array(jobs);
    this.finishAt = new Float64Array(jobs).fill(Number.NaN);
    this.completionH = new Float64Array(jobs);
    this.running = Array.from({ length: pools }, () => new Set<number>());
  }
}
