/**
 * The teams of one run, for fair sharing of the waiting queue (policies with SimPolicy.preempt): each job template's
 * team, and per team the GPUs its jobs hold now and the GPU-hours they have held so far (accrued exactly: booked
 * at each stop, plus GPUs × time for what runs now), and its weight (the scenario's `policies.teamWeights`, 1 when not
 * listed; the order itself is core/fair-share.ts). Without sharing every template is team 0 and nothing else is read.
 */
import { teamWeight } from '../../core/fair-share.js';
import type { JobWorkload } from '../inputs.js';
import { HOUR_MS } from '../world.js';

export class Teams {
  /** Team index of each job template. */
  readonly ofTemplate: Int32Array;
  readonly count: number;
  /** Per team: its fair-share weight (> 0). */
  readonly weight: Float64Array;
  /** Per team: GPUs running now; Σ gpus × run start (ms) of those runs; GPU-ms of runs already stopped. */
  readonly runGpus: Float64Array;
  readonly anchor: Float64Array;
  readonly bookedGpuMs: Float64Array;

  constructor(templates: readonly JobWorkload[], share: boolean, weights?: Readonly<Record<string, number>>) {
    const index = new Map<string, number>();
    this.ofTemplate = Int32Array.from(templates, (t) => {
      if (!share) return 0;
      let i = index.get(t.team);
      if (i === undefined) {
        i = index.size;
        index.set(t.team, i);
      }
      return i;
    });
    this.count = Math.max(1, index.size);
    this.weight = new Float64Array(this.count).fill(1);
    for (const [team, t] of index) this.weight[t] = teamWeight(weights, team);
    this.runGpus = new Float64Array(this.count);
    this.anchor = new Float64Array(this.count);
    this.bookedGpuMs = new Float64Array(this.count);
  }

  /** The team of a job of template `template`. */
  of(template: number | undefined): number {
    return this.ofTemplate[template ?? 0] ?? 0;
  }

  /** A run of `gpus` GPUs of team t starts at `now`. */
  started(t: number, gpus: number, now: number): void {
    this.runGpus[t] = (this.runGpus[t] ?? 0) + gpus;
    this.anchor[t] = (this.anchor[t] ?? 0) + gpus * now;
  }

  /** A run of `gpus` GPUs of team t that started at `start` stops at `now`. */
  stopped(t: number, gpus: number, start: number, now: number): void {
    this.runGpus[t] = (this.runGpus[t] ?? 0) - gpus;
    this.anchor[t] = (this.anchor[t] ?? 0) - gpus * start;
    this.bookedGpuMs[t] = (this.bookedGpuMs[t] ?? 0) + gpus * (now - start);
  }

  /** GPUs team t's jobs hold now. */
  gpusNow(t: number): number {
    return this.runGpus[t] ?? 0;
  }

  /** GPU-hours team t's jobs have held up to `now`. */
  usedGpuH(t: number, now: number): number {
    return ((this.bookedGpuMs[t] ?? 0) + (this.runGpus[t] ?? 0) * now - (this.anchor[t] ?? 0)) / HOUR_MS;
  }
}
