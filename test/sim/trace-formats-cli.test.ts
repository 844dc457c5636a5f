/**
 * `simulate` on traces in the public formats docs/simulator.md ("Trace formats") accepts, and on files that are no
 * trace at all, through the CLI from sources: a run (exit 0) whose notes say what the reader did to the rows, or exit 2
 * with one `skyfleet: file:line:col: what [code]` line and no stack trace. Small files written here; nothing large.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = mkdtempSync(join(tmpdir(), 'skyfleet-traces-'));
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function simulate(flag: '--trace' | '--requests', path: string, ...more: string[]) {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'simulate',
      'examples/startup.yaml',
      '--outages',
      'none',
      '--horizon',
      '1mo',
      '--no-progress',
      flag,
      path,
      ...more,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return { code: r.status, err: r.stderr, out: r.stdout };
}

const HELIOS = [
  'job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue',
  '1425512,uVMrF,vchbv,4,16,1,FAILED,2020-06-09 18:41:27,2020-06-09 18:41:27,2020-06-09 18:45:36,249,0',
  '1425511,uXBbc,vcJkd,1,1,1,COMPLETED,2020-06-09 18:41:01,2020-06-09 18:41:01,2020-06-10 04:55:09,36848,0',
  '1425513,uzqls,vcpDC,0,1,1,CANCELLED,2020-06-09 18:41:28,2020-06-09 18:41:28,2020-06-17 14:15:21,675233,0',
  '1425514,uzqls,vcpDC,1024,1,1,COMPLETED,2020-06-09 18:42:28,2020-06-09 18:42:28,2020-06-09 19:42:28,3600,0',
].join('\r\n');

test('a Helios cluster_log: runs, with notes for the CPU-only row, the order and the gang no provider holds', () => {
  const r = simulate('--trace', file('cluster_log.csv', HELIOS), '--no-repeat');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Billed \$/);
  const notes = r.err.trim().split('\n');
  assert.equal(notes.length, 3, r.err);
  assert.match(
    notes[0]!,
    /cluster_log\.csv: note: 1 row asks for 0 GPUs \(CPU-only jobs\) and is left out \[trace\.zero-gpus\]$/,
  );
  assert.match(
    notes[1]!,
    /note: rows are not in submit-time order \(line 3 is earlier than line 2\).*\[trace\.sorted\]$/,
  );
  assert.match(
    notes[2]!,
    /note: 1 of 3 rows ask for more than 512 GPUs, the largest interconnect domain of any provider: .*unplaceable.*\[trace\.gang-too-large\]$/,
  );
  assert.match(r.out, /UNPLACEABLE[\s\S]*\n\s+\d+\s+\d+\s+\d+\s+1\s/, 'the 1,024-GPU job is counted unplaceable');
});

test('a trace naming GPU types the scenario lacks runs them on the default list, with a note per type', () => {
  const jobs = [
    'job_id,submit_time,duration,num_gpus,gpu_type',
    'a,0,3600,8,K80',
    'b,60,3600,8,K80',
    'c,120,3600,8,H100',
    'd,180,3600,8,MISC',
  ].join('\n');
  const r = simulate('--trace', file('typed.csv', jobs), '--no-repeat');
  assert.equal(r.code, 0, r.err);
  const notes = r.err.trim().split('\n');
  assert.equal(notes.length, 2, r.err);
  assert.match(
    notes[0]!,
    /typed\.csv: note: the trace's gpu_type "K80" \(2 jobs\) names no GPU model .*default GPU list.*\[trace\.unknown-gpu-type\]$/,
  );
  assert.match(notes[1]!, /"MISC" \(1 job\).*\[trace\.unknown-gpu-type\]$/);
});

test('BurstGPT and the raw Azure 2023 request traces run', () => {
  const burst = file(
    'BurstGPT_1.csv',
    'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n5,ChatGPT,472,18,490,Conversation log\n45,GPT-4,1087,0,1087,API log\n',
  );
  const azure = file(
    'AzureLLMInferenceTrace_conv.csv',
    'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951720,396,109\n',
  );
  for (const p of [burst, azure]) {
    const r = simulate('--requests', p);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /Inference: [\d.]+% of demand served/);
  }
});

const refused: [string, string | Buffer, '--trace' | '--requests', RegExp][] = [
  [
    'a gzip file named .csv',
    gzipSync(HELIOS),
    '--trace',
    /:1:1: the job trace is not a CSV text file: it is gzip-compressed.*\[trace\.not-csv\]$/,
  ],
  [
    'random bytes',
    Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x81]),
    '--requests',
    /:1:1: the request trace is not a CSV text file.*\[trace\.not-csv\]$/,
  ],
  [
    'Mooncake JSON Lines',
    '{"timestamp": 0, "input_length": 6955, "output_length": 52, "hash_ids": [0]}\n',
    '--requests',
    /JSON or JSON Lines.*\[trace\.not-csv\]$/,
  ],
  [
    'a request trace given as --trace',
    'timestamp_s,context_tokens,generated_tokens\n0,1,1\n',
    '--trace',
    /:1:1: missing columns 'duration_s', 'num_gpus' in the header.*\[trace\.missing-column\]$/,
  ],
  ['an empty file', '', '--trace', /:1:1: file is empty: a header line is needed \[csv\.empty\]$/],
  [
    'a header only',
    'TIMESTAMP,ContextTokens,GeneratedTokens\n',
    '--requests',
    /:1:1: the trace has a header but no requests \[trace\.empty\]$/,
  ],
  [
    'two submit-time columns',
    'timestamp,submit_time,duration,gpus\n0,0,1,1\n',
    '--trace',
    /:1:11: columns 'timestamp', 'submit_time' all name the submit_time_s field.*\[trace\.ambiguous-column\]$/,
  ],
  [
    'Unix milliseconds in a seconds column',
    'Timestamp,Request tokens,Response tokens\n1700000000000,1,1\n',
    '--requests',
    /:2:1: Timestamp: 1700000000000 is past the year 5000 as seconds.*_ms.*\[trace\.too-large-value\]$/,
  ],
];

for (const [name, text, flag, re] of refused) {
  test(`refused (${name}): exit 2, one clear line, no stack`, () => {
    const r = simulate(flag, file(`${name.replace(/\W+/g, '-')}.csv`, text));
    assert.equal(r.code, 2, r.err);
    assert.equal(r.out, '');
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0]!, /^skyfleet: \//);
    assert.match(lines[0]!, re);
  });
}
