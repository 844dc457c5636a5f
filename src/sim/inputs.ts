/**
 * What a simulation run consumes, built from a scenario and (optionally) real traces. Pure: the shell reads the files.
 *
 * Jobs (training and batch) are held columnar, sorted by arrival, because a 7-year run repeats the Philly trace to
 * 800k+ jobs. A job is: arrival (epoch ms), work in H100 GPU-hours, gang size, a template workload (accepted GPUs,
 * tiers, class, priority, checkpoint interval, allow-lists) and an optional deadline.
 *
 * Philly trace → jobs (see docs/simulator.md):
 *   - submit_time_s is an offset from the horizon start; the trace is repeated to fill the horizon unless
 *     `repeat: false` (scale.ts repeatToHorizon);
 *   - duration_s is the run time of the gang on H100-equivalent GPUs: work = duration_s / 3600 × num_gpus
 *     H100 GPU-hours (a faster GPU finishes sooner: throughput table);
 *   - the template: kind `batch` (preemptible), accepted GPUs `H100, H200, A100-80GB` and every tier, checkpoint
 *     every hour, priority 3, class `trace` — each overridable (TraceOptions);
 *   - a row's `gpu_type`, when given, is the only GPU its job runs on (mapped onto the scenario's models by
 *     traces/gpu-type.ts; a type no rule maps is noted, `trace.unknown-gpu-type`, and its rows run as rows without
 *     one); rows without one take the accepted list above. Every job runs at its GPU's speed: hours = work / (gang × throughput relative to H100),
 *     at every (re)start (job-lifecycle.ts);
 *   - `gpuFactor` multiplies gang sizes (capped at the largest interconnect domain), `rate` resamples arrivals
 *     (scale.ts), `deadlineSlack` s gives each job the deadline submit + s × duration (none by default: the trace has
 *     no deadlines);
 *   - zero-duration rows are dropped (no work to do; the CLI counts them in a note on stderr);
 *   - the jobs a trace can make are bounded before anything is built (limits.ts jobBudget: at most 4,000,000).
 * Azure LLM requests → hourly inference demand: the trace is one hour; its total-token rate in 5-minute buckets,
 * divided by its mean, is a cycle of multipliers applied hour by hour to every inference service's demand (so the
 * scenario sets the level and the trace the variability), times `requestRate`.
 */
import type { BatchWorkload, InferenceWorkload, Scenario, Tier, TrainingWorkload, Workload } from '../core/types.js';
import { workloadId } from '../core/ids.js';
import type { Rng } from '../core/rng.js';
import { fail, ok, type Result } from '../core/issues.js';
import type { OutageEvent } from './outages/events.js';
import type { JobTrace } from './traces/jobs.js';
import { jobId } from './traces/jobs.js';
import { repeatToHorizon, resampleArrivals, scaleGpus } from './traces/scale.js';
import { demandSeries, type RequestTrace } from './traces/azure-llm.js';
import { HOUR_MS } from './world.js';
import { checkJobBudget } from './limits.js';
import { mapGpuTypes } from './traces/gpu-type.js';

export type JobWorkload = TrainingWorkload | BatchWorkload;

export interface JobSet {
  readonly count: number;
  readonly arrival: Float64Array;
  /** H100 GPU-hours. */
  readonly work: Float64Array;
  readonly gpus: Uint32Array;
  readonly template: Uint32Array;
  /** Epoch ms; NaN = no deadline. */
  readonly deadline: Float64Array;
  readonly templates: readonly JobWorkload[];
  name(i: number): string;
}

/** The template (trace workload) of job j: the one place that checks a job's template index, which the trace
 * reader sets (an index outside `templates` is a bug, and throws). */
export function templateOf(jobs: JobSet, j: number): JobWorkload {
  const t = jobs.templates[jobs.template[j] ?? -1];
  if (t === undefined) throw new RangeError(`job ${j} has no template`);
  return t;
}

export interface ServiceSpec {
  readonly workload: InferenceWorkload;
  readonly geo: string;
  /** H100-replica units demanded (before the hourly shape). */
  readonly units: number;
  readonly start: number;
  readonly end: number;
}

export interface SimInput {
  readonly scenario: Scenario;
  readonly horizon: { readonly start: number; readonly end: number };
  readonly jobs: JobSet;
  readonly services: readonly ServiceSpec[];
  /** Hourly demand multipliers, cycled from the horizon start; undefined = flat demand. */
  readonly demandShape?: Float64Array;
  readonly outages: readonly OutageEvent[];
}

