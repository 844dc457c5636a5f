/**
 * A schedule planned in hindsight from the offline bound's LP (offline-optimal.ts): the LP, which knows every arrival,
 * demand and outage of the run, says how much of each job template runs on each pool in each time bucket.
 * `lpPlanPolicy` replays that plan through the simulator on top of an online policy (`skyfleet`):
 *   - a job goes to the pools the LP gave its template in the current bucket, in the LP's proportions: a pool's price
 *     is raised by (1 − its share) × the unserved price × the H100 work it would do, so the LP's pools win whenever
 *     one has room and the base policy's own cost decides among them;
 *   - a job whose template the LP runs only in later buckets waits in the queue until the bucket the LP starts it in
 *     (the simulator retries the queue at every bucket boundary) — unless a start then would end past the job's
 *     deadline (the LP ignores deadlines), when the base policy decides now; when the LP runs nothing of it from then
 *     on (left unserved, or done), the base policy decides alone;
 *   - deadline jobs first: a candidate on which the run would end past its deadline is a last resort, whatever the
 *     plan's share, so hindsight never trades a deadline for the plan's placement;
 *   - inference replicas are placed by the base policy (it keeps the risk policy's spread, which the LP ignores),
 *     except that a pool whose capacity group the LP gives a gang of more than half its size, in this bucket or the
 *     next, is a last resort (KEEP_FOR_GANG): a replica there would keep the gang from starting.
 * Steering by the LP's inference shares as well was tried and measured no better (startup with the Azure request
 * trace: $19.16M against $19.11M without), so replicas are not steered further.
 * The simulator enforces everything the LP relaxes (whole instances, gangs on one pool, capacity at every instant,
 * outages, spot preemptions, a gang running without pause once started), so the result is a feasible run by
 * construction, measured like every policy. It is a heuristic replay of the plan, not an optimal schedule.
 */
import type { BoundColumn } from '../offline-optimal.js';
import type { SimPolicy } from '../policy.js';
import { HOUR_MS, type World } from '../world.js';
import { steeredPolicy } from './steered.js';

/** The LP's job placements, summed over gang sizes: per template, units on [pool × buckets + bucket]. */
export interface LpPlan {
  readonly buckets: number;
  readonly jobs: ReadonlyMap<number, Float64Array>;
  /** Per template: units in each bucket over all pools, and the first bucket from each on with some (-1: none). */
  readonly totals: ReadonlyMap<number, Float64Array>;
  readonly next: ReadonlyMap<number, Int32Array>;
  /** 1 on [group × buckets + bucket] where the plan runs a gang of more than half the capacity group's size. */
  readonly bigGang: Uint8Array;
}

/** The plan from the LP's columns and their values (BoundModel.xColumns, BoundResult.x). */
export function planFromBound(world: World, columns: readonly BoundColumn[], x: Float64Array): LpPlan {
  const nb = world.buckets.length;
  const jobs = new Map<number, Float64Array>();
  const bucketTotals = new Map<number, Float64Array>();
  const bigGang = new Uint8Array(world.groups.length * nb);
  columns.forEach((c, i) => {
    const v = x[i] ?? 0;
    if (!(v > 1e-9)) return;
    if (c.template < 0) return; // inference: its placement is left to the base policy (see the module comment)
    for (const g of world.pools[c.pool]?.groups ?? [])
      if (c.gpus * 2 > (world.groups[g]?.capacity[c.b] ?? 0)) bigGang[g * nb + c.b] = 1;
    let a = jobs.get(c.template);
    if (!a) {
      a = new Float64Array(world.pools.length * nb);
      jobs.set(c.template, a);
    }
    a[c.pool * nb + c.b] = (a[c.pool * nb + c.b] ?? 0) + v;
    let t = bucketTotals.get(c.template);
    if (!t) {
      t = new Float64Array(nb);
      bucketTotals.set(c.template, t);
    }
    t[c.b] = (t[c.b] ?? 0) + v;
  });
  // Per template and bucket: the first bucket from it on in which the plan runs some of it (-1: none).
  const next = new Map<number, Int32Array>();
  for (const [tpl, t] of bucketTotals) {
    const n = new Int32Array(nb);
    for (let b = nb - 1, k = -1; b >= 0; b--) {
      if ((t[b] ?? 0) > 1e-9) k = b;
      n[b] = k;
    }
    next.set(tpl, n);
  }
  return { buckets: nb, jobs, totals: bucketTotals, next, bigGang };
}

