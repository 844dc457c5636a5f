/**
 * LLM inference request traces as the simulator takes them: the trace (read by request-trace.ts `readRequestTrace`,
 * which documents the accepted formats: the bundled data/traces/azure_llm_2023_conv_requests.csv,
 * `timestamp_s,context_tokens,generated_tokens`, the raw Azure 2023/2024 files, BurstGPT, …) and
 * `demandSeries`, which turns the requests into a per-bucket demand series (requests/s and tokens/s), the input a
 * simulator needs to size inference replicas.
 */
import { type Result, ok } from '../../core/issues.js';
import { SIM_LIMITS } from '../limits.js';
import { readRequestTrace } from './request-trace.js';

export interface RequestTrace {
  readonly count: number;
  /** Seconds from the trace origin; non-decreasing. */
  readonly timestampS: Float64Array;
  /** Prompt (prefill) tokens per request. */
  readonly contextTokens: Uint32Array;
  /** Output (decode) tokens per request. */
  readonly generatedTokens: Uint32Array;
}

/** The request trace without the reader's notes (request-trace.ts `readRequestTrace` has the rules). */
export function parseAzureLlmRequests(
  text: string,
  file: string,
  maxRows: number = SIM_LIMITS.traceRows,
): Result<RequestTrace> {
  const r = readRequestTrace(text, file, maxRows);
  return r.ok ? ok(r.value.trace) : r;
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
