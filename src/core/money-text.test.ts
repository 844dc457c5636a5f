import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUsd } from './money-text.js';

test('both styles: the same units and digits from $10k up, cents below it, a minus sign before the dollar', () => {
  const cases: [number, string, string][] = [
    [0, '$0.00', '$0.00'],
    [12.345, '$12.35', '$12.35'],
    [1234.5, '$1234.50', '$1,234.50'],
    [9999.99, '$9999.99', '$9,999.99'],
    [10_000, '$10.0k', '$10.0k'],
    [41_249, '$41.2k', '$41.2k'],
    [16_830_000, '$16.83M', '$16.83M'],
    [1.2e9, '$1.20B', '$1.20B'],
    [-822_000, '-$822.0k', '-$822.0k'],
    [-1401.79, '-$1401.79', '-$1,401.79'],
  ];
  for (const [v, plain, grouped] of cases) {
    assert.equal(formatUsd(v), plain, `plain ${v}`);
    assert.equal(formatUsd(v, 'plain'), plain, `plain ${v}`);
    assert.equal(formatUsd(v, 'grouped'), grouped, `grouped ${v}`);
  }
});
