import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundaries, contractBuckets } from './buckets.js';
import { contract, DAY, HOUR, T0 } from './test-support/build.js';

test('buckets are cut at contract, commitment-period and ramp boundaries, and every bucketHours', () => {
  const c = contract('c', 'aws', {
    start: T0 + 2 * DAY,
    end: T0 + 9 * DAY,
    commitment: {
      unit: 'usd',
      periods: [{ start: T0 + 2 * DAY, end: T0 + 5 * DAY, minimum: 1 }],
      carryForwardFraction: 0,
    },
    reserved: [
      {
        id: 'b',
        gpu: 'H100',
        region: 'r',
        ramp: [{ from: T0 + 3 * DAY + 6 * HOUR, value: 8 }],
        ratePerGpuHour: 1,
        countsTowardCommitment: false,
      },
    ],
  });
  assert.deepEqual(boundaries([c]), [T0 + 2 * DAY, T0 + 9 * DAY, T0 + 2 * DAY, T0 + 5 * DAY, T0 + 3 * DAY + 6 * HOUR]);
  const starts = contractBuckets(T0, T0 + 8 * DAY, 24 * 4, [c]).map((b) => (b.start - T0) / HOUR);
  assert.deepEqual(starts, [0, 48, 78, 96, 120]);
});