export interface TraceOptions {
  readonly gpus?: readonly string[];
  readonly tiers?: readonly Tier[];
  readonly kind?: 'batch' | 'training';
  readonly checkpointEveryH?: number;
  readonly priority?: number;
  readonly repeat?: boolean;
  readonly gpuFactor?: number;
  readonly rate?: number;
  readonly deadlineSlack?: number;
}

export const TRACE_DEFAULTS = {
  gpus: ['H100', 'H200', 'A100-80GB'],
  tiers: ['reserved', 'committed', 'on-demand', 'spot'] as Tier[],
  kind: 'batch' as const,
  checkpointEveryH: 1,
  priority: 3,
};

/** Trace jobs mapped onto the scenario's horizon (see the module comment). */
export function traceJobs(
  trace: JobTrace,
  scenario: Scenario,
  horizon: { start: number; end: number },
  opts: TraceOptions,
  rng: Rng,
): Result<JobSet> {
  let t = trace;
  const horizonS = (horizon.end - horizon.start) / 1000;
  // Refuse before repeating or resampling allocates anything (a 300-row trace all at t = 0 repeated over a year
  // would be 9 billion jobs).
  const over = checkJobBudget({
    trace,
    scenarioJobs: 0,
    horizonS,
    repeat: opts.repeat !== false,
    rate: opts.rate ?? 1,
  });
  if (over) return fail([over]);
  if (opts.repeat !== false) {
    const r = repeatToHorizon(t, horizonS);
    if (!r.ok) return r;
    t = r.value;
  }
  if (opts.gpuFactor !== undefined && opts.gpuFactor !== 1) {
    const cap = Math.max(1, ...scenario.snapshot.providers.map((p) => p.interconnectDomainGpus));
    const r = scaleGpus(t, opts.gpuFactor, cap);
    if (!r.ok) return r;
    t = r.value;
  }
  if (opts.rate !== undefined && opts.rate !== 1) {
    const r = resampleArrivals(t, opts.rate, rng.fork('trace-rate'));
    if (!r.ok) return r;
    t = r.value;
  }
  if (opts.deadlineSlack !== undefined && !(opts.deadlineSlack >= 1)) {
    return fail([
      {
        code: 'scale.invalid',
        path: ['deadlineSlack'],
        message: `deadline slack must be >= 1, got ${opts.deadlineSlack}`,
      },
    ]);
  }
  const known = scenario.snapshot.throughput;
  const gpus = (opts.gpus ?? TRACE_DEFAULTS.gpus).filter((g) => known[g] !== undefined);
  if (gpus.length === 0) {
    return fail([
      {
        code: 'trace.gpus',
        path: ['gpus'],
        message: `none of the trace GPUs (${(opts.gpus ?? TRACE_DEFAULTS.gpus).join(', ')}) has a throughput figure in the scenario`,
      },
    ]);
  }
  const base = {
    team: 'trace',
    class: 'trace',
    priority: opts.priority ?? TRACE_DEFAULTS.priority,
    gpus,
    tiers: opts.tiers ?? TRACE_DEFAULTS.tiers,
    start: horizon.start,
    gpuCount: 1,
    work: 1,
    checkpointEvery: opts.checkpointEveryH ?? TRACE_DEFAULTS.checkpointEveryH,
  };
  const kind = opts.kind ?? 'batch';
  const templateFor = (id: string, accepted: readonly string[]): JobWorkload =>
    kind === 'training'
      ? { ...base, gpus: [...accepted], id: workloadId(id), kind: 'training' }
      : { ...base, gpus: [...accepted], id: workloadId(id), kind: 'batch' };
  // The trace's GPU type, when a row gives one, is the only GPU its job runs on (traces/gpu-type.ts maps the name);
  // rows without one take the default list. Template 0 is the default; one more per model named.
  // A type no rule maps runs on the default list (prepare-simulation notes it: gpuTypeNotes).
  const mapped = mapGpuTypes(t.gpuTypes, new Uint32Array(t.gpuTypes.length), Object.keys(known));
  const templates: JobWorkload[] = [templateFor('trace', gpus)];
  const templateOfModel = new Map<string, number>();
  const templateOfType = Uint32Array.from(mapped.models, (m) => {
    if (m === '') return 0;
    let k = templateOfModel.get(m);
    if (k === undefined) {
      k = templates.length;
      templates.push(templateFor(`trace-${m}`, [m]));
      templateOfModel.set(m, k);
    }
    return k;
  });
  const keepAll = new Uint32Array(t.count);
  let n = 0;
  for (let i = 0; i < t.count; i++) {
    const at = horizon.start + t.submitS[i]! * 1000;
    if (at >= horizon.end) break;
    if (t.durationS[i]! > 0) keepAll[n++] = i;
  }
  const keep = keepAll.slice(0, n);
  const arrival = new Float64Array(n);
  const work = new Float64Array(n);
  const g = new Uint32Array(n);
  const deadline = new Float64Array(n).fill(Number.NaN);
  const template = new Uint32Array(n);
  const slack = opts.deadlineSlack;
  for (let k = 0; k < n; k++) {
    const i = keep[k]!;
    arrival[k] = Math.round(horizon.start + t.submitS[i]! * 1000);
    work[k] = (t.durationS[i]! / 3600) * t.gpus[i]!;
    g[k] = t.gpus[i]!;
    template[k] = templateOfType[t.gpuType[i] ?? 0] ?? 0;
    if (slack !== undefined) deadline[k] = arrival[k]! + Math.round(slack * t.durationS[i]! * 1000);
  }
  const final = t;
  return ok({
    count: n,
    arrival,
    work,
    gpus: g,
    template,
    deadline,
    templates,
    name: (k) => jobId(final, keep[k]!),
  });
}

