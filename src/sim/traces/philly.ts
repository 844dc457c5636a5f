/**
 * Reader for job traces in the normalised Philly format (data/traces/philly_jobs.csv):
 *
 *   job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status
 *
 * `job_id`, `submit_time_s`, `duration_s` and `num_gpus` are required columns; `gpu_type`, `user` and `status` may be
 * absent or empty (the Philly subset leaves gpu_type and status empty). Rules, each with its code:
 *   trace.missing-column   a required column is not in the header (all missing ones are named)
 *   trace.not-a-number     a time, duration or GPU count is not a plain decimal number
 *   trace.negative         a time or duration is below 0
 *   trace.not-an-integer / trace.not-positive   num_gpus is not a whole number >= 1
 *   trace.empty-id         job_id is empty
 *   trace.duplicate-id     a job_id seen before (the message names the first line)
 *   trace.unsorted         submit_time_s smaller than the previous row's (the message names both lines)
 *   trace.empty            no data rows
 *   trace.too-many-rows    more than SIM_LIMITS.traceRows lines after the header (checked before parsing)
 *   trace.too-large-value  submit_time_s or duration_s above 1,000,000,000 s, num_gpus above 65,536 (src/sim/limits.ts)
 * Whole numbers are read strictly: num_gpus is digits only ('8', not '8.0', '8e0' or 4294967304 read modulo 2³²).
 * Rows with duration_s 0 are kept here (they are valid rows); the simulator skips them (no work) and the CLI says how
 * many it skipped (docs/simulator.md).
 * plus the CSV reader's own codes (csv.*). Every problem found is reported (up to csv.MAX_ISSUES).
 */
import { type Result, fail, ok } from '../../core/issues.js';
import { at, parseCsv } from '../../core/csv.js';
import type { JobTrace } from './jobs.js';
import { excerpt } from '../../core/excerpt.js';
import { SIM_LIMITS } from '../limits.js';
import { Cells, checkRowCount, resolveColumns } from './table.js';

const REQUIRED = ['job_id', 'submit_time_s', 'duration_s', 'num_gpus'] as const;
const OPTIONAL = ['gpu_type', 'user', 'status'] as const;

export function parsePhillyJobs(text: string, file: string, maxRows: number = SIM_LIMITS.traceRows): Result<JobTrace> {
  const tooMany = checkRowCount(text, file, maxRows);
  if (tooMany) return fail([tooMany]);
  const csv = parseCsv(text, file);
  if (!csv.ok) return csv;
  const table = csv.value;
  const colsR = resolveColumns(table, REQUIRED, OPTIONAL);
  if (!colsR.ok) return colsR;
  const c = colsR.value;
  const n = table.records.length;
  if (n === 0) return fail([at('trace.empty', file, table.header.line, 1, 'the trace has a header but no jobs')]);

  const cells = new Cells(table);
  const submitS = new Float64Array(n);
  const durationS = new Float64Array(n);
  const gpus = new Uint32Array(n);
  const user = new Uint32Array(n);
  const gpuType = new Uint32Array(n);
  const status = new Uint32Array(n);
  const sourceIds: string[] = new Array<string>(n);
  const users = new Interner();
  const gpuTypes = new Interner();
  const statuses = new Interner();
  const firstLine = new Map<string, number>();
  let prev: { t: number; line: number } | undefined;

  for (let i = 0; i < n; i++) {
    const rec = table.records[i]!;
    const id = cells.text(i, rec, c.job_id);
    sourceIds[i] = id;
    if (id === '') cells.report(i, rec, c.job_id, 'trace.empty-id', 'job_id is empty');
    else {
      const seen = firstLine.get(id);
      if (seen !== undefined)
        cells.report(i, rec, c.job_id, 'trace.duplicate-id', `job_id '${excerpt(id)}' already used on line ${seen}`);
      else firstLine.set(id, rec.line);
    }
    const t = cells.number(i, rec, c.submit_time_s, 'non-negative', SIM_LIMITS.traceSeconds);
    if (t !== undefined) {
      if (prev && t < prev.t) {
        cells.report(
          i,
          rec,
          c.submit_time_s,
          'trace.unsorted',
          `submit_time_s ${t} is earlier than ${prev.t} on line ${prev.line}: rows must be sorted by submit time`,
        );
      }
      prev = { t, line: rec.line };
      submitS[i] = t;
    }
    durationS[i] = cells.number(i, rec, c.duration_s, 'non-negative', SIM_LIMITS.traceSeconds) ?? 0;
    gpus[i] = cells.number(i, rec, c.num_gpus, 'positive-int', SIM_LIMITS.traceGpus) ?? 0;
    user[i] = users.id(cells.text(i, rec, c.user));
    gpuType[i] = gpuTypes.id(cells.text(i, rec, c.gpu_type));
    status[i] = statuses.id(cells.text(i, rec, c.status));
  }
  if (cells.issues.length) return fail(cells.issues);
  return ok({
    count: n,
    submitS,
    durationS,
    gpus,
    user,
    users: users.values,
    gpuType,
    gpuTypes: gpuTypes.values,
    status,
    statuses: statuses.values,
    sourceIds,
    origin: Uint32Array.from({ length: n }, (_, k) => k),
    variant: new Float64Array(n),
    variantSlots: 1,
  });
}

/** String → small integer, in order of first appearance. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(s);
      this.index.set(s, k);
    }
    return k;
  }
}
