import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY, inference, snapshot, T0, training } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';

test('timing: a gang runs work / (GPUs × throughput) hours, split over the buckets it spans; kept per GPU', () => {
  const w = training('t', { gpus: ['H100', 'B200'], gpuCount: 64, work: 64 * 24 * 40 });
  const { timings } = stages(snapshot(), [w], 90, 24 * 30);
  const h100 = timings.of(w, 'H100', T0);
  assert.equal(h100.durationHours, 24 * 40);
  assert.deepEqual([h100.first, h100.last], [0, 1]);
  assert.deepEqual(h100.hours, [24 * 30, 24 * 10]);
  const b200 = timings.of(w, 'B200', T0);
  assert.equal(b200.durationHours, 24 * 20, 'B200 is twice as fast');
  assert.equal(timings.of(w, 'H100', T0), h100, 'asked again: the same timing');
  timings.reset();
  assert.notEqual(timings.of(w, 'H100', T0), h100, 'a new workload: computed afresh');
});

test('timing: an inference service runs to its end, or to the horizon', () => {
  const w = inference('i', { end: T0 + 10 * DAY });
  const { timings } = stages(snapshot(), [w]);
  const t = timings.of(w, 'H100', T0);
  assert.equal(t.durationHours, 240);
  assert.equal(t.end, T0 + 10 * DAY);
  timings.reset();
  assert.equal(timings.of(inference('j'), 'H100', T0).durationHours, 90 * 24);
});
