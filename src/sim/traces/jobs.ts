/**
 * A job trace in columnar form: one typed array per field, so 800k+ jobs (a repeated 82k-job trace) stay compact.
 *
 * Job identity: every job comes from one row of the source file (`origin`, an index into `sourceIds`) and carries a
 * `variant` number, 0 for the row itself. Scaling (see scale.ts) makes new jobs from old ones; it keeps the pair
 * (origin, variant) unique by numbering new variants `k * variantSlots + oldVariant` and multiplying `variantSlots`.
 * `jobId` prints the pair: `philly-031566` for the original, `philly-031566~7` for variant 7.
 */

export interface JobTrace {
  readonly count: number;
  /** Submit time, seconds from the trace origin; non-decreasing. */
  readonly submitS: Float64Array;
  /** Run time, seconds (>= 0). */
  readonly durationS: Float64Array;
  /** GPUs per job (>= 1). */
  readonly gpus: Uint32Array;
  /** Index into `users` / `gpuTypes` / `statuses`; the empty string means "not given by the source". */
  readonly user: Uint32Array;
  readonly users: readonly string[];
  readonly gpuType: Uint32Array;
  readonly gpuTypes: readonly string[];
  readonly status: Uint32Array;
  readonly statuses: readonly string[];
  /** Job ids as the source file spells them. */
  readonly sourceIds: readonly string[];
  /** Index into sourceIds of the row each job comes from. */
  readonly origin: Uint32Array;
  /** 0 for the source row itself; distinct for every job made from the same row. */
  readonly variant: Float64Array;
  /** Variants in use are < variantSlots. */
  readonly variantSlots: number;
}

/** One job as a plain object (for a simulator that wants objects one at a time). */
export interface Job {
  readonly id: string;
  readonly submitS: number;
  readonly durationS: number;
  readonly gpus: number;
  readonly user: string;
  readonly gpuType: string;
  readonly status: string;
}

export function jobId(t: JobTrace, i: number): string {
  const base = t.sourceIds[t.origin[i] ?? 0] ?? '';
  const v = t.variant[i] ?? 0;
  return v === 0 ? base : `${base}~${v}`;
}

export function jobAt(t: JobTrace, i: number): Job {
  return {
    id: jobId(t, i),
    submitS: t.submitS[i] ?? 0,
    durationS: t.durationS[i] ?? 0,
    gpus: t.gpus[i] ?? 0,
    user: t.users[t.user[i] ?? 0] ?? '',
    gpuType: t.gpuTypes[t.gpuType[i] ?? 0] ?? '',
    status: t.statuses[t.status[i] ?? 0] ?? '',
  };
}

/**
 * The period a repeated copy of the trace is shifted by: last submit − first submit, plus the mean gap between
 * submissions, so the gap between the last job of one copy and the first of the next is a typical gap.
 * A trace whose jobs all share one submit time has no gaps: its span is then 1 s.
 */
export function traceSpanS(t: JobTrace): number {
  if (t.count < 2) return 1;
  const first = t.submitS[0] ?? 0;
  const last = t.submitS[t.count - 1] ?? 0;
  const width = last - first;
  return width + (width > 0 ? width / (t.count - 1) : 1);
}

/** New trace holding the jobs at `idx` (in that order) of `t`, with the given submit times and variants. */
export function gather(
  t: JobTrace,
  idx: ArrayLike<number>,
  submitS: Float64Array,
  variant: Float64Array,
  variantSlots: number,
  gpus?: Uint32Array,
): JobTrace {
  const n = idx.length;
  return {
    ...t,
    count: n,
    submitS,
    durationS: pickF64(t.durationS, idx),
    gpus: gpus ?? pickU32(t.gpus, idx),
    user: pickU32(t.user, idx),
    gpuType: pickU32(t.gpuType, idx),
    status: pickU32(t.status, idx),
    origin: pickU32(t.origin, idx),
    variant,
    variantSlots,
  };
}

// One loop per array type (monomorphic: a 2-million-row trace is gathered several times when scaled).
function pickF64(src: Float64Array, idx: ArrayLike<number>): Float64Array {
  const n = idx.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = src[idx[k] ?? 0] ?? 0;
  return out;
}

function pickU32(src: Uint32Array, idx: ArrayLike<number>): Uint32Array {
  const n = idx.length;
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = src[idx[k] ?? 0] ?? 0;
  return out;
}

/** The first `n` jobs of `t` (a prefix: no gather needed). */
export function prefix(t: JobTrace, n: number): JobTrace {
  if (n >= t.count) return t;
  return {
    ...t,
    count: n,
    submitS: t.submitS.slice(0, n),
    durationS: t.durationS.slice(0, n),
    gpus: t.gpus.slice(0, n),
    user: t.user.slice(0, n),
    gpuType: t.gpuType.slice(0, n),
    status: t.status.slice(0, n),
    origin: t.origin.slice(0, n),
    variant: t.variant.slice(0, n),
  };
}
