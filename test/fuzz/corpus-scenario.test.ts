/**
 * The scenario regression corpus (test/fuzz/README.md): every file under test/fuzz/corpus/scenario/ is a case, run as
 * `node dist/cli/main.js validate <file>` (the built CLI, as a user runs it). A file named `ok-…` must be accepted
 * (exit 0, nothing on stderr); any other must be rejected cleanly: exit 2, nothing on stdout, every stderr line one
 * `skyfleet: <file>:<line>:<col>: <what> [<code>]` (optionally followed by ` (at <path>)`), no stack trace, and the
 * whole run within 10 s (each case once took minutes, a stack overflow, gigabytes, or hung).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, spawnCollect, type CliResult } from '../cli/helpers.js';

const CORPUS = join(REPO_ROOT, 'test', 'fuzz', 'corpus', 'scenario');
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const LIMIT_MS = 10_000;

/** One stderr line of a rejection: `skyfleet: file:line:col: what [code]`, maybe ` (at path)`. */
export const ISSUE_LINE = /^skyfleet: [^\n]*:\d+:\d+: [^\n]*\[[a-z0-9.-]+\]( \(at [^\n]*\))?$/;

function validate(file: string): Promise<CliResult & { ms: number }> {
  return spawnCollect([CLI, 'validate', file], { cwd: CORPUS, timeoutMs: LIMIT_MS * 3 });
}

describe('scenario corpus: every case accepted or rejected cleanly, quickly', { concurrency: 2 }, () => {
  assert.ok(existsSync(CLI), 'dist/cli/main.js is missing: run `npm run build` first');
  const files = readdirSync(CORPUS)
    .filter((f) => !f.startsWith('.'))
    .sort();
  test('the corpus is there', () => assert.ok(files.length >= 40, `only ${files.length} cases`));
  for (const name of files) {
    test(name, async () => {
      const r = await validate(name);
      const ctx = `\nskyfleet validate ${name}\n  exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${r.ms} ms\n  stdout: ${r.stdout.slice(0, 300)}\n  stderr: ${r.stderr.slice(0, 1500)}`;
      assert.equal(r.signal, null, `killed${ctx}`);
      assert.ok(r.ms < LIMIT_MS, `took ${r.ms} ms${ctx}`);
      assert.doesNotMatch(r.stderr, /^\s*at /m, `a stack trace${ctx}`);
      if (name.startsWith('ok-')) {
        assert.equal(r.code, 0, `must be accepted${ctx}`);
        assert.equal(r.stderr, '', `nothing on stderr${ctx}`);
        assert.match(r.stdout, /: ok — /, ctx);
        return;
      }
      assert.equal(r.code, 2, `must be rejected with exit 2${ctx}`);
      assert.equal(r.stdout, '', `nothing on stdout${ctx}`);
      assert.ok(r.stderr.endsWith('\n'), `stderr ends with a newline${ctx}`);
      const lines = r.stderr.slice(0, -1).split('\n');
      assert.ok(lines.length >= 1 && lines.length <= 101, `1 to 101 lines${ctx}`);
      for (const line of lines) {
        assert.match(line, ISSUE_LINE, `not one issue line: ${JSON.stringify(line.slice(0, 300))}${ctx}`);
        assert.ok(line.startsWith(`skyfleet: ${name}:`), `names the file${ctx}`);
        assert.ok(line.length <= 1200, `a line of ${line.length} characters${ctx}`);
        assert.doesNotMatch(
          line,
          /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/,
          `a control character reached the terminal${ctx}`,
        );
      }
    });
  }
});
