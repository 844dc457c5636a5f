/** The simulated horizon and the number of time buckets it makes, checked against the simulator's limits. */
import type { Scenario } from '../core/types.js';
import { excerpt } from '../core/excerpt.js';
import { addDuration } from '../scenario/units.js';
import { SIM_LIMITS } from '../sim/limits.js';
import { flagError, UserError } from './errors.js';

const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** The simulated horizon: the scenario's, or --horizon from its start; longer than zero, at most SIM_LIMITS.horizonYears. */
export function simHorizon(scenario: Scenario, text: string | undefined): { start: number; end: number } {
  const start = scenario.request.horizon.start;
  let end = scenario.request.horizon.end;
  if (text !== undefined) {
    const r = addDuration(start, text);
    if (!r.ok && r.issues.some((i) => i.code === 'value.too-big')) {
      throw flagError(
        'sim.horizon-too-long',
        `--horizon "${excerpt(text)}" is longer than the simulator's limit of ${SIM_LIMITS.horizonYears} years (docs/limits.md)`,
      );
    }
    if (!r.ok) {
      throw flagError(
        r.issues[0]?.code ?? 'unit.invalid',
        `--horizon must be a duration like 7y, 18mo, 90d or 12h (y and mo in whole months), not "${excerpt(text)}"`,
      );
    }
    end = r.value;
  }
  const years = SIM_LIMITS.horizonYears;
  const limit = addDuration(start, `${years}y`);
  if (!limit.ok || !(end <= limit.value)) {
    const actual = (end - start) / (8766 * 3_600_000);
    const length = Number.isFinite(actual)
      ? `${actual.toLocaleString('en-US', { maximumFractionDigits: 1 })} years`
      : 'ending past any date it can represent';
    const what = text === undefined ? `the scenario's horizon (${length})` : `--horizon "${excerpt(text)}"`;
    throw flagError(
      'sim.horizon-too-long',
      `${what} is longer than the simulator's limit of ${years} years (docs/limits.md)`,
    );
  }
  if (!(end > start))
    throw flagError('flag.out-of-range', `--horizon must be longer than zero, not "${excerpt(text ?? '')}"`);
  return { start, end };
}

/**
 * The time buckets of a run, estimated before the world is built (its supply holds prices and capacities per bucket
 * and pool): the horizon over the scenario's bucket length, plus every contract, period and ramp boundary.
 */
export function checkBuckets(scenario: Scenario, horizon: { start: number; end: number }): void {
  const hours = (horizon.end - horizon.start) / 3_600_000;
  let n = Math.ceil(hours / Math.max(1, scenario.request.bucketHours));
  for (const c of scenario.snapshot.contracts)
    n += 2 + 2 * (c.commitment?.periods.length ?? 0) + c.reserved.reduce((s, r) => s + r.ramp.length, 0);
  const max = SIM_LIMITS.buckets;
  if (n > max) {
    throw new UserError(
      `the run would have up to ${fmtInt(n)} time buckets (the scenario's bucket of ${scenario.request.bucketHours} h over ${fmtInt(Math.round(hours))} h), more than the limit of ${fmtInt(max)}: use a longer horizon.bucket or a shorter --horizon [sim.too-many-buckets]`,
    );
  }
}
