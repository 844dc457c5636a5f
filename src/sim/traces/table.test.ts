import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal } from './table.js';

test('parseDecimal accepts plain decimals only', () => {
  assert.equal(parseDecimal('12'), 12);
  assert.equal(parseDecimal('-0.5'), -0.5);
  assert.equal(parseDecimal('1e3'), 1000);
  assert.equal(parseDecimal('.5'), 0.5);
  for (const bad of ['', ' 1', '1,5', 'NaN', 'Infinity', '0x10', 'abc', '1e999'])
    assert.equal(parseDecimal(bad), undefined, bad);
});
