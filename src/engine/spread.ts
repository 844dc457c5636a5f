/**
 * The spread rule, one definition for the planner (compile's items stage → Item.maxUnitsPerProvider) and the
 * simulator (sim/inference.ts): under a survivability rule keeping `fraction` of a service's units through the loss
 * of any one provider, no provider holds more than units − ceil(units × fraction).
 */
import type { Policy } from '../core/types.js';

/** The survivability rule covering a priority tier, if any (the first that names it). */
export function survivalRuleOf(policy: Policy, priority: number): Policy['survivability'][number] | undefined {
  return policy.survivability.find((r) => r.tiers.includes(priority));
}

/** Most units of `units` one provider may hold so that losing it leaves `fraction` of them; `slack` absorbs float
 * error when `units` is itself computed (the simulator's demand now). */
export function maxUnitsPerProvider(units: number, fraction: number, slack = 0): number {
  return units - Math.ceil(units * fraction - slack);
}
