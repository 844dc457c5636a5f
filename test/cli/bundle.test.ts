/** The one-file build (`npm run build`: dist/cli/main.js, the package's `bin`) answers exactly as the sources do,
 * including the parts that run in worker threads (the HiGHS solver; `compare`'s workers load the bundle itself). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './helpers.js';

const BIN = join(REPO_ROOT, 'dist/cli/main.js');
const bin = (args: readonly string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });

test('the built CLI is there (npm test builds it first)', () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build`);
});

test("plan --json from the build is byte-identical to the sources' (exact solver in its worker)", async () => {
  const built = bin(['plan', 'examples/startup.yaml', '--json']);
  assert.equal(built.status, 0, built.stderr);
  const source = await runCli(['plan', 'examples/startup.yaml', '--json']);
  assert.equal(source.code, 0, source.stderr);
  assert.equal(built.stdout, source.stdout);
  assert.match(built.stdout, /"used": "highs-mip"/);
});

test('compare from the build runs its worker threads and the offline LP', () => {
  const r = bin([
    'compare',
    'examples/startup.yaml',
    '--policies',
    'cheapest-first,offline-optimal',
    '--seeds',
    '2',
    '--workers',
    '2',
    '--horizon',
    '1mo',
    '--json',
    '--no-progress',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { policies?: unknown[] } | unknown[];
  assert.ok(JSON.stringify(out).includes('offline-optimal'), r.stdout.slice(0, 500));
});

test('a bad file through the build: every problem, exit 2, no stack', () => {
  const r = bin(['validate', 'no-such-file.yaml']);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /^skyfleet: no-such-file\.yaml:1:1: cannot read the scenario: no such file \[file\.not-found\]$/m,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
