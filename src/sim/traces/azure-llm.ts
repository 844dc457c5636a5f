/**
 * Reader for LLM inference request traces in the normalised Azure LLM 2023 format
 * (data/traces/azure_llm_2023_conv_requests.csv):
 *
 *   timestamp_s,context_tokens,generated_tokens
 *
 * All three columns are required. Codes: trace.missing-column, trace.not-a-number, trace.negative (a time or a token
 * count below 0), trace.not-an-integer (a token count), trace.unsorted (timestamps must not decrease), trace.empty,
 * trace.too-many-rows (more than SIM_LIMITS.traceRows lines after the header, checked before parsing),
 * trace.too-large-value (a timestamp above 1,000,000,000 s, a token count above 10,000,000: src/sim/limits.ts), and
 * the CSV reader's csv.* codes. Token counts are whole numbers in digits only.
 *
 * `demandSeries` turns the requests into a per-bucket demand series (requests/s and tokens/s), the input a simulator
 * needs to size inference replicas.
 */
import { type Result, fail, ok } from '../../core/issues.js';
import { at, parseCsv } from '../../core/csv.js';
import { SIM_LIMITS } from '../limits.js';
import { Cells, checkRowCount, resolveColumns } from './table.js';

export interface RequestTrace {
  readonly count: number;
  /** Seconds from the trace origin; non-decreasing. */
  readonly timestampS: Float64Array;
  /** Prompt (prefill) tokens per request. */
  readonly contextTokens: Uint32Array;
  /** Output (decode) tokens per request. */
  readonly generatedTokens: Uint32Array;
}

const COLUMNS = ['timestamp_s', 'context_tokens', 'generated_tokens'] as const;

export function parseAzureLlmRequests(
  text: string,
  file: string,
  maxRows: number = SIM_LIMITS.traceRows,
): Result<RequestTrace> {
  const tooMany = checkRowCount(text, file, maxRows);
  if (tooMany) return fail([tooMany]);
  const csv = parseCsv(text, file);
  if (!csv.ok) return csv;
  const table = csv.value;
  const colsR = resolveColumns(table, COLUMNS);
  if (!colsR.ok) return colsR;
  const c = colsR.value;
  const n = table.records.length;
  if (n === 0) return fail([at('trace.empty', file, table.header.line, 1, 'the trace has a header but no requests')]);

  const cells = new Cells(table);
  const timestampS = new Float64Array(n);
  const contextTokens = new Uint32Array(n);
  const generatedTokens = new Uint32Array(n);
  let prev: { t: number; line: number } | undefined;
  for (let i = 0; i < n; i++) {
    const rec = table.records[i]!;
    const t = cells.number(i, rec, c.timestamp_s, 'non-negative', SIM_LIMITS.traceSeconds);
    if (t !== undefined) {
      if (prev && t < prev.t) {
        cells.report(
          i,
          rec,
          c.timestamp_s,
          'trace.unsorted',
          `timestamp_s ${t} is earlier than ${prev.t} on line ${prev.line}: rows must be sorted by time`,
        );
      }
      prev = { t, line: rec.line };
      timestampS[i] = t;
    }
    contextTokens[i] = cells.number(i, rec, c.context_tokens, 'non-negative-int', SIM_LIMITS.traceTokens) ?? 0;
    generatedTokens[i] = cells.number(i, rec, c.generated_tokens, 'non-negative-int', SIM_LIMITS.traceTokens) ?? 0;
  }
  if (cells.issues.length) return fail(cells.issues);
  return ok({ count: n, timestampS, contextTokens, generatedTokens });
}

/** Demand per time bucket. Bucket k covers [k·bucketS, min((k+1)·bucketS, endS)). */
export interface DemandSeries {
  readonly bucketS: number;
  /** End of the observed window, seconds from the origin. */
  readonly endS: number;
  readonly requestsPerS: Float64Array;
  readonly contextTokensPerS: Float64Array;
  readonly generatedTokensPerS: Float64Array;
  /** context + generated. */
  readonly totalTokensPerS: Float64Array;
}

/**
 * Aggregate requests into buckets of `bucketS` seconds (> 0). The observed window is [0, endS], endS defaulting to the
 * last timestamp. Rates divide by the part of the bucket inside the window (bucketSeconds), so a last partial bucket
 * is not diluted (the 3,502 s Azure trace in one 3,600 s bucket gives its true mean rate). Requests after endS are
 * ignored.
 */
export function demandSeries(trace: RequestTrace, bucketS: number, endS?: number): DemandSeries {
  if (!(bucketS > 0) || !Number.isFinite(bucketS)) throw new RangeError(`bucketS must be > 0, got ${bucketS}`);
  const end = endS ?? (trace.count ? trace.timestampS[trace.count - 1]! : 0);
  const buckets = Math.max(1, Math.ceil(end / bucketS));
  const req = new Float64Array(buckets);
  const ctx = new Float64Array(buckets);
  const gen = new Float64Array(buckets);
  for (let i = 0; i < trace.count; i++) {
    const t = trace.timestampS[i]!;
    if (t > end) break;
    const k = Math.min(buckets - 1, Math.floor(t / bucketS));
    req[k]! += 1;
    ctx[k]! += trace.contextTokens[i]!;
    gen[k]! += trace.generatedTokens[i]!;
  }
  const total = new Float64Array(buckets);
  for (let k = 0; k < buckets; k++) {
    const len = bucketSeconds(bucketS, end, k);
    req[k]! /= len;
    ctx[k]! /= len;
    gen[k]! /= len;
    total[k] = ctx[k]! + gen[k]!;
  }
  return {
    bucketS,
    endS: end,
    requestsPerS: req,
    contextTokensPerS: ctx,
    generatedTokensPerS: gen,
    totalTokensPerS: total,
  };
}

/** Seconds the rates of bucket k are averaged over: the part of [k·bucketS, (k+1)·bucketS) inside [0, endS], but at
 * least min(bucketS, 1 s), so a window of a few microseconds (a lone request) does not read as an enormous rate.
 * rate × bucketSeconds gives back the count. */
export function bucketSeconds(bucketS: number, endS: number, k: number): number {
  const covered = Math.min((k + 1) * bucketS, endS) - k * bucketS;
  return Math.max(covered, Math.min(bucketS, 1));
}
