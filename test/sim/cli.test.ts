/** Bad inputs to simulate/compare: a clear message, exit code 2, never a stack trace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'skyfleet-sim-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

function run(args: string[]): { code: number | null; err: string; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

const cases: [string, string[], RegExp][] = [
  [
    'missing columns',
    ['simulate', 'examples/startup.yaml', '--outages', 'none', '--trace', file('a.csv', 'job_id,submit_time_s\nx,0\n')],
    /missing columns 'duration_s', 'num_gpus'.*trace\.missing-column/,
  ],
  [
    'negative duration',
    [
      'simulate',
      'examples/startup.yaml',
      '--outages',
      'none',
      '--trace',
      file('b.csv', 'job_id,submit_time_s,duration_s,num_gpus\nx,0,-5,1\n'),
    ],
    /b\.csv:2:\d+: duration_s: -5 is negative \[trace\.negative\]/,
  ],
  [
    'unknown policy',
    ['compare', 'examples/startup.yaml', '--outages', 'none', '--policies', 'skyfleet,bogus', '--seeds', '1'],
    /unknown policy "bogus"/,
  ],
  [
    'unknown single provider',
    ['simulate', 'examples/startup.yaml', '--outages', 'none', '--policy', 'single:azure'],
    /no provider "azure"/,
  ],
  ['bad horizon', ['simulate', 'examples/startup.yaml', '--outages', 'none', '--horizon', 'seven years'], /--horizon/],
];

for (const [name, args, re] of cases) {
  test(`bad input (${name}): exit 2, a clear message, no stack`, () => {
    const r = run(args);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, re);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });
}

test('simulate runs the startup scenario end to end and prints the summary', () => {
  const r = run(['simulate', 'examples/startup.yaml', '--seed', '2', '--no-progress']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Billed \$[\d.]+M = usage/);
  assert.match(r.out, /ledger: [\d,]+ postings, reconciles/);
});
