import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshot, T0, training } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';
import { diagnoseItem } from './diagnosis.js';

test('why-not: every filter asked about every pool of the accepted GPUs, to find the one that binds', () => {
  // 2048 GPUs in one gang: more than any interconnect domain (512) and any provider's quota (1024).
  const w = training('huge', { gpuCount: 2048, tiers: ['on-demand'] });
  const { admission, index } = stages(snapshot(), [w]);
  const d = diagnoseItem(admission, w, undefined, T0, index.classesFor(w.gpus));
  assert.equal(d.wantedPools, 2);
  assert.deepEqual([...d.byFilter.keys()].sort(), ['capacity', 'interconnect']);
  assert.equal(d.byFilter.get('interconnect')!.pools, 2);
  assert.equal(d.byFilter.get('interconnect')!.alone, 0, 'capacity rejects the same pools');
  assert.deepEqual(d.closest?.filters, ['interconnect', 'capacity']);
});
