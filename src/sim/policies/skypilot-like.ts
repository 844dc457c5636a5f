/** `skypilot-like`: SkyPilot's optimizer and failover, as a user who writes the scenario's risk policy into the task
 * would run it. At each launch the offering of least hourly list price for the whole gang (a reservation priced at 0:
 * SkyPilot prices capacity it does not pay per hour for, such as a Kubernetes cluster, at 0; contract discounts and
 * commitment minimums unknown; spot at its spot price with no rework estimate) — the hourly price, not the price of
 * the work: SkyPilot's optimizer prices every candidate resource for one runtime estimate, the same for all, so a
 * slower GPU that is cheaper per hour wins even when the job then runs longer. A location that failed a job (outage or
 * preemption) is blocklisted for that job and the job is relaunched elsewhere; when every candidate is blocklisted the
 * list is ignored. Contract clauses are honoured as the user would write them into the task (exclusivity: the clouds
 * the task may use; right of first refusal: an ordered resource list), so it obeys the same risk policy as skyfleet.
 * Inference replicas are compared per unit of service served (the simulator's replica scan) and spread over
 * providers as the scenario's risk policy asks (minProviders, survivability), as every multi-provider baseline is. */
import { listFloor, type SimPolicy } from '../policy.js';

export const skypilotLikePolicy: SimPolicy = {
  name: 'skypilot-like',
  clauses: true,
  blocklist: true,
  spread: true,
  // A job: the hourly list price of the candidate's GPUs (listFloor; a reservation is 0) × one runtime estimate for
  // every candidate, the hours the gang would take on H100s (hours × rel): the ranking is the hourly price's. A replica:
  // its list price per unit of service (the replica scan divides by rel).
  cost: (view, c, hours, p) => {
    if (p.blocked?.has(view.world.poolLoc[c.pool] ?? -1)) return Infinity;
    const perHour = listFloor(view.world, c);
    return p.kind === 'job' ? perHour * c.rel * hours : perHour * hours;
  },
  // A bound per hour for both kinds: perHour × rel (jobs) and perHour (replicas) are both >= perHour × min(1, rel).
  floor: (world, c) => listFloor(world, c) * Math.min(1, c.rel),
};
