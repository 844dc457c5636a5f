/**
 * compile: Snapshot + PlanRequest + Profile → Problem, as a sequence of named stages (src/engine/compile/):
 *
 *   buckets      the horizon cut at every bucketHours step and contract boundary (buckets.ts contractBuckets)
 *   supply       pools, groups, terms (pools.ts), indexed: pool classes, terms, static capacity (supply-index.ts)
 *   per workload:
 *     items      a gang, or one geography of an inference service, with first refusal and spread (items.ts)
 *     admission  the profile's filters — every stage of the decision pipeline, pipeline.ts — on every (item, pool)
 *                pair, class by class (admission.ts); rejections recorded in one place (rejections.ts)
 *     costing    each admitted pair → a candidate: GPU-hours, spend, rework, preference (costing.ts, with the cost
 *                model of effective-cost.ts)
 *     shapes     dominated instance shapes on the same terms pruned (shape-pruning.ts)
 *     why-not    an item with no candidate: every filter on every pool of its GPUs (diagnosis.ts)
 *   problem      items, candidates, supply and the policy's shares (problem.ts)
 */
import type { PlanRequest, Snapshot } from '../core/types.js';
import type { Candidate, Item, Problem } from './problem.js';
import type { Rejection } from './filters/filter.js';
import type { Profile } from './profile.js';
import type { Diagnosis } from './why-not.js';
import { contractBuckets } from './buckets.js';
import { Admission, admitItem } from './compile/admission.js';
import { Costing } from './compile/costing.js';
import { diagnoseItem } from './compile/diagnosis.js';
import {
  firstRefusalOf,
  itemSpecs,
  makeItem,
  outsideHorizon as isOutsideHorizon,
  startOf,
  survivalRuleOf,
} from './compile/items.js';
import { assembleProblem } from './compile/problem.js';
import { RejectionLog } from './compile/rejections.js';
import { pruneShapes } from './compile/shape-pruning.js';
import { indexSupply } from './compile/supply-index.js';
import { Timings } from './compile/timing.js';

export { type PoolClass, poolClasses } from './compile/supply-index.js';

export interface Compiled {
  readonly problem: Problem;
  /** Items of each workload, in item-index order. */
  readonly itemsOf: ReadonlyMap<string, readonly number[]>;
  /** Per workload: how many (item, pool) pairs each filter rejected. */
  readonly rejectionCounts: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** Per workload: one example reason per filter that rejected something. */
  readonly rejectionSamples: ReadonlyMap<string, Readonly<Record<string, Rejection>>>;
  /** Per workload, only for the workloads asked to be explained: every rejection with its pool. */
  readonly rejections: ReadonlyMap<string, readonly Rejection[]>;
  /** Workloads with nothing to plan inside the horizon. */
  readonly outsideHorizon: readonly string[];
  /** Per item that no pool admitted: every filter asked about every pool of an accepted GPU (why-not.ts). */
  readonly diagnoses: ReadonlyMap<number, Diagnosis>;
}

export function compile(
  snapshot: Snapshot,
  request: PlanRequest,
  profile: Profile,
  explain: ReadonlySet<string> = new Set(),
  now = request.horizon.start,
): Compiled {
  const { start: h0, end: h1 } = request.horizon;
  const buckets = contractBuckets(h0, h1, request.bucketHours, snapshot.contracts);
  const index = indexSupply(snapshot, buckets);
  const { supply } = index;
  const timings = new Timings(snapshot.throughput, buckets, h1);
  const admission = new Admission(snapshot, request.workloads[0]!, index, timings, profile.filters);
  const costing = new Costing(timings, profile.scorers);

  const items: Item[] = [];
  const candidates: Candidate[] = [];
  const itemsOf = new Map<string, number[]>();
  const rejectionCounts = new Map<string, Record<string, number>>();
  const rejectionSamples = new Map<string, Record<string, Rejection>>();
  const rejections = new Map<string, Rejection[]>();
  const outsideHorizon: string[] = [];
  const diagnoses = new Map<number, Diagnosis>();

  for (const w of request.workloads) {
    const start = startOf(w, h0, now); // nothing starts before the planning instant
    if (isOutsideHorizon(w, start, h1)) {
      outsideHorizon.push(w.id);
      continue;
    }
    timings.reset();
    const log = new RejectionLog(explain.has(w.id), profile.filters, admission.ctx);
    // The same classes, pools, candidates, counts and samples whether or not the workload is explained: only
    // `log.detailed` grows when it is.
    const classes = index.classesFor(w.gpus);
    const considered = classes.reduce((n, c) => n + c.pools.length, 0);
    log.otherGpus(supply.pools.length - considered);
    const survival = survivalRuleOf(snapshot.policy, w.priority);
    const firstRefusal = firstRefusalOf(snapshot.contracts, w, start);
    const mine: number[] = [];
    for (const spec of itemSpecs(w)) {
      const itemIndex = items.length;
      const cands: number[] = [];
      const firstCandidate = candidates.length;
      const item = { w, geo: spec.geo, start, itemIndex };
      admitItem(admission, costing, log, item, classes, index.allClasses, candidates, cands);
      pruneShapes(candidates, firstCandidate, cands, supply.pools, index.termsOf, log);
      // No pool admits the item: ask every filter about every pool of an accepted GPU, to say which one binds.
      if (cands.length === 0) diagnoses.set(itemIndex, diagnoseItem(admission, w, spec.geo, start, classes));
      items.push(makeItem(itemIndex, w, spec, firstRefusal, survival, cands));
      mine.push(itemIndex);
    }
    itemsOf.set(w.id, mine);
    rejectionCounts.set(w.id, log.counts);
    rejectionSamples.set(w.id, log.samples);
    if (log.explaining) rejections.set(w.id, log.detailed);
  }

  const problem = assembleProblem(snapshot, buckets, supply, items, candidates);
  return { problem, itemsOf, rejectionCounts, rejectionSamples, rejections, outsideHorizon, diagnoses };
}
