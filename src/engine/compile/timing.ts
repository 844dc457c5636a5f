/**
 * Compile stage "timing": per workload and GPU model, its throughput, duration, end and the hours it is active in each
 * bucket — the same on every pool of that GPU, so computed once per (workload, GPU) and kept until the next workload.
 */
import type { Snapshot, Workload } from '../../core/types.js';
import { bucketAt, hoursToMs, overlapHours } from '../buckets.js';
import type { Bucket } from '../problem.js';

export interface Timing {
  readonly rel: number | undefined;
  readonly durationHours: number;
  readonly end: number;
  readonly first: number;
  readonly last: number;
  /** Hours active in each bucket first..last. */
  readonly hours: readonly number[];
  /** Per GPUs occupied: GPUs × hours in each bucket first..last (filled by the costing stage). */
  readonly gpuHours: Map<number, number[]>;
}

export class Timings {
  #byGpu = new Map<string, Timing>();
  // The last GPU asked and its timing: a workload's classes come grouped by GPU, so most asks repeat the last one.
  #lastGpu: string | undefined;
  #lastTiming: Timing | undefined;

  constructor(
    private readonly throughput: Snapshot['throughput'],
    private readonly buckets: readonly Bucket[],
    private readonly horizonEnd: number,
  ) {}

  /** Forgets the timings of the previous workload. */
  reset(): void {
    this.#byGpu = new Map();
    this.#lastGpu = undefined;
  }

  /** Workload w's timing on GPU `gpu` when it starts at `start` (the same start for every ask until `reset`). */
  of(w: Workload, gpu: string, start: number): Timing {
    if (gpu === this.#lastGpu) return this.#lastTiming!;
    let t = this.#byGpu.get(gpu);
    if (!t) {
      t = timingOn(w, gpu, start, this.throughput, this.buckets, this.horizonEnd);
      this.#byGpu.set(gpu, t);
    }
    this.#lastGpu = gpu;
    this.#lastTiming = t;
    return t;
  }
}

export function timingOn(
  w: Workload,
  gpu: string,
  start: number,
  throughput: Snapshot['throughput'],
  buckets: readonly Bucket[],
  h1: number,
): Timing {
  const rel = w.throughput?.[gpu] ?? throughput[gpu];
  const gang = w.kind !== 'inference';
  const durationHours = gang ? (rel ? w.work / (w.gpuCount * rel) : Infinity) : ((w.end ?? h1) - start) / 3_600_000;
  const end = Number.isFinite(durationHours) ? start + hoursToMs(durationHours) : h1;
  const first = bucketAt(buckets, start);
  const last = bucketAt(buckets, Math.min(end, h1) - 1);
  const hours: number[] = [];
  for (let b = first; b <= last; b++) hours.push(overlapHours(buckets[b]!, start, end));
  return { rel, durationHours, end, first, last, hours, gpuHours: new Map() };
}
