/** `cheapest-first`: what today's brokers do (SkyPilot's optimizer and failover). The cheapest available offering at
 * list price (a reservation priced at 0; contract discounts and commitments unknown; spot at its spot price with no
 * rework estimate); a location that failed a job (outage or preemption) is blocklisted for that job and the job is
 * retried elsewhere; when every candidate is blocklisted the list is ignored. Contract clauses are not known. The
 * scenario's risk policy is honoured, as by every multi-provider policy, so that comparisons are fair: inference is
 * spread over providers (minProviders, survivability) as skyfleet spreads it. */
import { listCost, listFloor, type SimPolicy } from '../policy.js';

export const cheapestFirstPolicy: SimPolicy = {
  name: 'cheapest-first',
  clauses: false,
  blocklist: true,
  spread: true,
  cost: (view, c, hours, p) => (p.blocked?.has(view.world.poolLoc[c.pool]!) ? Infinity : listCost(view, c, hours)),
  floor: (world, c) => listFloor(world, c),
};
