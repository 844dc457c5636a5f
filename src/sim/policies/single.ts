/** `single:<provider>`: everything on one provider. Its pools are ranked by the same marginal effective cost as
 * skyfleet (an all-in customer still uses its contract well); failover happens only between that provider's regions,
 * GPU models and tiers. Contract clauses naming other providers are ignored (there is no other provider). */
import { effectiveCost, effectiveFloor, type SimPolicy } from '../policy.js';

export function singleProviderPolicy(provider: string): SimPolicy {
  return {
    name: `single:${provider}`,
    clauses: false,
    blocklist: false,
    cost: (view, c, hours, p) =>
      view.world.pools[c.pool]!.provider === provider ? effectiveCost(view, c, hours, p) : Infinity,
    floor: (world, c, bucket) =>
      world.pools[c.pool]!.provider === provider ? effectiveFloor(world, c, bucket) : Infinity,
  };
}
