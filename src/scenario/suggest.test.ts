import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, editDistance } from './suggest.js';

test('edit distance counts swaps of neighbours as one edit', () => {
  assert.equal(editDistance('ue', 'eu'), 1);
  assert.equal(editDistance('H10O', 'H100'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
});

test('closest: a typo gets a suggestion, an unrelated name none', () => {
  assert.equal(closest('ue', ['us', 'eu', 'me']), 'eu');
  assert.equal(closest('a100-80gb', ['A100', 'A100-80GB', 'H100']), 'A100-80GB');
  assert.equal(closest('us-esat-1', ['us-east-1', 'us-west-2']), 'us-east-1');
  assert.equal(closest('TPU-v5', ['A100', 'H100', 'B200']), undefined);
});
