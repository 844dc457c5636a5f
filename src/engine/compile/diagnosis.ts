/**
 * Compile stage "why-not": for an item no pool admitted, every filter is asked about every pool of an accepted GPU,
 * so that why-not.ts can say which filter binds (the admission stage stops at the first rejecting filter).
 */
import type { Workload } from '../../core/types.js';
import { type Diagnosis, DiagnosisBuilder } from '../why-not.js';
import type { Admission } from './admission.js';
import type { PoolClass } from './supply-index.js';

export function diagnoseItem(
  a: Admission,
  w: Workload,
  geo: string | undefined,
  start: number,
  classes: readonly PoolClass[],
): Diagnosis {
  const diag = new DiagnosisBuilder();
  for (const cls of classes) {
    for (const pool of cls.pools) {
      const failing: number[] = [];
      a.evaluate(w, geo, pool, start, failing);
      diag.add(
        a.ctx,
        failing.map((i) => a.filters[i]!),
      );
    }
  }
  return diag.done();
}
