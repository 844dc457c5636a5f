/** The compile stages wired as compile.ts wires them, over a snapshot and workloads written in code (stage tests). */
import type { Snapshot, Workload } from '../../core/types.js';
import { contractBuckets } from '../buckets.js';
import { Admission, admitItem } from '../compile/admission.js';
import { RejectionLog } from '../compile/rejections.js';
import { Costing } from '../compile/costing.js';
import { indexSupply } from '../compile/supply-index.js';
import { Timings } from '../compile/timing.js';
import { DEFAULT_PROFILE } from '../profile.js';
import type { Candidate } from '../problem.js';
import { request, T0 } from './build.js';

export function stages(snap: Snapshot, workloads: readonly Workload[], days = 90, bucketHours = 24 * 30) {
  const req = request([...workloads], days, bucketHours);
  const buckets = contractBuckets(req.horizon.start, req.horizon.end, bucketHours, snap.contracts);
  const index = indexSupply(snap, buckets);
  const timings = new Timings(snap.throughput, buckets, req.horizon.end);
  const admission = new Admission(snap, workloads[0]!, index, timings, DEFAULT_PROFILE.filters);
  const costing = new Costing(timings, DEFAULT_PROFILE.scorers);
  return { req, buckets, index, timings, admission, costing };
}

/** The stages over one training workload `w` (its only item, starting at T0), admitted as compile admits it: the
 * candidates, their indices, and the rejection log (not explained). */
export function admitOne(snap: Snapshot, w: Workload) {
  const s = stages(snap, [w]);
  const log = new RejectionLog(false, DEFAULT_PROFILE.filters, s.admission.ctx);
  const candidates: Candidate[] = [];
  const cands: number[] = [];
  admitItem(
    s.admission,
    s.costing,
    log,
    { w, geo: undefined, start: T0, itemIndex: 0 },
    s.index.classesFor(w.gpus),
    s.index.allClasses,
    candidates,
    cands,
  );
  return { ...s, log, candidates, cands };
}
