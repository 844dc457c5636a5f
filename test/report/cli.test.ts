/** `--report` on the command line: a report it cannot write is a clear error before any simulation, exit 2, no stack. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'skyfleet-report-cli-'));

function run(args: string[]): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, err: r.stderr };
}

test('--report under a path that is a file: exit 2, says why', () => {
  const file = join(dir, 'plain-file');
  writeFileSync(file, 'x');
  const r = run([
    'simulate',
    'examples/startup.yaml',
    '--outages',
    'none',
    '--no-progress',
    '--report',
    join(file, 'out', 'r.html'),
  ]);
  assert.equal(r.code, 2, r.err);
  assert.match(
    r.err,
    /skyfleet: cannot write the report to .*plain-file\/out\/r\.html: a part of the path is a file, not a directory/,
  );
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('--report naming a directory: exit 2, says why (compare too)', () => {
  const d = join(dir, 'a-dir');
  mkdirSync(d);
  const r = run([
    'compare',
    'examples/startup.yaml',
    '--outages',
    'none',
    '--policies',
    'skyfleet',
    '--seeds',
    '1',
    '--no-progress',
    '--report',
    d,
  ]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /cannot write the report to .*a-dir: it is a directory/);
});

test('--report with offline-optimal in simulate: exit 2, points to compare', () => {
  const r = run([
    'simulate',
    'examples/startup.yaml',
    '--outages',
    'none',
    '--policy',
    'offline-optimal',
    '--report',
    join(dir, 'x.html'),
  ]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /--report needs a simulated policy: offline-optimal is an LP bound .*use compare --report/);
});
