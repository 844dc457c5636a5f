import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POLICY, snapshot, training } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';
import { assembleProblem } from './problem.js';

test('problem: supply, items and candidates with each provider its spend and GPU share (its own, else the default)', () => {
  const snap = snapshot({
    policy: {
      ...POLICY,
      maxSpendShare: 0.6,
      maxSpendShareByProvider: { aws: 0.4 },
      maxGpuShareByProvider: { gcp: 0.3 },
    },
  });
  const { buckets, index } = stages(snap, [training('t')]);
  const problem = assembleProblem(snap, buckets, index.supply, [], []);
  assert.deepEqual(problem.providers, ['aws', 'gcp']);
  assert.deepEqual(problem.maxSpendShare, { aws: 0.4, gcp: 0.6 });
  assert.deepEqual(problem.maxGpuShare, { aws: 1, gcp: 0.3 });
  assert.equal(problem.pools, index.supply.pools);
  assert.equal(problem.buckets, buckets);
  assert.equal(problem.sunkCost, index.supply.sunkCost);
});
