/**
 * The simulator's bad-input corpus (test/fuzz/corpus/sim/): each case of cases.json is an argv for the built CLI
 * (`node dist/cli/main.js …`, run from the repository root after `npm run build`) with the exit code it must give
 * and, optionally, the code its message must carry. Every case must finish within 15 s with no stack trace; a
 * rejection (exit 2) prints nothing on stdout and only lines of the form `skyfleet: … [code]`, each short (a hostile
 * value is quoted as a short escaped excerpt). Cases are regressions found by testers (see their names) and the
 * boundaries of docs/limits.md ("Simulator inputs"): at a limit accepted, past it rejected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoStackTrace, REPO_ROOT, shown, spawnCollect, type CliResult } from '../cli/helpers.js';

interface Case {
  readonly name: string;
  readonly argv: readonly string[];
  readonly exit: number;
  readonly code?: string;
}

const CORPUS = join(REPO_ROOT, 'test', 'fuzz', 'corpus', 'sim');
const MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as Case[];
/** `skyfleet: … [code]`; the scenario loader's lines may add the path in the scenario, ` (at horizon.bucket)`. */
const LINE = /^skyfleet: .*\[[a-z0-9.-]+\]( \(at [^()]*\))?$/;
const LIMIT_MS = 15_000;

function run(argv: readonly string[]): Promise<CliResult & { ms: number }> {
  return spawnCollect([MAIN, ...argv], { timeoutMs: LIMIT_MS + 5_000 });
}

// Two processes at a time (the machine is shared); each case's test awaits its own run.
const queue = cases.map((c) => () => run(c.argv));
const results: Promise<CliResult & { ms: number }>[] = [];
{
  let next = 0;
  const slots: Promise<unknown>[] = [];
  const settle: ((r: Promise<CliResult & { ms: number }>) => void)[] = [];
  for (let k = 0; k < queue.length; k++)
    results.push(
      new Promise((res) => {
        settle[k] = (p) => {
          p.then(res, (e: unknown) => res(Promise.reject(e)));
        };
      }),
    );
  const start = (): Promise<unknown> | undefined => {
    if (next >= queue.length) return undefined;
    const k = next++;
    const p = queue[k]!();
    settle[k]!(p);
    return p.then(start, start);
  };
  if (existsSync(MAIN)) for (let s = 0; s < 2; s++) slots.push(start() ?? Promise.resolve());
}

test('the corpus is there and the CLI is built', () => {
  assert.ok(cases.length >= 40, 'cases.json lists the cases');
  assert.ok(existsSync(MAIN), 'dist/cli/main.js is missing: run npm run build first');
});

cases.forEach((c, k) => {
  test(`corpus/sim: ${c.name} → exit ${c.exit}`, async () => {
    const r = await results[k]!;
    const ctx = `\n${shown(c.argv, r)}`;
    assert.equal(r.code, c.exit, `exit code${ctx}`);
    assert.ok(r.ms < LIMIT_MS, `took ${r.ms} ms${ctx}`);
    assertNoStackTrace(r, ctx);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    if (c.exit === 2) {
      assert.equal(r.stdout, '', `nothing on stdout${ctx}`);
      assert.ok(lines.length >= 1, `a message on stderr${ctx}`);
      assert.doesNotMatch(
        r.stderr,
        /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/,
        `no raw control character on stderr${ctx}`,
      );
      for (const l of lines) {
        assert.match(l, LINE, `each stderr line is "skyfleet: … [code]"${ctx}`);
        assert.ok(l.length <= 400, `a short line (${l.length} characters)${ctx}`);
      }
    }
    if (c.code !== undefined) {
      const hit = lines.find((l) => l.includes(`[${c.code}]`));
      assert.ok(hit, `a line with [${c.code}]${ctx}`);
      assert.match(hit, LINE);
    }
  });
});
