import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxUnitsPerProvider, survivalRuleOf } from './spread.js';
import { POLICY } from './test-support/build.js';

test('spread rule: losing the provider holding the most leaves the fraction; slack absorbs float error', () => {
  assert.equal(maxUnitsPerProvider(5, 0.5), 2);
  assert.equal(maxUnitsPerProvider(4, 0.5), 2);
  assert.equal(maxUnitsPerProvider(10, 0.7), 3);
  assert.equal(maxUnitsPerProvider(1, 0.5), 0, 'one unit cannot survive the loss of its provider');
  // A product a hair above a whole number: without slack the ceil jumps a whole unit.
  assert.equal(maxUnitsPerProvider(2, 0.5 + 1e-13), 0);
  assert.equal(maxUnitsPerProvider(2, 0.5 + 1e-13, 1e-9), 1);
  const policy = { ...POLICY, survivability: [{ tiers: [1, 2], fraction: 0.5 }] };
  assert.equal(survivalRuleOf(policy, 2)?.fraction, 0.5);
  assert.equal(survivalRuleOf(policy, 3), undefined);
});
