/** readText (src/cli/io.ts): only regular files, within their documented size, as valid UTF-8; every failure one
 * `file:line:col: what [code]` line (exit 2), decided before the file is read (a device or a pipe is never opened). */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstInvalidUtf8, IssuesError, MAX_FILE_BYTES, readText } from '../../src/cli/io.js';
import { assertUserError, runCli, tempDir } from './helpers.js';

const tmp = tempDir('skyfleet-read-');
after(() => tmp.remove());

function failure(f: () => unknown): { code: string; line: string } {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof IssuesError, `not an IssuesError: ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.equal(e.issues.length, 1);
    return { code: e.issues[0]!.code, line: e.message };
  }
  assert.fail('no error');
}

test('a regular file within the limit is read; at the limit too, one byte past it is not', () => {
  const p = tmp.write('ten.txt', '0123456789');
  assert.equal(readText(p, 'scenario', 10), '0123456789');
  const f = failure(() => readText(p, 'scenario', 9));
  assert.equal(f.code, 'file.too-large');
  assert.match(
    f.line,
    /ten\.txt:1:1: the scenario is 10 bytes, larger than the limit of 9 bytes \(docs\/limits\.md\) \[file\.too-large\]$/,
  );
  assert.deepEqual(MAX_FILE_BYTES, {
    scenario: 16 * 2 ** 20,
    catalog: 64 * 2 ** 20,
    throughput: 64 * 2 ** 20,
    other: 256 * 2 ** 20,
  });
});

test('a directory, a missing file, a device and a named pipe are reported, never read', { timeout: 10_000 }, () => {
  assert.equal(failure(() => readText(tmp.dir, 'scenario')).code, 'file.not-regular');
  assert.match(
    failure(() => readText(tmp.dir, 'scenario')).line,
    /: cannot read the scenario: it is a directory \[file\.not-regular\]$/,
  );
  assert.equal(failure(() => readText(join(tmp.dir, 'nope'), 'catalog')).code, 'file.not-found');
  if (existsSync('/dev/zero')) assert.equal(failure(() => readText('/dev/zero', 'scenario')).code, 'file.not-regular');
  const fifo = join(tmp.dir, 'pipe');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    return; // no mkfifo here: the device case above covers the path
  }
  assert.equal(failure(() => readText(fifo, 'scenario')).code, 'file.not-regular');
});

test('invalid UTF-8 is reported at its line and column; a BOM and any valid text are fine', () => {
  const p = join(tmp.dir, 'bad.yaml');
  writeFileSync(p, Buffer.concat([Buffer.from('name: x\ndesc: café '), Buffer.from([0xc3, 0x28])]));
  const f = failure(() => readText(p, 'scenario'));
  assert.equal(f.code, 'file.not-utf8');
  assert.match(
    f.line,
    /bad\.yaml:2:12: the scenario is not valid UTF-8 text \(byte 0xc3 at offset 20\) \[file\.not-utf8\]$/,
  );
  const good = join(tmp.dir, 'good.yaml');
  writeFileSync(good, '\ufeffname: 日本 🚀\n');
  assert.equal(readText(good, 'scenario'), '\ufeffname: 日本 🚀\n');
  for (const bad of [
    [0x80],
    [0xc0, 0xaf],
    [0xe0, 0x80, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x9a],
  ]) {
    assert.equal(firstInvalidUtf8(Uint8Array.from([0x61, ...bad])), 1, JSON.stringify(bad));
  }
  assert.equal(firstInvalidUtf8(Buffer.from('a é € 🚀')), undefined);
});

test('validate /dev/zero and a named pipe as real processes: exit 2 at once, one line (they used to take 16.8 GB, or hang)', {
  timeout: 60_000,
}, async () => {
  const targets = existsSync('/dev/zero') ? ['/dev/zero'] : [];
  const fifo = join(tmp.dir, 'pipe2');
  try {
    execFileSync('mkfifo', [fifo]);
    targets.push(fifo);
  } catch {
    /* no mkfifo */
  }
  for (const t of targets) {
    const args = ['validate', t];
    const r = await runCli(args, { timeoutMs: 20_000 });
    assertUserError(args, r);
    assert.match(
      r.stderr,
      /^skyfleet: \S+:1:1: cannot read the scenario: it is not a regular file .*\[file\.not-regular\]\n$/,
    );
  }
});

test('validate escapes the file name it echoes (a name with an ANSI escape or a newline)', {
  timeout: 60_000,
}, async () => {
  const scenario =
    'name: t\nhorizon: { start: 2026-12-01, length: 1y }\nproviders:\n  aws: { quota: 64 }\nworkloads: []\n';
  const p = tmp.write('ok\u001b[31m\nforged.yaml', scenario);
  const r = await runCli(['validate', p], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /\u001b/);
  assert.equal(r.stdout.split('\n').length, 2, r.stdout);
  assert.match(r.stdout, /ok\\x1b\[31m\\nforged\.yaml: ok — 1 providers/);
});

test('the real limits: a scenario of exactly 16 MiB and a catalog of exactly 64 MiB are read, one byte more is not', () => {
  for (const [what, max] of [
    ['scenario', MAX_FILE_BYTES.scenario],
    ['catalog', MAX_FILE_BYTES.catalog],
  ] as const) {
    const p = join(tmp.dir, `${what}.big`);
    writeFileSync(p, '');
    truncateSync(p, max); // sparse: NUL bytes, valid UTF-8
    assert.equal(readText(p, what, max).length, max);
    truncateSync(p, max + 1);
    assert.equal(failure(() => readText(p, what, max)).code, 'file.too-large');
    rmSync(p);
  }
});
