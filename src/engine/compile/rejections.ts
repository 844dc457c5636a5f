/**
 * Compile stage "rejection records": the one place compile turns a rejected (item, pool) pair into what the plan
 * reports — per workload, a count per filter, one sample reason per filter, and (only for workloads asked to be
 * explained) every rejection with its pool. The words of a rejection are asked of the filter only when someone will
 * read them: the first sample of each filter, or every rejection of an explained workload.
 */
import { reason, type Reason, type RejectionSource } from '../../core/codes.js';
import { type Filter, type FilterContext, type Rejection, rejection } from '../filters/filter.js';
import type { Pool } from '../problem.js';

export class RejectionLog {
  readonly counts: Record<string, number> = {};
  readonly samples: Record<string, Rejection> = {};
  readonly detailed: Rejection[] = [];

  /** `ctx`: the admission stage's filter context, which holds the pair just evaluated. */
  constructor(
    readonly explaining: boolean,
    private readonly filters: readonly Filter[],
    private readonly ctx: FilterContext,
  ) {}

  /** The `n` pools of GPUs the workload does not accept: counted under the GPU-model filter without asking it (their
   * classes are never visited). Called first, so that the filter's count comes first, as the filter does. */
  otherGpus(n: number): void {
    if (n > 0) this.counts['gpu-model'] = n;
  }

  /** Adds `n` to a filter's count (or to `dominated`), taking no sample. */
  count(filter: string, n: number): void {
    this.counts[filter] = (this.counts[filter] ?? 0) + n;
  }

  /** Counts one rejection by `filter`, and takes its words when someone will read them. */
  reject(filter: RejectionSource, why: () => Reason | undefined, pool: string, n = 1): void {
    const { counts, samples } = this;
    counts[filter] = (counts[filter] ?? 0) + n;
    if (samples[filter] === undefined || this.explaining) {
      const r = rejection(filter, why(), pool);
      samples[filter] ??= r;
      if (this.explaining) this.detailed.push(r);
    }
  }

  /** Rejected by filter i: its words are read from the context, which still holds the pair. */
  rejectBy(i: number, pool: Pool): void {
    const name = this.filters[i]!.name;
    // The common case, counted without building a closure: this filter's sample is taken and no one explains.
    if (this.samples[name] !== undefined && !this.explaining) this.counts[name]! += 1;
    else this.reject(name, () => this.filters[i]!.check(this.ctx), pool.id);
  }

  /** A shape another shape on the same terms dominates (shape-pruning.ts): `winner` holds as much for no more. */
  dominatedShape(lost: Pool, winner: Pool): void {
    // Counted only, the common case (as in rejectBy): the sample is taken and no one explains.
    if (this.samples['dominated'] !== undefined && !this.explaining) {
      this.counts['dominated']! += 1;
      return;
    }
    this.reject('dominated', () => reason('filter.dominated.holds', 'dominated', { by: winner.id }), lost.id);
  }

  /** `--explain` only: the detailed rejection of a pool the counts skip in bulk, after the admission stage evaluated
   * it (`why`: the first filter rejecting it, or -1), never touching counts or samples, so that explaining a workload
   * cannot change the plan's bytes. A pool every filter admits is recorded as `dominated` when `otherwise` says why. */
  detail(why: number, pool: Pool, otherwise?: () => Reason): void {
    if (why >= 0) this.detailed.push(rejection(this.filters[why]!.name, this.filters[why]!.check(this.ctx), pool.id));
    else if (otherwise) this.detailed.push(rejection('dominated', otherwise(), pool.id));
  }
}
