/**
 * Scaling a real trace to the size of a scenario. Every function is pure and returns a new trace; the random ones take
 * an Rng, so the result is fixed by the seed.
 *
 * - repeatJobs(t, copies): copy c (0-based) is the trace shifted by c × span, where span = traceSpanS(t)
 *   (last − first submit + the mean gap). Copies get new ids (`<id>~<variant>`); the count is exactly
 *   count × copies and submit times stay sorted.
 * - repeatToHorizon(t, horizonS): as many copies as needed to reach horizonS, then the jobs submitted at or after
 *   horizonS are dropped (82k Philly jobs over 108.9 days → about 800k over three years).
 * - scaleGpus(t, factor, cap): gpus := min(cap, max(1, round(gpus × factor))) — e.g. ×8 to turn single-GPU jobs of
 *   2017 into 8-GPU nodes, with the cap at the largest gang a scenario can host.
 * - resampleArrivals(t, rate, rng): rate < 1 keeps each job with probability `rate` (Bernoulli thinning); rate > 1
 *   keeps every job and adds floor(rate) − 1 extra copies plus one more with probability rate − floor(rate). Extra copies
 *   are submitted at uniform random times between the job's submit time and the next job's (the mean gap after the last
 *   job), so the order stays sorted and the arrival process keeps the trace's daily and weekly shape.
 * - scaleDemand(series, factor): multiplies every rate of a request demand series.
 *
 * Bad parameters give `scale.invalid` issues (with the parameter name in the path).
 */
import { type Issue, type Result, fail, ok } from '../../core/issues.js';
import type { Rng } from '../../core/rng.js';
import type { DemandSeries } from './azure-llm.js';
import { type JobTrace, gather, prefix, traceSpanS } from './jobs.js';

const MAX_SLOTS = Number.MAX_SAFE_INTEGER;

function invalid(param: string, message: string): Result<never> {
  const i: Issue = { code: 'scale.invalid', path: [param], message };
  return fail([i]);
}

export function repeatJobs(t: JobTrace, copies: number, spanS: number = traceSpanS(t)): Result<JobTrace> {
  if (!Number.isInteger(copies) || copies < 1)
    return invalid('copies', `copies must be a whole number >= 1, got ${copies}`);
  const width = t.count ? t.submitS[t.count - 1]! - t.submitS[0]! : 0;
  if (!Number.isFinite(spanS) || spanS < width) {
    return invalid(
      'spanS',
      `span ${spanS} s is shorter than the trace's ${width} s: copies would overlap and lose their order`,
    );
  }
  const slots = t.variantSlots * copies;
  if (slots > MAX_SLOTS) return invalid('copies', `too many copies: job variants would exceed ${MAX_SLOTS}`);
  const n = t.count * copies;
  const idx = new Uint32Array(n);
  const submit = new Float64Array(n);
  const variant = new Float64Array(n);
  for (let c = 0, k = 0; c < copies; c++) {
    for (let i = 0; i < t.count; i++, k++) {
      idx[k] = i;
      submit[k] = t.submitS[i]! + c * spanS;
      variant[k] = c * t.variantSlots + t.variant[i]!;
    }
  }
  return ok(gather(t, idx, submit, variant, slots));
}

export function repeatToHorizon(t: JobTrace, horizonS: number, spanS: number = traceSpanS(t)): Result<JobTrace> {
  if (!(horizonS > 0) || !Number.isFinite(horizonS))
    return invalid('horizonS', `horizon must be > 0 s, got ${horizonS}`);
  if (!(spanS > 0) || !Number.isFinite(spanS)) return invalid('spanS', `span must be > 0 s, got ${spanS}`);
  const first = t.count ? t.submitS[0]! : 0;
  const copies = Math.max(1, Math.ceil((horizonS - first) / spanS));
  const r = repeatJobs(t, copies, spanS);
  if (!r.ok) return r;
  const all = r.value;
  let keep = all.count;
  while (keep > 0 && all.submitS[keep - 1]! >= horizonS) keep--;
  return ok(prefix(all, keep));
}

export function scaleGpus(t: JobTrace, factor: number, cap: number): Result<JobTrace> {
  if (!(factor > 0) || !Number.isFinite(factor)) return invalid('factor', `GPU factor must be > 0, got ${factor}`);
  if (!Number.isInteger(cap) || cap < 1) return invalid('cap', `GPU cap must be a whole number >= 1, got ${cap}`);
  const gpus = new Uint32Array(t.count);
  for (let i = 0; i < t.count; i++) gpus[i] = Math.min(cap, Math.max(1, Math.round(t.gpus[i]! * factor)));
  return ok({ ...t, gpus });
}

export function resampleArrivals(t: JobTrace, rate: number, rng: Rng): Result<JobTrace> {
  if (!(rate > 0) || !Number.isFinite(rate)) return invalid('rate', `arrival rate factor must be > 0, got ${rate}`);
  const whole = Math.floor(rate);
  const frac = rate - whole;
  const maxCopies = Math.ceil(rate);
  const slots = t.variantSlots * maxCopies;
  if (slots > MAX_SLOTS) return invalid('rate', `rate too large: job variants would exceed ${MAX_SLOTS}`);
  const meanGap = t.count > 1 ? (t.submitS[t.count - 1]! - t.submitS[0]!) / (t.count - 1) : 0;
  const idx: number[] = [];
  const submit: number[] = [];
  const variant: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const m = whole + (frac > 0 && rng.next() < frac ? 1 : 0);
    if (m === 0) continue;
    const ti = t.submitS[i]!;
    const vi = t.variant[i]!;
    idx.push(i);
    submit.push(ti);
    variant.push(vi);
    if (m === 1) continue;
    const gap = (i + 1 < t.count ? t.submitS[i + 1]! : ti + meanGap) - ti;
    extra.length = 0;
    for (let k = 1; k < m; k++) extra.push(ti + rng.next() * gap);
    extra.sort((a, b) => a - b);
    for (let k = 1; k < m; k++) {
      idx.push(i);
      submit.push(extra[k - 1]!);
      variant.push(k * t.variantSlots + vi);
    }
  }
  return ok(gather(t, idx, Float64Array.from(submit), Float64Array.from(variant), slots));
}

export function scaleDemand(series: DemandSeries, factor: number): Result<DemandSeries> {
  if (!(factor >= 0) || !Number.isFinite(factor)) return invalid('factor', `demand factor must be >= 0, got ${factor}`);
  const mul = (a: Float64Array): Float64Array => a.map((x) => x * factor);
  return ok({
    ...series,
    requestsPerS: mul(series.requestsPerS),
    contextTokensPerS: mul(series.contextTokensPerS),
    generatedTokensPerS: mul(series.generatedTokensPerS),
    totalTokensPerS: mul(series.totalTokensPerS),
  });
}
