/**
 * The simulator's input limits (docs/limits.md, "Simulator inputs"). Each is checked before anything its size
 * depends on is allocated, and an input past one is rejected with the limit in the message and a stable code:
 *
 *   horizon            at most 30 calendar years                              sim.horizon-too-long
 *   jobs per run       at most 4,000,000, estimated up front (jobBudget)      sim.too-many-jobs
 *   events per run     at most 20,000,000  (checked as the run goes)          sim.too-many-events
 *   time buckets       at most 20,000 (estimated before the world is built)  sim.too-many-buckets
 *   offline-optimal LP at most 4,000,000 terms  (estimated before it is built) sim.lp-too-large
 *   trace file         at most 64 MiB, 1,000,000 data lines, 100 fields a line
 *                                                       trace.too-large / trace.too-many-rows / trace.too-many-fields
 *   trace values       times and durations ≤ 1,000,000,000 s, num_gpus ≤ 65,536, tokens ≤ 10,000,000 per request
 *                                                                            trace.too-large-value
 *   flags              see src/app/fields.ts (FLAG_LIMITS)
 *
 * The 7-year bench run (bench/sim-bench.mjs: the Philly trace repeated over 7 years, ≈1.9 M jobs, ≈3.9 M events)
 * is well inside every limit. Pure (no I/O).
 */
import type { Code } from '../core/codes.js';
import type { Issue } from '../core/issues.js';
import type { JobTrace } from './traces/jobs.js';
import { traceSpanS } from './traces/jobs.js';

export const SIM_LIMITS = {
  /** Longest horizon, in calendar years (y and mo are calendar lengths: scenario.md). */
  horizonYears: 30,
  /** Most jobs in one run (scenario jobs + trace jobs after repeating and resampling). */
  jobsPerRun: 4_000_000,
  /** Most events one run may handle (job arrivals, completions, preemptions, outages, bucket boundaries, ticks). */
  eventsPerRun: 20_000_000,
  /** Largest trace file (job or request trace, and the incident archive), in bytes. */
  traceBytes: 64 * 1024 * 1024,
  /** Most data lines in a trace file (after the header; blank lines and line breaks inside quotes count). */
  traceRows: 1_000_000,
  /** Most time buckets in a run (the horizon cut at every bucket step and contract boundary). */
  buckets: 20_000,
  /** Most terms (coefficients) in the offline-optimal LP, estimated before it is built. */
  lpTerms: 4_000_000,
  /** Most fields (commas + 1) on one line of a trace file. */
  traceFields: 100,
  /** Largest submit time, duration or request timestamp, in seconds (≈ 31.7 years). */
  traceSeconds: 1_000_000_000,
  /** Largest num_gpus of a trace job. */
  traceGpus: 65_536,
  /** Largest context or generated token count of one request. */
  traceTokens: 10_000_000,
} as const;

/** An over-limit run found while it runs (too many events): the CLI prints it as a user error with its code. */
export class SimLimitError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}

export interface JobBudgetInput {
  /** Rows of the job trace (undefined: no trace). */
  readonly trace?: JobTrace | undefined;
  /** Jobs of the scenario itself. */
  readonly scenarioJobs: number;
  readonly horizonS: number;
  readonly repeat: boolean;
  /** Arrival resampling factor (1 = none). */
  readonly rate: number;
}

/**
 * An upper bound on the jobs a run holds, from the sizes alone (nothing allocated): the trace's rows × the copies
 * needed to fill the horizon (when repeated: ⌈(horizon − first submit) / span⌉, the count scale.ts repeatJobs
 * allocates before cutting at the horizon) × ⌈rate⌉ (resampling adds up to ⌈rate⌉ − 1 copies of a job), plus the
 * scenario's own jobs.
 */
export function jobBudget(x: JobBudgetInput): number {
  let n = 0;
  const t = x.trace;
  if (t && t.count > 0) {
    let copies = 1;
    if (x.repeat) {
      const span = traceSpanS(t);
      copies = Math.max(1, Math.ceil((x.horizonS - (t.submitS[0] ?? 0)) / span));
    }
    n = t.count * copies * Math.max(1, Math.ceil(x.rate));
  }
  return n + x.scenarioJobs;
}

const fmt = (n: number): string =>
  Number.isFinite(n) && n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);

/** The issue for a run whose job budget is over the limit, or undefined. */
export function checkJobBudget(x: JobBudgetInput): Issue | undefined {
  const n = jobBudget(x);
  if (n <= SIM_LIMITS.jobsPerRun) return undefined;
  const parts = x.trace
    ? ` (${fmt(x.trace.count)} trace rows${x.repeat ? ' repeated to fill the horizon' : ''}${x.rate > 1 ? ` × job rate ${x.rate}` : ''})`
    : '';
  return {
    code: 'sim.too-many-jobs',
    path: [],
    message: `the run would hold up to ${fmt(n)} jobs${parts}, more than the limit of ${fmt(SIM_LIMITS.jobsPerRun)} jobs per run: shorten --horizon, lower --job-rate, use --no-repeat or a smaller trace`,
  };
}
