/**
 * The job trace as the simulator core takes it, without the reader's notes: `readJobTrace` (job-trace.ts) reads the
 * bundled Philly file (data/traces/philly_jobs.csv, `job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status`)
 * and the other job-trace formats of docs/simulator.md ("Trace formats"). Kept for the callers that want the trace
 * only (tests, benches); the CLI uses readJobTrace to print its notes.
 */
import type { Result } from '../../core/issues.js';
import { ok } from '../../core/issues.js';
import type { JobTrace } from './jobs.js';
import { SIM_LIMITS } from '../limits.js';
import { readJobTrace } from './job-trace.js';

export function parsePhillyJobs(text: string, file: string, maxRows: number = SIM_LIMITS.traceRows): Result<JobTrace> {
  const r = readJobTrace(text, file, maxRows);
  return r.ok ? ok(r.value.trace) : r;
}
