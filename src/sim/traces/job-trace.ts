/**
 * Reader for job traces (`--trace`): the bundled Philly file (data/traces/philly_jobs.csv,
 * `job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status`) and the public GPU-cluster traces that differ from
 * it only in names, units and time formats — Helios `cluster_log.csv`, Alibaba `openb_pod_list_*.csv` (v2023), the
 * raw Pollux/Philly `philly.csv` — through the one column mapping of columns.ts (JOB_FIELDS). docs/simulator.md,
 * "Trace formats", is the user's description; the rules, each with its code:
 *
 * Columns
 *   submit time   required (submit_time_s, submit_time, timestamp, creation_time, …)
 *   run time      a duration column (duration_s, duration, runtime; duration_min, duration_ms, duration_h), else
 *                 end − start (start_time/scheduled_time, end_time/deletion_time), else end − submit
 *   num_gpus      required (num_gpus, gpu_num, num_gpu, gpus, …)
 *   job_id, gpu_type, user, status   optional (a trace without ids gets `line-<line number>`)
 *   trace.missing-column (naming each missing field and the names it accepts), trace.ambiguous-column
 * Cells
 *   times         offsets in seconds, or absolute times (ISO 8601 date-times, Unix seconds) made offsets from the
 *                 earliest submit time; one kind per column (times.ts)    trace.not-a-number, trace.mixed-times
 *   negative times, durations, counts                                     trace.negative
 *   num_gpus a whole number in digits                                     trace.not-an-integer
 *   past a limit (SIM_LIMITS: 1e9 s, 65,536 GPUs)                         trace.too-large-value
 *   job_id empty / used twice                                             trace.empty-id / trace.duplicate-id
 *   a row with a different number of fields than the header             csv.field-count
 * Rows kept, with a note each (the run goes on; the CLI prints the notes):
 *   rows with num_gpus 0 (CPU-only jobs: Helios, Alibaba) are left out    note trace.zero-gpus
 *   rows with an empty submit time, run time or GPU count (a pod never scheduled) are left out
 *                                                                         note trace.incomplete-rows
 *   rows out of submit-time order are sorted (stable)                    note trace.sorted
 *   (rows with duration 0 are kept; the simulator skips them: note trace.zero-duration, prepare-simulation.ts)
 * File
 *   not a CSV text (gzip, zip, Parquet, binary, JSON)                     trace.not-csv
 *   more than SIM_LIMITS.traceRows lines or traceFields fields on a line, checked before anything is allocated
 *                                                                         trace.too-many-rows / trace.too-many-fields
 *   no rows left                                                          trace.empty
 * Every problem found is reported (up to csv.MAX_ISSUES). Pure.
 */
import { type Issue, type Result, fail, ok } from '../../core/issues.js';
import { at } from '../../core/csv.js';
import { excerpt } from '../../core/excerpt.js';
import { SIM_LIMITS } from '../limits.js';
import type { JobTrace } from './jobs.js';
import { type Column, findColumns, JOB_FIELDS, missingColumns } from './columns.js';
import { sniffNotCsv, scanRows, type Row } from './rows.js';
import { checkRowCount } from './table.js';
import {
  type Cell,
  f64,
  Interner,
  permuteF64,
  permuteU32,
  RowCells,
  roundUs,
  shiftToEarliest,
  sortOrder,
  u32,
} from './row-cells.js';

type JobColumns = { readonly [P in keyof typeof JOB_FIELDS]?: Column };

