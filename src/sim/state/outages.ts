/** The outages of one run: those inside the horizon on the world's providers, each with the locations it takes
 * down, and the pools at each location. */
import type { OutageEvent } from '../outages/events.js';
import type { World } from '../world.js';

export interface RunOutage {
  readonly event: OutageEvent;
  /** Location indices (World.locations) the outage takes down. */
  readonly locations: readonly number[];
}

export class Outages {
  readonly list: readonly RunOutage[];
  /** The pools at each location. */
  readonly poolsAt: readonly (readonly number[])[];

  constructor(events: readonly OutageEvent[], world: World, start: number, end: number) {
    const providers = new Set(world.providers);
    this.list = events
      .filter((o) => o.end > start && o.start < end && providers.has(o.provider))
      .map((event) => ({
        event,
        locations: world.locations
          .map((l, k) =>
            l.provider === event.provider && (event.region === '*' || l.region === event.region) ? k : -1,
          )
          .filter((k) => k >= 0),
      }));
    const poolsAt = world.locations.map((): number[] => []);
    world.poolLoc.forEach((loc, p) => {
      poolsAt[loc]?.push(p);
    });
    this.poolsAt = poolsAt;
  }
}