/** Share in [0, 1] the plan gives pool `pool` for template `tpl` in bucket `b`: 1 when the plan runs nothing of it
 * from `b` on (it says nothing), NaN when it runs nothing of it in `b` but some later (hold the job). */
function jobShare(plan: LpPlan, tpl: number, pool: number, b: number): number {
  const k = plan.next.get(tpl)?.[b] ?? -1;
  if (k < 0) return 1;
  if (k > b) return Number.NaN;
  return (plan.jobs.get(tpl)?.[pool * plan.buckets + b] ?? 0) / (plan.totals.get(tpl)?.[b] ?? 1);
}

/** True when holding a job of template `tpl` until the bucket the plan starts it in (after `b`) still lets a run of
 * `hours` end by `deadline` (NaN: no deadline, always true). */
function holdMeetsDeadline(
  plan: LpPlan,
  world: World,
  tpl: number,
  b: number,
  hours: number,
  deadline: number,
): boolean {
  if (Number.isNaN(deadline)) return true;
  const k = plan.next.get(tpl)?.[b] ?? -1;
  const start = world.buckets[k]?.start ?? Infinity;
  return start + hours * HOUR_MS <= deadline;
}

/** The steering weight of a pool kept free for a planned gang: 10 × the unserved price per H100 unit, above any price
 * gap between pools, so a replica goes there only when nothing else has room. */
const KEEP_FOR_GANG = 10;

/** `base` steered by `plan` (module comment). */
export function lpPlanPolicy(base: SimPolicy, world: World, plan: LpPlan): SimPolicy {
  const nb = plan.buckets;
  const P = world.unservedPricePerH100Hour;
  // A pool one of whose groups the plan gives a big gang now or in the next bucket: replicas kept off it (a gang of
  // more than half the group cannot start beside them; the replicas would have to be moved first).
  const keptForGang = (pool: number, b: number): boolean =>
    (world.pools[pool]?.groups ?? []).some(
      (g) => plan.bigGang[g * nb + b] === 1 || (b + 1 < nb && plan.bigGang[g * nb + b + 1] === 1),
    );
  return steeredPolicy(base, 'lp-plan', (view, c, hours, p) => {
    const b = view.bucket;
    let off = 0;
    if (p.kind === 'job' && p.template !== undefined) {
      const deadline = p.deadline ?? Number.NaN;
      const late = view.now + hours * HOUR_MS > deadline; // false without a deadline
      const share = jobShare(plan, p.template, c.pool, b);
      if (Number.isNaN(share)) {
        // The plan starts this work in a later bucket: wait for it, unless waiting would miss the deadline (the LP
        // ignores deadlines) — then the base policy decides now.
        if (holdMeetsDeadline(plan, world, p.template, b, hours, deadline)) return Infinity;
        off = 0;
      } else off = 1 - share;
      // A run past its deadline is a last resort: any on-time candidate wins whatever the plan says (the base's
      // lateRunCost weighs the whole work once; the steering can weigh as much again).
      if (late) off += 1;
    } else if (p.kind === 'replica' && keptForGang(c.pool, b)) off = KEEP_FOR_GANG; // the last resort
    // Per H100 unit of work (jobs: GPUs × speed × hours; a replica block: the units it serves × hours), so the
    // steering weighs the same on a slow GPU as on a fast one.
    return off * P * (p.kind === 'job' ? c.gpus * c.rel : c.rel) * hours;
  });
}
