import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capIssues, escapeText, excerpt, formatIssue, MAX_ISSUES, type Issue } from './issues.js';

test('escapeText: control, invisible and bidi characters become escapes; the rest is untouched', () => {
  assert.equal(escapeText('a\u001b[31mb\nc\rd\te\u0000f\u007f\u009b'), 'a\\x1b[31mb\\nc\\rd\\te\\x00f\\x7f\\x9b');
  assert.equal(escapeText('x\u202ey\u2028z\u200bw\ufeff'), 'x\\u202ey\\u2028z\\u200bw\\ufeff');
  assert.equal(escapeText('équipe 日本 🚀'), 'équipe 日本 🚀');
  assert.equal(escapeText('a\ud800b'), 'a\\ud800b');
});

test('excerpt: at most 40 characters of input, then …, escaped', () => {
  assert.equal(excerpt('short'), 'short');
  assert.equal(excerpt('x'.repeat(41)), `${'x'.repeat(40)}…`);
  assert.equal(excerpt(`${'x'.repeat(39)}🚀`), `${'x'.repeat(39)}…`); // never half a surrogate pair
});

test('formatIssue: one line whatever the input, the message bounded', () => {
  const i: Issue = {
    code: 'name.invalid',
    path: ['workloads', 0, 'team\nx'],
    message: `bad '\u001b[2J\nskyfleet: forged' ${'y'.repeat(5000)}`,
    file: 'a\nb.yaml',
    line: 3,
    col: 4,
  };
  const line = formatIssue(i);
  assert.doesNotMatch(line, /[\u0000-\u001f]/);
  assert.ok(line.startsWith("a\\nb.yaml:3:4: bad '\\x1b[2J\\nskyfleet: forged' "));
  assert.ok(line.length < 600);
  assert.match(line, /… \[name\.invalid\] \(at workloads\[0\]\.team\\nx\)$/);
});

test('capIssues: the first 100 and one issues.too-many placed at the first one left out', () => {
  const many: Issue[] = Array.from({ length: 250 }, (_, k) => ({
    code: 'schema.invalid',
    path: [],
    message: 'm',
    file: 'f',
    line: k + 1,
    col: 1,
  }));
  const capped = capIssues(many);
  assert.equal(capped.length, MAX_ISSUES + 1);
  assert.deepEqual(capped[100], {
    code: 'issues.too-many',
    path: [],
    message: '…and 150 more problems (only the first 100 are listed)',
    file: 'f',
    line: 101,
    col: 1,
  });
  assert.equal(capIssues(many.slice(0, 100)).length, 100);
});
