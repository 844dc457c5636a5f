/** The simulator's time series behind the report (src/sim additions): burn per period, demand and service per bucket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { H, T0 } from '../sim/support.js';
import { tinyRun } from './fixture.js';

test('each contract period records its cumulative burn at every bucket end, ending at its usage', () => {
  const r = tinyRun();
  assert.equal(r.contracts.length, 2);
  for (const c of r.contracts) {
    assert.equal(c.burn.length, 4, 'four 12-hour buckets per 2-day period');
    assert.deepEqual(
      c.burn.map((b) => b.at),
      [1, 2, 3, 4].map((k) => c.start + k * 12 * H),
    );
    for (let k = 1; k < c.burn.length; k++) assert.ok(c.burn[k]!.usage >= c.burn[k - 1]!.usage, 'burn never goes down');
    assert.equal(c.burn[c.burn.length - 1]!.usage, c.usage);
  }
  const [p0, p1] = r.contracts as [(typeof r.contracts)[0], (typeof r.contracts)[0]];
  assert.equal(p0.start, T0);
  assert.ok(p1.shortfall > 0 && Math.abs(p1.usage + p1.shortfall - p1.minimum) < 1e-9);
});

test('inference demand and service per bucket add up to the run totals; the outage bucket served less', () => {
  const r = tinyRun();
  const demand = r.periods.reduce((s, p) => s + p.demandUnitHours, 0);
  const served = r.periods.reduce((s, p) => s + p.servedUnitHours, 0);
  assert.ok(Math.abs(demand - r.inference.demandUnitHours) < 1e-9);
  assert.ok(Math.abs(served - r.inference.servedUnitHours) < 1e-9);
  // The outage (hours 30 to 33) lies in the third bucket (24–36 h): 3 of its 12 replica-hours unserved.
  assert.deepEqual(
    r.periods.map((p) => p.demandUnitHours),
    Array(8).fill(12),
  );
  assert.deepEqual(
    r.periods.map((p) => p.servedUnitHours),
    [12, 12, 9, 12, 12, 12, 12, 12],
  );
});
