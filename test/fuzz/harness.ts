/**
 * The fuzz suite's harness: runs the built command line (`node dist/cli/main.js`, what `npm install -g` puts on
 * the PATH) as a child process with a time limit, and judges the run by the rules every input must obey, whatever
 * it is: the exit code is 0 or 2 (1 only for `plan --check`), never 70 (an internal error); no stack trace; a
 * failed run prints nothing on stdout and one `skyfleet: <what> [<code>]` line per problem on stderr; and the run
 * ends within its bound (not killed). Other fuzz runners (corpora under test/fuzz/corpus/) use the same checks.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO_ROOT, 'dist/cli/main.js');

/** Runs per property: small by default (the whole suite stays within about a minute on two cores);
 * SKYFLEET_FUZZ_RUNS=n runs n per property instead, SKYFLEET_FUZZ_SEED=n changes the (otherwise fixed) seed. */
export function fuzzRuns(byDefault: number): number {
  const n = Number(process.env.SKYFLEET_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : byDefault;
}
export const FUZZ_SEED =
  Number.isInteger(Number(process.env.SKYFLEET_FUZZ_SEED)) && process.env.SKYFLEET_FUZZ_SEED
    ? Number(process.env.SKYFLEET_FUZZ_SEED)
    : 20261207;

/** fast-check parameters: the fixed seed, the runs, and no shrinking unless SKYFLEET_FUZZ_SHRINK=1 (shrinking
 * spawns a process per step: minutes). Each property passes its own `seedOffset` so they do not all draw the same
 * sequence. A failure prints the seed and path to replay it. */
export function fcParams(
  byDefault: number,
  seedOffset = 0,
): { numRuns: number; seed: number; endOnFailure: boolean; verbose: number } {
  return {
    numRuns: fuzzRuns(byDefault),
    seed: FUZZ_SEED + seedOffset,
    endOnFailure: process.env.SKYFLEET_FUZZ_SHRINK !== '1',
    verbose: 1,
  };
}

export interface Run {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly timedOut: boolean;
}

/** The longest a fuzzed run may take: far above what any of these small inputs needs (a few seconds; the slowest,
 * plan with the exact solver and a --what-if, ~3 s on an idle machine, 15 s at a load of 27 on two cores), it
 * catches hangs. SKYFLEET_FUZZ_TIMEOUT_MS changes it. */
export const RUN_LIMIT_MS =
  Number(process.env.SKYFLEET_FUZZ_TIMEOUT_MS) > 0 ? Number(process.env.SKYFLEET_FUZZ_TIMEOUT_MS) : 60_000;
/** The heap a fuzzed run may use (MB): the CLI needs well under 200 MB for these inputs. */
export const HEAP_MB = 1024;
/** Output kept per stream: a run printing more is not a hang, but nothing here needs more to judge it. */
const KEEP = 4 * 1024 * 1024;

/** `skyfleet ...args` from the build, in `cwd` (the repository by default), killed after `timeoutMs`. */
export function runBuilt(args: readonly string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<Run> {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build`);
  const limit = opts.timeoutMs ?? RUN_LIMIT_MS;
  return new Promise((done, fail) => {
    const t0 = Date.now();
    // A bounded heap: an input that makes the CLI allocate without end fails here (exit 134, out of memory) instead
    // of taking the machine's memory.
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limit);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < KEEP) {
        out.push(b);
        outLen += b.length;
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errLen < KEEP) {
        err.push(b);
        errLen += b.length;
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({
        args,
        code,
        signal,
        timedOut,
        ms: Date.now() - t0,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** One problem line: `skyfleet: `, the text, a `[code]`, maybe `(at path)`; no control characters. */
export const PROBLEM_LINE = /^skyfleet: [^\x00-\x1f\x7f]+ \[[a-z][a-z0-9.-]*\](?: \(at [^\x00-\x1f\x7f]*\))?$/;

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);
/** A run, for an assertion message: the command line (JSON-quoted), exit, and the start of both streams. */
export function describeRun(r: Run, input?: string): string {
  return (
    `skyfleet ${r.args.map((a) => JSON.stringify(a)).join(' ')}\n  exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}, ${r.ms} ms` +
    `${input !== undefined ? `\n  input: ${JSON.stringify(cut(input, 1500))}` : ''}` +
    `\n  stdout: ${JSON.stringify(cut(r.stdout, 600))}\n  stderr: ${JSON.stringify(cut(r.stderr, 1500))}`
  );
}

/**
 * The rules for any input. `okCodes`: the exit codes this command may give (0 and 2; `plan --check` also 1).
 * `input`: the fuzzed file's text, shown when the check fails.
 */
export function assertWellBehaved(r: Run, opts: { okCodes?: readonly number[]; input?: string } = {}): void {
  const ctx = `\n${describeRun(r, opts.input)}`;
  // SKYFLEET_FUZZ_LOG=file: one JSON line per run (what ran, its exit code, time, the start of stderr), to see
  // what the suite exercises.
  if (process.env.SKYFLEET_FUZZ_LOG) {
    appendFileSync(
      process.env.SKYFLEET_FUZZ_LOG,
      `${JSON.stringify({ args: r.args, code: r.code, ms: r.ms, stderr: r.stderr.slice(0, 300), input: opts.input?.slice(0, 200) })}\n`,
    );
  }
  const okCodes = opts.okCodes ?? [0, 2];
  assert.equal(r.timedOut, false, `did not finish within ${RUN_LIMIT_MS / 1000} s${ctx}`);
  assert.equal(r.signal, null, `killed by a signal${ctx}`);
  assert.notEqual(r.code, 70, `an internal error (exit 70)${ctx}`);
  assert.ok(okCodes.includes(r.code!), `exit code ${r.code}, expected one of ${okCodes.join(', ')}${ctx}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+[:(]\d+/m, `stack frames on stderr${ctx}`);
  assert.doesNotMatch(
    r.stderr,
    /^(\w*Error|node:internal)\b|^\S+\.(ts|js|mjs|cjs):\d+/m,
    `a Node error line on stderr${ctx}`,
  );
  if (r.code === 2) {
    assert.equal(r.stdout, '', `a rejected run prints nothing on stdout${ctx}`);
    assert.notEqual(r.stderr, '', `a rejected run says why${ctx}`);
    for (const line of r.stderr.replace(/\n$/, '').split('\n'))
      assert.match(line, PROBLEM_LINE, `each stderr line is one problem "skyfleet: <what> [<code>]"${ctx}`);
  }
}

/** A temporary folder for fuzzed files, removed by `remove()`. */
export function scratch(prefix = 'skyfleet-fuzz-'): {
  dir: string;
  write(name: string, text: string | Uint8Array): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    dir,
    write(name, text) {
      const p = join(dir, `${++n}-${name}`);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
