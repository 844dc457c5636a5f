import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_ISSUES, parseCsv, push } from './csv.js';
import type { Issue } from './issues.js';

const parsed = (text: string) => {
  const r = parseCsv(text, 'x.csv');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.value;
};

test('quoted fields keep commas, doubled quotes and line breaks; positions are right', () => {
  const t = parsed('a,b,c\r\n1,"x, ""y""",3\n"multi\nline",,"z"\n4,5,6');
  assert.deepEqual(t.header.fields, ['a', 'b', 'c']);
  assert.deepEqual(
    t.records.map((r) => r.fields),
    [
      ['1', 'x, "y"', '3'],
      ['multi\nline', '', 'z'],
      ['4', '5', '6'],
    ],
  );
  assert.deepEqual(
    t.records.map((r) => r.line),
    [2, 3, 5],
  );
  assert.deepEqual(t.records[0]!.cols, [1, 3, 14]);
  assert.deepEqual(t.records[1]!.lines, [3, 4, 4]);
  assert.deepEqual(t.records[1]!.cols, [1, 7, 8]);
});

test('BOM, trailing newline and blank lines are tolerated', () => {
  const t = parsed('\ufeffa,b\n\n1,2\n\n');
  assert.deepEqual(t.header.fields, ['a', 'b']);
  assert.deepEqual(
    t.records.map((r) => [r.line, ...r.fields]),
    [[3, '1', '2']],
  );
});

test('malformed input gives coded issues with a line and column', () => {
  const cases: [string, string, number, number][] = [
    ['a,b\n1,"open\n2,3\n', 'csv.unterminated-quote', 2, 3],
    ['a,b\n"q"x,2\n', 'csv.bad-quote', 2, 4],
    ['a,b\n1,2,3\n', 'csv.field-count', 2, 1],
    ['a,a\n1,2\n', 'csv.duplicate-column', 1, 3],
    ['', 'csv.empty', 1, 1],
  ];
  for (const [text, code, line, col] of cases) {
    const r = parseCsv(text, 'bad.csv');
    assert.equal(r.ok, false, text);
    if (r.ok) continue;
    assert.deepEqual(
      [r.issues[0]!.code, r.issues[0]!.line, r.issues[0]!.col, r.issues[0]!.file],
      [code, line, col, 'bad.csv'],
      text,
    );
  }
});

test('round trip: any table written with RFC 4180 quoting reads back the same', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '1') });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
      (w, rows) => {
        const header = Array.from({ length: w }, (_, k) => `h${k}`);
        const body = rows.map((r) => r.slice(0, w));
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = [header, ...body].map((r) => r.map(quote).join(',')).join('\n');
        const t = parsed(text);
        assert.deepEqual(
          t.records.map((r) => r.fields),
          body,
        );
      },
    ),
  );
});

test('issue lists are capped', () => {
  const issues: Issue[] = [];
  for (let k = 0; k < MAX_ISSUES + 10; k++) push(issues, { code: 'csv.bad-number', path: [], message: 'm', file: 'f' });
  assert.equal(issues.length, MAX_ISSUES + 1);
  assert.equal(issues[MAX_ISSUES]!.code, 'csv.too-many-issues');
});
