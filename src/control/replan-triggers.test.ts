/** The big events read off two answers of one provider, and when a re-plan is due (cadence, debounce). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Offering } from './ports.js';
import { capacityEvents, capacityOf, replanTrigger } from './replan-triggers.js';

const offering = (region: string, instanceType: string, available: number): Offering => ({
  provider: 'aws',
  region,
  instanceType,
  gpu: 'H100',
  gpusPerInstance: 8,
  available,
  spotAvailable: 0,
  pricePerInstanceHourCents: 4000,
  spotPricePerInstanceHourCents: null,
});

test("capacity counts the control plane's own launches: launching or ending its work is no event", () => {
  const before = capacityOf([offering('r1', 'p5', 4)], new Map());
  const launched = capacityOf([offering('r1', 'p5', 1)], new Map([['aws/r1/p5|od', 3]]));
  assert.deepEqual(capacityEvents('aws', before, launched), []);
});

test('a region gone or back, capacity halved or doubled: one event each; smaller swings none', () => {
  const a = capacityOf([offering('r1', 'p5', 4), offering('r1', 'g6', 10), offering('r2', 'p5', 4)], new Map());
  const b = capacityOf([offering('r1', 'p5', 2), offering('r1', 'g6', 6)], new Map());
  assert.deepEqual(
    capacityEvents('aws', a, b).map((e) => [e.code, e.params]),
    [
      ['control.replan-region-down', { provider: 'aws', region: 'r2' }],
      ['control.replan-capacity-removed', { offering: 'aws/r1/p5|od', before: 4, after: 2 }],
    ],
  );
  assert.deepEqual(
    capacityEvents('aws', b, a).map((e) => [e.code, e.params]),
    [
      ['control.replan-region-up', { provider: 'aws', region: 'r2' }],
      ['control.replan-capacity-returned', { offering: 'aws/r1/p5|od', before: 2, after: 4 }],
    ],
  );
});

test('the debounce holds events back; the cadence runs on its own', () => {
  const ev = { code: 'control.replan-provider-down', source: 'replan', params: { provider: 'aws' } };
  const times = { last: 1_000, lastEvent: 1_000 };
  assert.equal(replanTrigger(times, [ev], 1_500, 10_000, 1_000), null);
  assert.deepEqual(replanTrigger(times, [ev], 2_000, 10_000, 1_000), { trigger: ev, event: true });
  assert.equal(replanTrigger(times, [], 10_999, 10_000, 1_000), null);
  assert.equal(replanTrigger(times, [], 11_000, 10_000, 1_000)?.trigger.code, 'control.replan-cadence');
  assert.equal(replanTrigger({ last: -Infinity, lastEvent: -Infinity }, [], 0, 10_000, 1_000)?.event, false);
});
