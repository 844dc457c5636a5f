/**
 * The request-trace reader on small hand-written files in each public format it accepts (docs/simulator.md, "Trace
 * formats"): the raw Azure LLM 2023 and 2024 files, BurstGPT, a millisecond log; and its rules for broken files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRequestTrace } from './request-trace.js';

function read(text: string) {
  const r = readRequestTrace(text, 'requests.csv');
  if (!r.ok) assert.fail(r.issues.map((i) => `${i.line}:${i.col} ${i.message} [${i.code}]`).join('\n'));
  return r.value;
}

function codes(text: string): string[] {
  const r = readRequestTrace(text, 'requests.csv');
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? [] : r.issues.map((i) => i.code);
}

test('the raw Azure LLM 2023 file: TIMESTAMP with seven fraction digits, made offsets from the first request', () => {
  const { trace: t, notes } = read(
    [
      'TIMESTAMP,ContextTokens,GeneratedTokens',
      '2023-11-16 18:15:46.6805900,374,44',
      '2023-11-16 18:15:50.9951720,396,109',
      '2023-11-16 18:15:51.2227340,879,55',
    ].join('\r\n'),
  );
  assert.deepEqual([...t.timestampS], [0, 4.314582, 4.542144]);
  assert.deepEqual([...t.contextTokens], [374, 396, 879]);
  assert.deepEqual([...t.generatedTokens], [44, 109, 55]);
  assert.deepEqual(notes, []);
});

test('the Azure LLM 2024 file: an explicit +00:00 offset', () => {
  const { trace: t } = read(
    'TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-10 00:00:00.0092350+00:00,2048,28\n2024-05-10 01:00:01+01:00,10,1\n',
  );
  assert.deepEqual([...t.timestampS], [0, 0.990765]);
});

test('BurstGPT: Timestamp in seconds, Request/Response tokens, other columns ignored, 0 response tokens kept', () => {
  const { trace: t } = read(
    [
      'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type',
      '5,ChatGPT,472,18,490,Conversation log',
      '45,ChatGPT,1087,0,1087,"Conversation log"',
      '118,GPT-4,417,251,668,API log',
    ].join('\n'),
  );
  assert.deepEqual([...t.timestampS], [5, 45, 118]);
  assert.deepEqual([...t.generatedTokens], [18, 0, 251]);
});

test('a millisecond log (timestamp_ms, input_length, output_length): read in seconds', () => {
  const { trace: t } = read('timestamp_ms,input_length,output_length\n0,6955,52\n1500,100,2\n');
  assert.deepEqual([...t.timestampS], [0, 1.5]);
});

test('rows out of time order are sorted with a note; rows with an empty cell are left out with a note', () => {
  const { trace: t, notes } = read('timestamp_s,context_tokens,generated_tokens\n5,1,1\n2,2,2\n,3,3\n7,,1\n');
  assert.deepEqual([...t.timestampS], [2, 5]);
  assert.deepEqual([...t.contextTokens], [2, 1]);
  assert.deepEqual(
    notes.map((n) => [n.code, n.message]),
    [
      [
        'trace.incomplete-rows',
        '2 rows have an empty timestamp_s / context_tokens (the first on line 4) and are left out',
      ],
      [
        'trace.sorted',
        'rows are not in time order (line 3 is earlier than line 2): read sorted by time, ties in file order',
      ],
    ],
  );
});

test('broken request files: each problem with its code', () => {
  const h = 'timestamp_s,context_tokens,generated_tokens\n';
  assert.deepEqual(codes(h), ['trace.empty']);
  assert.deepEqual(codes(`${h},1,1\n`), ['trace.empty']);
  assert.deepEqual(codes(`${h}0,NaN,1\n1,1,Infinity\n2,-1,1\n3,1,1.5\n4,10000001,1\n-1,1,1\n`), [
    'trace.not-a-number',
    'trace.not-a-number',
    'trace.negative',
    'trace.not-an-integer',
    'trace.too-large-value',
    'trace.negative',
  ]);
  assert.deepEqual(codes(`${h}1700000000000,1,1\n`), ['trace.too-large-value']);
  assert.deepEqual(codes('timestamp,time,context_tokens,generated_tokens\n0,0,1,1\n'), ['trace.ambiguous-column']);
  assert.deepEqual(codes('job_id,submit_time_s,duration_s,num_gpus\na,0,1,1\n'), ['trace.missing-column']);
  assert.deepEqual(codes('{"timestamp": 0, "input_length": 1, "output_length": 1}\n'), ['trace.not-csv']);
  assert.deepEqual(codes(`${h}0,1\n`), ['csv.field-count']);
  assert.deepEqual(codes(`${h}0,"1,1\n`), ['csv.unterminated-quote']);
});
