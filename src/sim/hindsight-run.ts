/**
 * The hindsight-feasible schedule of one run (policies/hindsight.ts): every schedule of `hindsightSchedules`
 * simulated on the same input and seed, the one with the fewest deadline misses kept, then the one of least effective
 * cost (the first on ties: `betterSchedule`), reported as the
 * policy `hindsight` with the name of the schedule it followed. Each candidate is a complete simulation, so the result
 * is a real feasible schedule's. `plan`: the offline LP's solution for this input (policies/lp-plan.ts), when the
 * caller could solve it; without it only the online schedules are tried.
 */
import type { SimInput } from './inputs.js';
import { HINDSIGHT, hindsightSchedules } from './policies/hindsight.js';
import type { LpPlan } from './policies/lp-plan.js';
import type { SimResult } from './result.js';
import { type SimOptions, simulate } from './simulate.js';
import { buildWorld } from './world.js';

/** True when schedule `a` beats `b` for hindsight: fewer deadline misses, then less effective cost (a miss carries no
 * money in the effective cost, so cost alone would trade deadlines for cents; knowing the future, a schedule can always
 * meet every deadline the best candidate meets). */
export function betterSchedule(a: SimResult, b: SimResult): boolean {
  const ma = a.jobs.deadlineMisses,
    mb = b.jobs.deadlineMisses;
  return ma !== mb ? ma < mb : a.cost.effectiveUsd < b.cost.effectiveUsd;
}

export function simulateHindsight(
  input: SimInput,
  opts: SimOptions,
  plan?: LpPlan,
): SimResult & { readonly schedule: string } {
  let best: SimResult | undefined;
  const world = opts.world ?? buildWorld(input.scenario, input.horizon);
  for (const policy of hindsightSchedules(world, input.outages, plan)) {
    const r = simulate(input, policy, { ...opts, world });
    if (!best || betterSchedule(r, best)) best = r;
  }
  if (!best) throw new Error('hindsight has no schedule to try');
  return { ...best, policy: HINDSIGHT, schedule: best.policy };
}
