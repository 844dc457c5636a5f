import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findColumns, JOB_FIELDS, normHeader, REQUEST_FIELDS } from './columns.js';

const place = { file: 'x.csv', line: 1, cols: [1, 5, 9, 13, 17, 21] };

test('header names match ignoring case, spaces, punctuation and unit brackets', () => {
  assert.equal(normHeader('Request tokens'), normHeader('request_tokens'));
  assert.equal(normHeader('REQUEST-TOKENS'), 'requesttokens');
  assert.equal(normHeader('duration (min)'), normHeader('duration_min'));
  assert.equal(normHeader('\ufeffjob_id'), 'jobid');
});

test('each field takes its column and the unit its name says; descriptive fields take the first alias listed', () => {
  const { columns, issues } = findColumns(
    ['vc', 'User', 'Submit Time', 'duration (min)', 'GPU_NUM', 'state'],
    JOB_FIELDS,
    place,
  );
  assert.deepEqual(issues, []);
  assert.deepEqual(columns.user, { index: 1, header: 'User', unit: '' });
  assert.deepEqual(columns.submit, { index: 2, header: 'Submit Time', unit: 's' });
  assert.deepEqual(columns.duration, { index: 3, header: 'duration (min)', unit: 'min' });
  assert.equal(columns.gpus?.index, 4);
  assert.equal(columns.status?.index, 5);
  assert.equal(columns.id, undefined);
});

test('a numeric field matched twice is ambiguous; a name twice is a duplicate column', () => {
  const amb = findColumns(['timestamp', 'time', 'ContextTokens', 'GeneratedTokens'], REQUEST_FIELDS, place);
  assert.deepEqual([...amb.ambiguous], ['time']);
  assert.deepEqual(
    amb.issues.map((i) => [i.code, i.col]),
    [['trace.ambiguous-column', 5]],
  );
  const dup = findColumns(['job_id', 'job_id', 'x'], JOB_FIELDS, place);
  assert.deepEqual(
    dup.issues.map((i) => [i.code, i.col]),
    [['csv.duplicate-column', 5]],
  );
});

test('aliases are unique within a reader, and docs/simulator.md lists every one', () => {
  const docs = readFileSync(new URL('../../../docs/simulator.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Trace formats'), docs.indexOf('## Policies'));
  for (const fields of [JOB_FIELDS, REQUEST_FIELDS]) {
    const seen = new Map<string, string>();
    for (const f of Object.values(fields)) {
      for (const [alias] of f.aliases) {
        const n = normHeader(alias);
        assert.equal(seen.get(n), undefined, `${alias} of ${f.name} is also an alias of ${seen.get(n)}`);
        seen.set(n, f.name);
        assert.ok(section.includes(`\`${alias}\``), `docs/simulator.md "Trace formats" lists ${alias} (${f.name})`);
      }
    }
  }
});
