import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePhillyJobs } from './philly.js';
import { jobAt, jobId } from './jobs.js';

const FILE = new URL('../../../data/traces/philly_jobs.csv', import.meta.url);
const HEADER = 'job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status';

test('the real Philly trace parses with the numbers its README gives', () => {
  const r = parsePhillyJobs(readFileSync(FILE, 'utf8'), 'data/traces/philly_jobs.csv');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues.slice(0, 3)));
  const t = r.value;
  assert.equal(t.count, 82247);
  assert.deepEqual(jobAt(t, 0), {
    id: 'philly-031566',
    submitS: 0,
    durationS: 2240194,
    gpus: 8,
    user: 'vc-7f04ca',
    gpuType: '',
    status: '',
  });
  const byGpus = new Map<number, number>();
  for (const g of t.gpus) byGpus.set(g, (byGpus.get(g) ?? 0) + 1);
  assert.deepEqual(
    [byGpus.get(1), byGpus.get(2), byGpus.get(4), byGpus.get(8), byGpus.get(16), byGpus.get(32)],
    [76627, 1818, 1870, 1643, 199, 67],
  );
  assert.equal(t.users.length, 15);
  assert.deepEqual(t.gpuTypes, ['']);
  assert.deepEqual(t.statuses, ['']);
  // 2017-09-04 10:30:41 → 2017-12-22 08:02:11 UTC.
  assert.equal(t.submitS[t.count - 1], (Date.UTC(2017, 11, 22, 8, 2, 11) - Date.UTC(2017, 8, 4, 10, 30, 41)) / 1000);
  const d = Float64Array.from(t.durationS).sort();
  assert.equal(d[0], 1);
  assert.equal(d[Math.floor(d.length / 2)], 1144);
  assert.equal(new Set(Array.from({ length: t.count }, (_, i) => jobId(t, i))).size, t.count);
});

function bad(body: string, header = HEADER) {
  const r = parsePhillyJobs(`${header}\n${body}`, 'jobs.csv');
  assert.equal(r.ok, false, body);
  if (r.ok) throw new Error('unreachable');
  return r.issues.map((i) => ({
    code: i.code,
    line: i.line,
    col: i.col,
    path: i.path,
    file: i.file,
    message: i.message,
  }));
}

test('missing required columns are all named', () => {
  const [i, ...rest] = bad('a,1', 'job_id,user');
  assert.equal(rest.length, 0);
  assert.equal(i!.code, 'trace.missing-column');
  assert.equal(i!.line, 1);
  assert.deepEqual(i!.path, ['submit_time_s', 'duration_s', 'num_gpus']);
  assert.match(i!.message, /'submit_time_s', 'duration_s', 'num_gpus'/);
});

test('each bad cell is reported with its code, line and column', () => {
  const issues = bad(
    [
      'j1,0,10,1,,u,', // fine
      'j2,5,-3,1,,u,', // line 3: negative duration
      'j3,abc,10,1,,u,', // line 4: garbage time
      'j4,6,10,0,,u,', // line 5: zero GPUs — left out with a note, not an error
      'j5,7,10,1.5,,u,', // line 6: fractional GPUs
      'j6,2,10,1,,u,', // line 7: earlier than line 6's 7 — sorted with a note, not an error
      'j1,8,10,1,,u,', // line 8: duplicate id
      ',9,10,1,,u,', // line 9: empty id
      'j9,-1,10,1,,u,', // line 10: negative time
    ].join('\n'),
  );
  const brief = issues.map((i) => [i.code, i.line, i.col]);
  assert.deepEqual(brief, [
    ['trace.negative', 3, 6],
    ['trace.not-a-number', 4, 4],
    ['trace.not-an-integer', 6, 9],
    ['trace.duplicate-id', 8, 1],
    ['trace.empty-id', 9, 1],
    ['trace.negative', 10, 4],
  ]);
  assert.ok(issues.every((i) => i.file === 'jobs.csv'));
  assert.deepEqual(issues[1]!.path, [2, 'submit_time_s']);
  assert.match(issues[3]!.message, /line 2/);
});

test('optional columns may be absent; an empty trace is rejected', () => {
  const r = parsePhillyJobs('job_id,submit_time_s,duration_s,num_gpus\na,0,1,2\n', 'x.csv');
  assert.ok(r.ok);
  assert.deepEqual(jobAt(r.value, 0), {
    id: 'a',
    submitS: 0,
    durationS: 1,
    gpus: 2,
    user: '',
    gpuType: '',
    status: '',
  });
  assert.deepEqual(
    bad('').map((i) => i.code),
    ['trace.empty'],
  );
});

test('CSV structure errors come through', () => {
  assert.deepEqual(
    bad('j1,0,10,1,,u').map((i) => [i.code, i.line]),
    [['csv.field-count', 2]],
  );
});
