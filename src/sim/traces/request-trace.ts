/**
 * Reader for LLM request traces (`--requests`): the bundled Azure file (data/traces/azure_llm_2023_conv_requests.csv,
 * `timestamp_s,context_tokens,generated_tokens`) and the public traces that differ from it in names and time format —
 * Azure LLM inference 2023 and 2024 (`TIMESTAMP,ContextTokens,GeneratedTokens`, ISO date-times; Splitwise uses them),
 * BurstGPT (`Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type`) — through the column mapping of
 * columns.ts (REQUEST_FIELDS). docs/simulator.md, "Trace formats", describes it for users. Rules and codes:
 *   columns       timestamp, context tokens and generated tokens, all required (trace.missing-column,
 *                 trace.ambiguous-column); other columns are ignored
 *   timestamps    offsets in seconds (or `timestamp_ms`), or absolute times (ISO 8601, Unix seconds) made offsets from
 *                 the earliest; one kind per column (times.ts)            trace.not-a-number, trace.mixed-times
 *   token counts  whole numbers in digits, 0 to 10,000,000                trace.not-an-integer, trace.too-large-value
 *   negative values                                                       trace.negative
 *   rows with an empty cell in a required column are left out            note trace.incomplete-rows
 *   rows out of time order are sorted (stable)                           note trace.sorted
 *   not CSV text, too many rows or fields, no rows                        trace.not-csv, trace.too-many-rows,
 *                                                                         trace.too-many-fields, trace.empty
 * Pure.
 */
import { type Issue, type Result, fail, ok } from '../../core/issues.js';
import { at } from '../../core/csv.js';
import { SIM_LIMITS } from '../limits.js';
import type { RequestTrace } from './azure-llm.js';
import { type Column, findColumns, missingColumns, REQUEST_FIELDS } from './columns.js';
import { incompleteNote, type ReadTrace } from './job-trace.js';
import { sniffNotCsv, scanRows, type Row } from './rows.js';
import { checkRowCount } from './table.js';
import { f64, permuteF64, permuteU32, RowCells, shiftToEarliest, sortOrder, u32 } from './row-cells.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

export function readRequestTrace(
  text: string,
  file: string,
  maxRows: number = SIM_LIMITS.traceRows,
): Result<ReadTrace<RequestTrace>> {
  const notCsv = sniffNotCsv(text, file, 'request trace');
  if (notCsv) return fail([notCsv]);
  const tooMany = checkRowCount(text, file, maxRows);
  if (tooMany) return fail([tooMany]);

  const cells = new RowCells(file);
  let header: Row | undefined;
  let c: { readonly [P in keyof typeof REQUEST_FIELDS]?: Column } = {};
  /** The three columns, once the header has them. */
  let need: { time: Column; context: Column; generated: Column } | undefined;
  const time = f64();
  const context = u32();
  const generated = u32();
  const lineOf = u32();
  let incomplete = 0;
  let firstIncomplete = 0;
  const emptyCols = new Set<string>();
  let k = -1;

  const structure = scanRows(text, file, (row) => {
    if (header === undefined) {
      header = row;
      const place = { file, line: row.line, cols: row.cols };
      const found = findColumns(row.fields, REQUEST_FIELDS, place);
      c = found.columns;
      for (const i of found.issues) cells.issues.push(i);
      const missing = (Object.keys(REQUEST_FIELDS) as (keyof typeof REQUEST_FIELDS)[])
        .filter((f) => !c[f] && !found.ambiguous.has(f))
        .map((f) => REQUEST_FIELDS[f]);
      if (missing.length) cells.issues.push(missingColumns(missing, row.fields, place));
      if (c.time && c.context && c.generated) need = { time: c.time, context: c.context, generated: c.generated };
      return cells.issues.length === 0;
    }
    if (need === undefined) return false;
    k++;
    if (!cells.fieldCount(row, k, header)) return true;
    const t = cells.time(row, k, need.time);
    const ctx = cells.number(row, k, need.context, 'count', SIM_LIMITS.traceTokens);
    const gen = cells.number(row, k, need.generated, 'count', SIM_LIMITS.traceTokens);
    if (t === 'bad' || ctx === 'bad' || gen === 'bad') return true;
    if (t === 'empty' || ctx === 'empty' || gen === 'empty') {
      if (incomplete++ === 0) firstIncomplete = row.line;
      if (t === 'empty') emptyCols.add(need.time.header);
      if (ctx === 'empty') emptyCols.add(need.context.header);
      if (gen === 'empty') emptyCols.add(need.generated.header);
      return true;
    }
    if (cells.issues.length) return true;
    time.push(t);
    context.push(ctx);
    generated.push(gen);
    lineOf.push(row.line);
    return true;
  });
  if (structure) return fail([structure]);
  if (header === undefined) return fail([at('csv.empty', file, 1, 1, 'file is empty: a header line is needed')]);
  if (cells.issues.length) return fail(cells.issues);

  const notes: Issue[] = [];
  const note = (code: Issue['code'], message: string) => notes.push({ code, path: [], message, file });
  if (incomplete) note('trace.incomplete-rows', incompleteNote(incomplete, emptyCols, firstIncomplete));
  const n = time.length;
  if (n === 0) {
    const why = incomplete
      ? `the trace has no usable requests: every row was left out (${notes[0]?.message ?? ''})`
      : 'the trace has a header but no requests';
    return fail([at('trace.empty', file, header.line, 1, why)]);
  }
  let timestampS = time.done();
  let contextTokens = context.done();
  let generatedTokens = generated.done();
  let lines = lineOf.done();
  if (cells.kindOf(c.time) === 'absolute') shiftToEarliest(timestampS);
  const sorted = sortOrder(timestampS);
  if (sorted) {
    const { order, firstOut } = sorted;
    note(
      'trace.sorted',
      `rows are not in time order (line ${lines[firstOut]} is earlier than line ${lines[firstOut - 1]}): read sorted by time, ties in file order`,
    );
    timestampS = permuteF64(timestampS, order);
    contextTokens = permuteU32(contextTokens, order);
    generatedTokens = permuteU32(generatedTokens, order);
    lines = permuteU32(lines, order);
  }
  const last = timestampS[n - 1] ?? 0;
  if (last > SIM_LIMITS.traceSeconds) {
    return fail([
      at(
        'trace.too-large-value',
        file,
        lines[n - 1] ?? 1,
        1,
        `${c.time?.header ?? ''}: the trace spans ${fmt(Math.round(last))} s from its first to its last request, more than the limit of ${fmt(SIM_LIMITS.traceSeconds)} s (docs/limits.md)`,
      ),
    ]);
  }
  return ok({ trace: { count: n, timestampS, contextTokens, generatedTokens }, notes });
}
