/**
 * The big events after which the control plane re-optimises the portfolio (docs/control-plane.md, "The portfolio
 * re-optimisation"), read off what the providers report, and when a re-plan is due: on its cadence, or after such an
 * event, at most one event-driven re-plan per debounce interval. Each event is a cause from the catalogue
 * (the control.replan-… codes). Pure: the clock comes in as `now`.
 *
 * Capacity is read per live offering (`provider/region/instanceType`, spot or on-demand) as its free instances plus
 * the instances of this control plane's own live launches on it — so the work it launches or that ends does not read
 * as capacity removed or returned. An offering's capacity "swings" when it falls to at most 1/CAPACITY_SWING of what
 * it was (capacity removed) or rises to at least CAPACITY_SWING times it (capacity returned), by one instance or more.
 */
import { liveKey } from './capacity-ledger.js';
import type { Offering } from './ports.js';
import type { Cause } from './records.js';

/** An offering's capacity counts as removed at ≤ 1/CAPACITY_SWING of what it was, as returned at ≥ CAPACITY_SWING×. */
export const CAPACITY_SWING = 2;

/** Offering key (capacity-ledger.ts `liveKey`) → instances: free now plus this control plane's own live launches. */
export type CapacitySeen = ReadonlyMap<string, number>;

const cause = (code: string, params: Readonly<Record<string, unknown>>): Cause => ({ code, source: 'replan', params });

/** The capacity a provider's offerings show (`ours`: instances of own live launches, by offering key). */
export function capacityOf(offerings: readonly Offering[], ours: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of offerings) {
    for (const spot of [false, true]) {
      if (spot && o.spotPricePerInstanceHourCents === null && o.spotAvailable === 0) continue;
      const key = liveKey(o.provider, o.region, o.instanceType, spot);
      out.set(key, (out.get(key) ?? 0) + (spot ? o.spotAvailable : o.available) + (ours.get(key) ?? 0));
    }
  }
  return out;
}

const regionOf = (key: string): string => key.split('/')[1] ?? '';

/**
 * The events between two reads of one provider's capacity: a region whose offerings all vanished
 * (`control.replan-region-down`) or came back (`control.replan-region-up`), and offerings of regions present in both
 * whose capacity swung (`control.replan-capacity-removed` / `control.replan-capacity-returned`; an offering that
 * vanished counts 0, one that appeared counts from 0).
 */
export function capacityEvents(provider: string, before: CapacitySeen, after: CapacitySeen): Cause[] {
  const regionsBefore = new Set([...before.keys()].map(regionOf));
  const regionsAfter = new Set([...after.keys()].map(regionOf));
  const out: Cause[] = [];
  for (const r of regionsBefore)
    if (!regionsAfter.has(r)) out.push(cause('control.replan-region-down', { provider, region: r }));
  for (const r of regionsAfter)
    if (!regionsBefore.has(r)) out.push(cause('control.replan-region-up', { provider, region: r }));
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const r = regionOf(key);
    if (!regionsBefore.has(r) || !regionsAfter.has(r)) continue;
    const was = before.get(key) ?? 0;
    const now = after.get(key) ?? 0;
    if (was - now >= 1 && now * CAPACITY_SWING <= was)
      out.push(cause('control.replan-capacity-removed', { offering: key, before: was, after: now }));
    else if (now - was >= 1 && now >= was * CAPACITY_SWING)
      out.push(cause('control.replan-capacity-returned', { offering: key, before: was, after: now }));
  }
  return out;
}

/** When the last re-plans ran (epoch ms; -Infinity: never). */
export interface ReplanTimes {
  /** The last re-plan of any kind (the cadence counts from it). */
  readonly last: number;
  /** The last one an event triggered (the debounce counts from it). */
  readonly lastEvent: number;
}

/**
 * Whether a re-plan runs now, and why: the first pending event once `debounceMs` passed since the last event-driven
 * re-plan (events that arrive sooner wait, folded into one); else the cadence (`control.replan-cadence`) once
 * `everyMs` passed since the last re-plan of any kind; else null. A re-plan, whatever its trigger, answers every
 * pending event.
 */
export function replanTrigger(
  times: ReplanTimes,
  pending: readonly Cause[],
  now: number,
  everyMs: number,
  debounceMs: number,
): { readonly trigger: Cause; readonly event: boolean } | null {
  const first = pending[0];
  if (first && now - times.lastEvent >= debounceMs) return { trigger: first, event: true };
  if (now - times.last >= everyMs) return { trigger: cause('control.replan-cadence', { everyMs }), event: false };
  return null;
}
