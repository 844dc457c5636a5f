/**
 * `hindsight`: the best of a few feasible schedules made knowing the whole trace in advance, each executed by the
 * simulator (so its cost is that of a real schedule: the simulator does the bookkeeping, capacity, billing and
 * outages as for any policy), the one with the fewest deadline misses kept, then the cheapest in effective cost
 * (hindsight-run.ts betterSchedule: a miss carries no money, so cost alone would trade deadlines for cents). Knowing
 * the outcome, one can follow whichever schedule turns out best, so the pick is feasible too.
 *
 * The schedules (HINDSIGHT_BASES, each with and without foresight of outages): the online policies `skyfleet` and
 * `cheapest-first` as they are, and each with foresight of every outage of the run: a job placed where an outage
 * will strike before it finishes is charged the work it would lose there (the hours since its last checkpoint at the
 * outage's start, at the pool's list price), and an inference replica placed where an outage strikes within its hour
 * is charged the serving it would lose (the rest of the hour, valued as unserved work). So a foresighted schedule
 * avoids a location an outage will hit whenever another is cheaper once that loss is counted, and keeps the placement
 * when the loss is small (an outage after the next checkpoint costs nothing).
 *
 * By construction hindsight misses no more deadlines than `skyfleet` or `cheapest-first` on the same seed, and is no
 * dearer than either when it misses as few. It is a heuristic
 * upper bound on the optimum, not the optimum: it does not foresee arrivals (it places greedily in arrival order),
 * spot preemptions (drawn when a run starts) or demand, and never holds work back for a cheaper slot.
 */
import type { OutageEvent } from '../outages/events.js';
import type { Placement, PolicyView, SimPolicy } from '../policy.js';
import { cheapestFirstPolicy } from './cheapest-first.js';
import { type LpPlan, lpPlanPolicy } from './lp-plan.js';
import { skyfleetPolicy } from './skyfleet.js';
import { steeredPolicy } from './steered.js';
import { type Candidate, HOUR_MS, type World } from '../world.js';

export const HINDSIGHT = 'hindsight';

/** Outage starts per location (World.locations), sorted: the instants at which the location goes down. */
export function outageStartsByLocation(world: World, outages: readonly OutageEvent[]): Float64Array[] {
  const byLoc = world.locations.map((): number[] => []);
  for (const o of outages) {
    if (o.end <= world.start || o.start >= world.end) continue;
    world.locations.forEach((l, k) => {
      if (l.provider === o.provider && (o.region === '*' || l.region === o.region)) byLoc[k]?.push(o.start);
    });
  }
  return byLoc.map((xs) => Float64Array.from(xs).sort());
}

/** The first instant in `starts` (sorted) at or after `from`, Infinity if none. */
export function nextStart(starts: Float64Array, from: number): number {
  let lo = 0,
    hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? Infinity) < from) lo = mid + 1;
    else hi = mid;
  }
  return starts[lo] ?? Infinity;
}

/** Hours of work lost when a run started `elapsedH` hours ago is cut, checkpointing every `checkpointH` (0 = never). */
export function lostHours(elapsedH: number, checkpointH: number): number {
  return checkpointH > 0 ? elapsedH - Math.floor(elapsedH / checkpointH) * checkpointH : elapsedH;
}

/** `base` with foresight of `outages` (that run's, SimInput.outages): its cost plus the loss an outage will cause. */
export function withForesight(base: SimPolicy, world: World, outages: readonly OutageEvent[]): SimPolicy {
  const starts = outageStartsByLocation(world, outages);
  const foreseenLoss = (view: PolicyView, c: Candidate, hours: number, p: Placement): number => {
    const at = starts[world.poolLoc[c.pool] ?? -1];
    if (!at) return 0;
    const s = nextStart(at, view.now);
    const h = (s - view.now) / HOUR_MS;
    if (!(h < hours)) return 0; // no outage before the run ends
    if (p.kind === 'replica') return (hours - h) * c.gpus * world.unservedPricePerH100Hour;
    return lostHours(h, p.checkpointH) * c.gpus * (world.pools[c.pool]?.listPricePerGpuHour ?? 0);
  };
  return steeredPolicy(base, 'foresight', foreseenLoss);
}

/** The online policies hindsight builds on. */
export const HINDSIGHT_BASES: readonly SimPolicy[] = [skyfleetPolicy, cheapestFirstPolicy];

/** The schedules hindsight tries for one run, in order (ties go to the first): each base with foresight of `outages`,
 * then each base as it is, then — given the offline LP's plan of the run (lp-plan.ts) — skyfleet following that plan,
 * with foresight of the outages and without; without an outage in the horizon foresight changes nothing, so only the
 * bases and the plan as it is. */
export function hindsightSchedules(world: World, outages: readonly OutageEvent[], plan?: LpPlan): SimPolicy[] {
  const planned = plan ? lpPlanPolicy(skyfleetPolicy, world, plan) : undefined;
  if (outageStartsByLocation(world, outages).every((s) => s.length === 0))
    return [...HINDSIGHT_BASES, ...(planned ? [planned] : [])];
  return [
    ...HINDSIGHT_BASES.map((b) => withForesight(b, world, outages)),
    ...HINDSIGHT_BASES,
    ...(planned ? [withForesight(planned, world, outages), planned] : []),
  ];
}
