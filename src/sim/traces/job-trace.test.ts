/**
 * The job-trace reader on small hand-written files in each public format it accepts (docs/simulator.md, "Trace
 * formats"): rows as the sources' READMEs show them, cut to a few lines; and its rules for extreme and broken files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJobTrace } from './job-trace.js';
import { jobAt } from './jobs.js';

function read(text: string, maxRows?: number) {
  const r = readJobTrace(text, 'jobs.csv', maxRows);
  if (!r.ok) assert.fail(r.issues.map((i) => `${i.line}:${i.col} ${i.message} [${i.code}]`).join('\n'));
  return r.value;
}

function issues(text: string, maxRows?: number) {
  const r = readJobTrace(text, 'jobs.csv', maxRows);
  assert.equal(r.ok, false, 'expected the file to be refused');
  if (r.ok) throw new Error('unreachable');
  return r.issues.map((i) => ({ code: i.code, line: i.line, col: i.col, message: i.message }));
}

const codes = (text: string) => issues(text).map((i) => i.code);

test('Helios cluster_log.csv: gpu_num, state, ISO date-times made offsets, the duration column, user before vc', () => {
  const { trace: t, notes } = read(
    [
      'job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue',
      '1425511,uXBbc,vcJkd,1,1,1,COMPLETED,2020-06-09 18:41:01,2020-06-09 18:41:01,2020-06-10 04:55:09,36848,0',
      '1425512,uVMrF,vchbv,4,16,1,FAILED,2020-06-09 18:41:27,2020-06-09 18:41:27,2020-06-09 18:45:36,249,0',
      '1425513,uzqls,vcpDC,0,1,1,CANCELLED,2020-06-09 18:41:28,2020-06-09 18:41:28,2020-06-17 14:15:21,675233,0',
    ].join('\r\n'),
  );
  assert.equal(t.count, 2);
  assert.deepEqual(jobAt(t, 1), {
    id: '1425512',
    submitS: 26,
    durationS: 249,
    gpus: 4,
    user: 'uVMrF',
    gpuType: '',
    status: 'FAILED',
  });
  assert.deepEqual(
    notes.map((n) => [n.code, n.message]),
    [['trace.zero-gpus', '1 row asks for 0 GPUs (CPU-only jobs) and is left out']],
  );
});

test('Alibaba v2023 openb_pod_list: name, num_gpu, creation_time; run time = deletion_time − scheduled_time', () => {
  const { trace: t, notes } = read(
    [
      '\ufeffname,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
      'openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0',
      'openb-pod-0005,20000,65536,0,0,,LS,Running,2759674,12902960,2759676',
      'openb-pod-0009,12000,16384,1,1000,V100M16|V100M32,LS,Running,4975773,12902960,4975773',
      'openb-pod-0061,11908,47104,1,1000,,BE,Pending,10001278,10001403,',
      'openb-pod-0062,3152,5600,1,810,P100,BE,Failed,10001573,10014257,10001606',
    ].join('\n'),
  );
  assert.equal(t.count, 3);
  assert.deepEqual([...t.submitS], [0, 4975773, 10001573]);
  assert.deepEqual([...t.durationS], [12537496, 12902960 - 4975773, 10014257 - 10001606]);
  assert.deepEqual(t.sourceIds, ['openb-pod-0000', 'openb-pod-0009', 'openb-pod-0062']);
  assert.deepEqual(t.statuses, ['Running', 'Failed']);
  assert.deepEqual(t.gpuTypes, [''], 'gpu_spec is not read as a GPU type (it lists alternatives)');
  assert.deepEqual(
    notes.map((n) => n.code),
    ['trace.zero-gpus', 'trace.incomplete-rows'],
  );
  assert.match(notes[1]!.message, /^1 row has an empty scheduled_time \(on line 5\) and is left out$/);
});

test('the raw Pollux/Philly philly.csv: Unix seconds made offsets, no job id (line-<n>), extra columns ignored', () => {
  const { trace: t } = read(
    ['timestamp,duration,num_gpus,gpu_time,cluster', '1504521041,2240194,8,0,4', '1504756737,3256045,1,0,9'].join('\n'),
  );
  assert.deepEqual([...t.submitS], [0, 235696]);
  assert.deepEqual(t.sourceIds, ['line-2', 'line-3']);
  assert.deepEqual([...t.gpus], [8, 1]);
});

test('units: duration_min, duration_ms, duration_h and submit_time_ms; end_time − submit time without a start', () => {
  assert.deepEqual([...read('id,submit_time,duration_min,gpus\na,0,1.5,1\n').trace.durationS], [90]);
  assert.deepEqual([...read('id,submit_time,Duration (ms),gpus\na,0,2500,1\n').trace.durationS], [2.5]);
  assert.deepEqual([...read('id,submit_time,duration_h,gpus\na,0,2,1\n').trace.durationS], [7200]);
  const ms = read('id,submit_time_ms,end_time_ms,gpus\na,1000,61000,1\nb,3000,3000,2\n').trace;
  assert.deepEqual([...ms.submitS], [1, 3]);
  assert.deepEqual([...ms.durationS], [60, 0]);
  const end = read('job,arrival_time,end_time,num_gpus\na,10,70,2\n').trace;
  assert.deepEqual([...end.durationS], [60]);
});

test('header names match ignoring case, spaces and punctuation; quoted fields, CRLF and a BOM are read', () => {
  const { trace: t } = read(
    '\ufeff"Job ID","Submit Time","Duration","GPU Count","User"\r\n"a, the first",0,5,2,"x ""y"""\r\n',
  );
  assert.deepEqual(jobAt(t, 0), {
    id: 'a, the first',
    submitS: 0,
    durationS: 5,
    gpus: 2,
    user: 'x "y"',
    gpuType: '',
    status: '',
  });
});

test('spaces around a number or time are ignored', () => {
  const { trace: t } = read('submit_time, duration, gpus\n 5 , 60 ,  2\n');
  assert.deepEqual([[...t.submitS], [...t.durationS], [...t.gpus]], [[5], [60], [2]]);
});

test('ISO 8601 variants: T or space, fractions, Z and offsets; all made offsets from the earliest', () => {
  const { trace: t } = read(
    [
      'submit_time,duration,gpus',
      '2020-06-09T18:41:01Z,1,1',
      '2020-06-09 20:41:01.5+02:00,1,1',
      '2020-06-09 18:41:03.25,1,1',
      '2020-06-09T18:41:00,1,1',
    ].join('\n'),
  );
  assert.deepEqual([...t.submitS], [0, 1, 1.5, 3.25]);
});

test('rows out of submit order are sorted (stable), with a note naming the first line out of order', () => {
  const { trace: t, notes } = read('job_id,submit_time_s,duration_s,num_gpus\na,10,1,1\nb,3,1,1\nc,10,1,1\nd,3,1,1\n');
  assert.deepEqual(t.sourceIds, ['b', 'd', 'a', 'c']);
  assert.deepEqual([...t.submitS], [3, 3, 10, 10]);
  assert.deepEqual(
    notes.map((n) => [n.code, n.message]),
    [
      [
        'trace.sorted',
        'rows are not in submit-time order (line 3 is earlier than line 2): read sorted by submit time, ties in file order',
      ],
    ],
  );
});

test('a single row is a trace; a header alone, an empty file and only left-out rows are not', () => {
  assert.equal(read('job_id,submit_time_s,duration_s,num_gpus\na,0,0,1').trace.count, 1);
  assert.deepEqual(codes('job_id,submit_time_s,duration_s,num_gpus\n'), ['trace.empty']);
  assert.deepEqual(codes(''), ['csv.empty']);
  assert.deepEqual(codes('\n\r\n'), ['csv.empty']);
  const [only] = issues('job_id,submit_time_s,duration_s,num_gpus\na,0,5,0\nb,,5,1\n');
  assert.equal(only!.code, 'trace.empty');
  assert.match(
    only!.message,
    /no usable jobs: every row was left out \(1 row asks for 0 GPUs.*1 row has an empty submit_time_s/,
  );
});

test('duplicate rows: the same job_id twice is refused, naming the first line; without ids they are two jobs', () => {
  const [dup] = issues('job_id,submit_time_s,duration_s,num_gpus\na,0,5,1\na,0,5,1\n');
  assert.equal(dup!.code, 'trace.duplicate-id');
  assert.equal(dup!.line, 3);
  assert.match(dup!.message, /already used on line 2/);
  assert.equal(read('submit_time_s,duration_s,num_gpus\n0,5,1\n0,5,1\n').trace.count, 2);
});

test('negative, NaN, Infinity, huge and non-integer values are refused, each at its cell', () => {
  const got = issues(
    [
      'job_id,submit_time_s,duration_s,num_gpus',
      'a,0,NaN,1',
      'b,0,Infinity,1',
      'c,-1,5,1',
      'd,0,5,99999999999999999999',
      'e,0,1e10,1',
      'f,0,5,1.5',
      'g,0,-0.5,1',
      'h,1e400,5,1',
      'i,0,5,65537',
    ].join('\n'),
  );
  assert.deepEqual(
    got.map((i) => [i.code, i.line, i.col]),
    [
      ['trace.not-a-number', 2, 5],
      ['trace.not-a-number', 3, 5],
      ['trace.negative', 4, 3],
      ['trace.too-large-value', 5, 7],
      ['trace.too-large-value', 6, 5],
      ['trace.not-an-integer', 7, 7],
      ['trace.negative', 8, 5],
      ['trace.not-a-number', 9, 3],
      ['trace.too-large-value', 10, 7],
    ],
  );
});

test('times: milliseconds read as seconds, offsets mixed with absolute times, spans past the limit are refused', () => {
  const [ms] = issues('submit_time,duration,gpus\n1700000000000,5,1\n');
  assert.equal(ms!.code, 'trace.too-large-value');
  assert.match(ms!.message, /name the column with _ms/);
  assert.deepEqual(codes('submit_time,duration,gpus\n0,5,1\n2020-01-01,5,1\n'), ['trace.mixed-times']);
  assert.deepEqual(codes('submit_time,duration,gpus\n1000000000,5,1\n99000000000,5,1\n'), ['trace.too-large-value']);
  assert.deepEqual(codes('submit_time,end_time,gpus\n2020-01-01,5,1\n'), ['trace.mixed-times']);
  assert.deepEqual(codes('submit_time,start_time,end_time,gpus\n0,10,5,1\n'), ['trace.negative']);
  assert.deepEqual(codes('submit_time,duration,gpus\n2020-02-30,5,1\n'), ['trace.not-a-number']);
});

test('columns: missing ones are named with what each accepts; two columns for one field are refused', () => {
  const [m] = issues('ts,dur\n1,2\n');
  assert.equal(m!.code, 'trace.missing-column');
  assert.match(
    m!.message,
    /^missing columns 'submit_time_s', 'duration_s', 'num_gpus' in the header \(the first line: ts,dur\)/,
  );
  assert.match(m!.message, /duration_s\|duration\|runtime\|duration_min\|… or end_time/);
  assert.ok(m!.message.length <= 400, `one line of at most 400 characters: ${m!.message.length}`);
  const [a] = issues('timestamp,submit_time,duration,gpus\n0,0,1,1\n');
  assert.equal(a!.code, 'trace.ambiguous-column');
  assert.equal(a!.col, 11);
  assert.match(a!.message, /'timestamp', 'submit_time' all name the submit_time_s field/);
  assert.deepEqual(codes('submit_time,duration,duration_min,gpus\n0,1,1,1\n'), ['trace.ambiguous-column']);
  assert.match(
    issues('job_id;submit_time;duration;gpus\na;0;1;1\n')[0]!.message,
    /separated by commas, and this header uses ';'/,
  );
  // A header-less file (Alibaba v2020 ships without one) is a missing header.
  assert.match(issues('4b9f3a,inst1,user1,Terminated,1000,2000\n')[0]!.message, /the first line must|in the header/);
});

test('not CSV: gzip, zip, Parquet, binary, other encodings and JSON Lines get one clear issue', () => {
  const gz = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]).toString('utf8');
  const cases: [string, RegExp][] = [
    [gz, /gzip-compressed; decompress it first/],
    ['PK\u0003\u0004\u0014\u0000', /zip archive/],
    ['PAR1\u0015\u0004', /Parquet/],
    ['job_id,submit\u0000_time_s', /binary data/],
    [Buffer.from('job_id,user\na,caf\xe9\n', 'latin1').toString('utf8'), /not UTF-8 text/],
    ['{"timestamp": 0, "input_length": 6955, "output_length": 52}\n', /JSON or JSON Lines/],
    [Buffer.from('\ufeffjob_id,submit_time_s\n', 'utf16le').toString('utf8'), /UTF-16/],
  ];
  for (const [text, why] of cases) {
    const got = issues(text);
    assert.deepEqual(
      got.map((i) => [i.code, i.line, i.col]),
      [['trace.not-csv', 1, 1]],
    );
    assert.match(got[0]!.message, why);
  }
});

test('the row and field limits are checked before anything is read', () => {
  const header = 'job_id,submit_time_s,duration_s,num_gpus\n';
  assert.deepEqual(
    issues(`${header}a,0,1,1\nb,0,1,1\nc,0,1,1\n`, 2).map((i) => i.code),
    ['trace.too-many-rows'],
  );
  assert.deepEqual(codes(`${header}${','.repeat(200)}\n`), ['trace.too-many-fields']);
});
