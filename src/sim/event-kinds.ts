/**
 * The kinds of queued events, in the order they are handled at one instant (heap.ts breaks ties by kind, then by
 * insertion), and how a job event's payload packs the job index with the generation of its run (a stale event —
 * its run already ended — is recognised and dropped). Job arrivals are not queued: they are read in order from the
 * sorted job set, after every queued event at the same instant.
 */
export const R_BUCKET = 0,
  R_RECOVER = 1,
  R_OUTAGE = 2,
  R_COMPLETE = 3,
  R_PREEMPT = 4,
  R_TICK = 5;

/** Job event payload = generation × JOB_BITS + job index. */
export const JOB_BITS = 2 ** 23;
