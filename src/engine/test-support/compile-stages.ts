/** The compile stages wired as compile.ts wires them, over a snapshot and workloads written in code (stage tests). */
import type { Snapshot, Workload } from '../../core/types.js';
import { contractBuckets } from '../buckets.js';
import { Admission } from '../compile/admission.js';
import { Costing } from '../compile/costing.js';
import { indexSupply } from '../compile/supply-index.js';
import { Timings } from '../compile/timing.js';
import { DEFAULT_PROFILE } from '../profile.js';
import { request } from './build.js';

export function stages(snap: Snapshot, workloads: readonly Workload[], days = 90, bucketHours = 24 * 30) {
  const req = request([...workloads], days, bucketHours);
  const buckets = contractBuckets(req.horizon.start, req.horizon.end, bucketHours, snap.contracts);
  const index = indexSupply(snap, buckets);
  const timings = new Timings(snap.throughput, buckets, req.horizon.end);
  const admission = new Admission(snap, workloads[0]!, index, timings, DEFAULT_PROFILE.filters);
  const costing = new Costing(timings, DEFAULT_PROFILE.scorers);
  return { req, buckets, index, timings, admission, costing };
}
