import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt } from './excerpt.js';

test('excerpt escapes control characters and cuts long text', () => {
  assert.equal(excerpt('abc'), 'abc');
  assert.equal(excerpt('a\nb\u001b[31m"\\'), 'a\\nb\\u001b[31m\\"\\\\');
  assert.equal(excerpt('\u202eevil\u0085'), '\\u202eevil\\u0085');
  assert.equal(excerpt('x'.repeat(100)), `${'x'.repeat(40)}…`);
  assert.equal(excerpt('x'.repeat(40)), 'x'.repeat(40));
  assert.equal(excerpt('é'.repeat(50), 3), 'ééé…');
});