/** The scenario's own training and batch workloads as jobs, sorted by arrival (stable: file order on ties). */
export function scenarioJobs(scenario: Scenario, horizon: { start: number; end: number }): JobSet {
  const ws = scenario.request.workloads
    .filter((w): w is JobWorkload => w.kind !== 'inference' && w.start < horizon.end)
    .map((w, k) => ({ w, k }))
    .sort((a, b) => Math.max(a.w.start, horizon.start) - Math.max(b.w.start, horizon.start) || a.k - b.k)
    .map((x) => x.w);
  return {
    count: ws.length,
    arrival: Float64Array.from(ws, (w) => Math.max(w.start, horizon.start)),
    work: Float64Array.from(ws, (w) => w.work),
    gpus: Uint32Array.from(ws, (w) => w.gpuCount),
    template: Uint32Array.from(ws, (_, k) => k),
    deadline: Float64Array.from(ws, (w) => w.deadline ?? Number.NaN),
    templates: ws,
    name: (k) => ws[k]!.id,
  };
}

/** Two job sets merged by arrival (stable: `a` first on ties). */
export function mergeJobs(a: JobSet, b: JobSet): JobSet {
  const n = a.count + b.count;
  const src = new Uint8Array(n);
  const idx = new Uint32Array(n);
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    if (j >= b.count || (i < a.count && a.arrival[i]! <= b.arrival[j]!)) {
      src[k] = 0;
      idx[k] = i++;
    } else {
      src[k] = 1;
      idx[k] = j++;
    }
  }
  // One loop per array type (monomorphic: millions of rows).
  const pickF64 = (fa: Float64Array, fb: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = (src[k] ? fb[idx[k]!] : fa[idx[k]!])!;
    return out;
  };
  const pickU32 = (fa: Uint32Array, fb: Uint32Array): Uint32Array => {
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++) out[k] = (src[k] ? fb[idx[k]!] : fa[idx[k]!])!;
    return out;
  };
  const template = new Uint32Array(n);
  for (let k = 0; k < n; k++) template[k] = src[k] ? a.templates.length + b.template[idx[k]!]! : a.template[idx[k]!]!;
  return {
    count: n,
    arrival: pickF64(a.arrival, b.arrival),
    work: pickF64(a.work, b.work),
    gpus: pickU32(a.gpus, b.gpus),
    template,
    deadline: pickF64(a.deadline, b.deadline),
    templates: [...a.templates, ...b.templates],
    name: (k) => (src[k] ? b.name(idx[k]!) : a.name(idx[k]!)),
  };
}

export function scenarioServices(
  scenario: Scenario,
  horizon: { start: number; end: number },
  unitFactor = 1,
): ServiceSpec[] {
  const out: ServiceSpec[] = [];
  for (const w of scenario.request.workloads) {
    if (w.kind !== 'inference') continue;
    const start = Math.max(w.start, horizon.start);
    const end = Math.min(w.end ?? horizon.end, horizon.end);
    if (end <= start) continue;
    for (const d of w.demand)
      if (d.replicas > 0) out.push({ workload: w, geo: d.geo, units: d.replicas * unitFactor, start, end });
  }
  return out;
}

/** Hourly multipliers (mean 1 × rate) from a request trace: total tokens/s in `bucketS`-second buckets over the mean. */
export function demandShape(trace: RequestTrace, rate = 1, bucketS = 300): Float64Array {
  const s = demandSeries(trace, bucketS);
  const v = s.totalTokensPerS;
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length || 1;
  return Float64Array.from(v, (x) => (mean > 0 ? (x / mean) * rate : rate));
}

export const isJobWorkload = (w: Workload): w is JobWorkload => w.kind !== 'inference';
export { HOUR_MS };