export interface ReadTrace<T> {
  readonly trace: T;
  /** Things done to the rows that the user should know of (rows left out, rows sorted): `{ code, message, file }`. */
  readonly notes: readonly Issue[];
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const rows = (n: number): string => `${fmt(n)} ${n === 1 ? 'row' : 'rows'}`;

/** The note on rows left out for an empty required cell. */
export function incompleteNote(n: number, columns: ReadonlySet<string>, firstLine: number): string {
  const one = n === 1;
  return `${rows(n)} ${one ? 'has' : 'have'} an empty ${[...columns].map((c) => excerpt(c)).join(' / ')} (${one ? '' : 'the first '}on line ${firstLine}) and ${one ? 'is' : 'are'} left out`;
}

export function readJobTrace(
  text: string,
  file: string,
  maxRows: number = SIM_LIMITS.traceRows,
): Result<ReadTrace<JobTrace>> {
  const notCsv = sniffNotCsv(text, file, 'job trace');
  if (notCsv) return fail([notCsv]);
  const tooMany = checkRowCount(text, file, maxRows);
  if (tooMany) return fail([tooMany]);

  const cells = new RowCells(file);
  let header: Row | undefined;
  let c: JobColumns = {};
  /** The required columns, once the header has them. */
  let need: { submit: Column; gpus: Column } | undefined;
  const submit = f64();
  const duration = f64();
  const gpus = u32();
  const user = u32();
  const gpuType = u32();
  const status = u32();
  const lineOf = u32();
  const sourceIds: string[] = [];
  const users = new Interner();
  const gpuTypes = new Interner();
  const statuses = new Interner();
  const firstLine = new Map<string, number>();
  let zeroGpus = 0;
  let incomplete = 0;
  let firstIncomplete = 0;
  const emptyCols = new Set<string>();
  let k = -1;

  const structure = scanRows(text, file, (row) => {
    if (header === undefined) {
      header = row;
      const found = findColumns(row.fields, JOB_FIELDS, { file, line: row.line, cols: row.cols });
      c = found.columns;
      for (const i of found.issues) cells.issues.push(i);
      const lacks = (f: keyof typeof JOB_FIELDS) => !c[f] && !found.ambiguous.has(f);
      const missing = [
        ...(lacks('submit') ? [JOB_FIELDS.submit] : []),
        ...(lacks('duration') && lacks('end') ? [JOB_FIELDS.duration] : []),
        ...(lacks('gpus') ? [JOB_FIELDS.gpus] : []),
      ];
      if (missing.length) {
        const place = { file, line: row.line, cols: row.cols };
        cells.issues.push(missingColumns(missing, row.fields, place, { duration_s: ' or end_time(−start_time)' }));
      }
      if (c.submit && c.gpus) need = { submit: c.submit, gpus: c.gpus };
      return cells.issues.length === 0;
    }
    if (need === undefined) return false;
    k++;
    if (!cells.fieldCount(row, k, header)) return true;
    let id = `line-${row.line}`;
    if (c.id) {
      id = cells.text(row, c.id);
      if (id === '') cells.report(row, k, c.id, 'trace.empty-id', `${c.id.header} is empty`);
      else {
        const seen = firstLine.get(id);
        if (seen !== undefined)
          cells.report(
            row,
            k,
            c.id,
            'trace.duplicate-id',
            `${c.id.header} '${excerpt(id)}' already used on line ${seen}`,
          );
        else firstLine.set(id, row.line);
      }
    }
    const empty: string[] = [];
    const t = cells.time(row, k, need.submit);
    if (t === 'empty') empty.push(need.submit.header);
    const d = runTime(cells, row, k, c, need.submit, t, empty);
    const g = cells.number(row, k, need.gpus, 'count', SIM_LIMITS.traceGpus);
    if (g === 'empty') empty.push(need.gpus.header);
    if (t === 'bad' || d === 'bad' || g === 'bad') return true;
    if (t === 'empty' || d === 'empty' || g === 'empty') {
      if (incomplete++ === 0) firstIncomplete = row.line;
      for (const e of empty) emptyCols.add(e);
      return true;
    }
    if (g === 0) {
      zeroGpus++;
      return true;
    }
    if (cells.issues.length) return true;
    submit.push(t);
    duration.push(d);
    gpus.push(g);
    user.push(users.id(cells.text(row, c.user)));
    gpuType.push(gpuTypes.id(cells.text(row, c.gpuType)));
    status.push(statuses.id(cells.text(row, c.status)));
    lineOf.push(row.line);
    sourceIds.push(id);
    return true;
  });
  if (structure) return fail([structure]);
  if (header === undefined) return fail([at('csv.empty', file, 1, 1, 'file is empty: a header line is needed')]);
  if (cells.issues.length) return fail(cells.issues);

  const notes: Issue[] = [];
  const note = (code: Issue['code'], message: string) => notes.push({ code, path: [], message, file });
  if (zeroGpus)
    note(
      'trace.zero-gpus',
      `${rows(zeroGpus)} ${zeroGpus === 1 ? 'asks' : 'ask'} for 0 GPUs (CPU-only jobs) and ${zeroGpus === 1 ? 'is' : 'are'} left out`,
    );
  if (incomplete) note('trace.incomplete-rows', incompleteNote(incomplete, emptyCols, firstIncomplete));
  const n = submit.length;
  if (n === 0) {
    const left = zeroGpus + incomplete;
    return fail([
      at(
        'trace.empty',
        file,
        header.line,
        1,
        left
          ? `the trace has no usable jobs: every row was left out (${notes.map((x) => x.message).join('; ')})`
          : 'the trace has a header but no jobs',
      ),
    ]);
  }
  let submitS = submit.done();
  let durationS = duration.done();
  let g = gpus.done();
  let u = user.done();
  let gt = gpuType.done();
  let st = status.done();
  let lines = lineOf.done();
  let ids = sourceIds;
  if (cells.kindOf(c.submit) === 'absolute') shiftToEarliest(submitS);
  const sorted = sortOrder(submitS);
  if (sorted) {
    const { order, firstOut } = sorted;
    note(
      'trace.sorted',
      `rows are not in submit-time order (line ${lines[firstOut]} is earlier than line ${lines[firstOut - 1]}): read sorted by submit time, ties in file order`,
    );
    submitS = permuteF64(submitS, order);
    durationS = permuteF64(durationS, order);
    g = permuteU32(g, order);
    u = permuteU32(u, order);
    gt = permuteU32(gt, order);
    st = permuteU32(st, order);
    lines = permuteU32(lines, order);
    ids = Array.from(order, (i) => sourceIds[i] ?? '');
  }
  const last = submitS[n - 1] ?? 0;
  if (last > SIM_LIMITS.traceSeconds) {
    return fail([
      at(
        'trace.too-large-value',
        file,
        lines[n - 1] ?? 1,
        1,
        `${c.submit?.header ?? ''}: the trace spans ${fmt(Math.round(last))} s from its first to its last submit time, more than the limit of ${fmt(SIM_LIMITS.traceSeconds)} s (docs/limits.md)`,
      ),
    ]);
  }
  return ok({
    trace: {
      count: n,
      submitS,
      durationS,
      gpus: g,
      user: u,
      users: users.values,
      gpuType: gt,
      gpuTypes: gpuTypes.values,
      status: st,
      statuses: statuses.values,
      sourceIds: ids,
      origin: Uint32Array.from({ length: n }, (_, i) => i),
      variant: new Float64Array(n),
      variantSlots: 1,
    },
    notes,
  });
}

/** A row's run time in seconds: the duration column, else end − start, else end − submit (`t`). */
function runTime(
  cells: RowCells,
  row: Row,
  k: number,
  c: JobColumns,
  submitCol: Column,
  t: Cell,
  empty: string[],
): Cell {
  if (c.duration) {
    const d = cells.number(row, k, c.duration, 'seconds', SIM_LIMITS.traceSeconds);
    if (d === 'empty') empty.push(c.duration.header);
    return d;
  }
  const endCol = c.end;
  if (endCol === undefined) return 'bad'; // the header check requires a duration or an end column
  const startCol = c.start;
  const end = cells.time(row, k, endCol);
  const start = startCol ? cells.time(row, k, startCol) : t;
  if (end === 'empty') empty.push(endCol.header);
  if (startCol && start === 'empty') empty.push(startCol.header);
  if (end === 'bad' || start === 'bad') return 'bad';
  if (end === 'empty' || start === 'empty') return 'empty';
  const from = startCol ?? submitCol;
  if (cells.kindOf(endCol) !== cells.kindOf(from)) {
    cells.report(
      row,
      k,
      endCol,
      'trace.mixed-times',
      `${endCol.header} and ${from.header} must both be offsets or both absolute times to give a run time`,
    );
    return 'bad';
  }
  const d = roundUs(end - start);
  if (d < 0) {
    cells.report(
      row,
      k,
      endCol,
      'trace.negative',
      `${endCol.header} ${excerpt(cells.text(row, endCol))} is before ${from.header} ${excerpt(cells.text(row, from))}: the run time would be negative`,
    );
    return 'bad';
  }
  if (d > SIM_LIMITS.traceSeconds) {
    cells.report(
      row,
      k,
      endCol,
      'trace.too-large-value',
      `${endCol.header} − ${from.header} is ${fmt(Math.round(d))} s, above the limit of ${fmt(SIM_LIMITS.traceSeconds)} s (docs/limits.md)`,
    );
    return 'bad';
  }
  return d;
}
