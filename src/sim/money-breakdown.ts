/**
 * Where one run's money goes, from the simulator's own accounting, in exact integer cents. The effective cost
 * (billed + unserved work valued at World.unservedPricePerH100Hour, rounded to the cent once) splits into:
 *   - commitment waste: shortfall paid on commitment minimums + the reserved blocks' charge for their idle GPU-hours
 *     (idle GPU-hours × the block's rate, per block);
 *   - spot losses: the work thrown away at spot preemptions (GPU-hours since the last checkpoint × the pool's price);
 *   - outage losses: the same at outages;
 *   - capacity losses: the same when a pool's capacity shrank under a run;
 *   - unserved: unfinished job work and unserved inference, valued as in the effective cost (queueing that ran past
 *     the horizon, jobs never placed);
 *   - useful: the rest of the bill (usage that did work kept, reserved GPU-hours used).
 * The parts add up to the effective cost to the cent (useful is the remainder of the bill). Lost work on a reserved
 * pool is priced 0: its block is charged whether used or not, and that GPU-hour counts as used.
 */
import { type Cents, subCents, sumCents, toCents } from '../core/money.js';
import type { RunState } from './run-state.js';

export interface MoneyBreakdown {
  /** billedCents + unservedCents: the effective cost in cents. */
  readonly effectiveCents: Cents;
  readonly usefulCents: Cents;
  readonly shortfallCents: Cents;
  readonly unusedReservedCents: Cents;
  readonly spotLossCents: Cents;
  readonly outageLossCents: Cents;
  readonly capacityLossCents: Cents;
  readonly unservedCents: Cents;
}

/** The parts of the effective cost, in the order the report stacks them. */
export const BREAKDOWN_PARTS = [
  'usefulCents',
  'shortfallCents',
  'unusedReservedCents',
  'spotLossCents',
  'outageLossCents',
  'capacityLossCents',
  'unservedCents',
] as const satisfies readonly (keyof MoneyBreakdown)[];

/** The breakdown of a finished run whose bill is `billedCents` and unserved work `unservedUsd`. */
export function moneyBreakdown(r: RunState, billedCents: Cents, unservedUsd: number): MoneyBreakdown {
  const { accounts, groups, capacity } = r;
  const groupIndex = new Map(groups.map((g, i) => [g.id, i]));
  let idleReservedUsd = 0;
  for (const c of r.input.scenario.snapshot.contracts)
    for (const block of c.reserved) {
      const g = groupIndex.get(`${c.id}/${block.id}`);
      if (g !== undefined) idleReservedUsd += (capacity.idleGpuH[g] ?? 0) * block.ratePerGpuHour;
    }
  // Never more than what the blocks were charged (float rounding of idle hours).
  const unusedReservedCents = toCents(Math.min(idleReservedUsd, accounts.reservedCents / 100));
  const lost = r.runs.stats.lostUsd;
  const spotLossCents = toCents(lost.preemption);
  const outageLossCents = toCents(lost.outage);
  const capacityLossCents = toCents(lost.capacity);
  const unservedCents = toCents(unservedUsd);
  const usefulCents = subCents(
    billedCents,
    sumCents([accounts.shortfallCents, unusedReservedCents, spotLossCents, outageLossCents, capacityLossCents]),
  );
  return {
    effectiveCents: sumCents([billedCents, unservedCents]),
    usefulCents,
    shortfallCents: accounts.shortfallCents,
    unusedReservedCents,
    spotLossCents,
    outageLossCents,
    capacityLossCents,
    unservedCents,
  };
}

/**
 * The offline bound's own money in the same parts (offline-optimal.ts BoundResult): its commitment waste (shortfall it
 * pays and GPU-hours it buys only to burn a minimum, as shortfall; its reserved blocks' idle GPU-hours at their rate),
 * its unserved work, no spot, outage or capacity loss (a fluid plan loses no work), useful = the rest. USD in, cents
 * out, each part rounded once; useful is the remainder, so the parts add up to the effective cost to the cent.
 */
export function boundBreakdown(bound: {
  readonly effectiveUsd: number;
  readonly unservedUsd: number;
  readonly shortfallUsd?: number;
  readonly unusedReservedUsd?: number;
}): MoneyBreakdown {
  const effectiveCents = toCents(bound.effectiveUsd);
  const shortfallCents = toCents(bound.shortfallUsd ?? 0);
  const unusedReservedCents = toCents(bound.unusedReservedUsd ?? 0);
  const unservedCents = toCents(bound.unservedUsd);
  const zero = toCents(0);
  return {
    effectiveCents,
    usefulCents: subCents(effectiveCents, sumCents([shortfallCents, unusedReservedCents, unservedCents])),
    shortfallCents,
    unusedReservedCents,
    spotLossCents: zero,
    outageLossCents: zero,
    capacityLossCents: zero,
    unservedCents,
  };
}
