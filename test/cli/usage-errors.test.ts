/**
 * Usage errors and output discipline of the built command line (dist/cli/main.js, as installed): commander's own
 * errors are exit 2 and one `skyfleet: <what> [usage.…]` line; --help and --version are exit 0 on stdout; user text
 * quoted in a message is short and escaped; and a failure's stderr arrives whole through a pipe however long it is
 * (it used to be cut at 64 KiB: the process exited before an asynchronous write to the pipe had drained).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { CommanderError } from 'commander';
import { escapeControl, excerpt, failure, problemLine, UserError } from '../../src/cli/io.js';
import { REPO_ROOT } from './helpers.js';

const BIN = join(REPO_ROOT, 'dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-usage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One problem line: `skyfleet: `, the text, a `[code]`, maybe `(at path)`; printable characters only. */
export const PROBLEM_LINE = /^skyfleet: [^\x00-\x1f\x7f]+ \[[a-z][a-z0-9.-]*\](?: \(at [^\x00-\x1f\x7f]*\))?$/;

const run = (args: readonly string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

for (const [name, args, code, text] of [
  [
    'an unknown option',
    ['plan', 'examples/startup.yaml', '--bogus'],
    'usage.unknown-option',
    /unknown option '--bogus'/,
  ],
  [
    'an unknown option near a known one',
    ['validate', 'examples/startup.yaml', '--catalgo', 'x'],
    'usage.unknown-option',
    /unknown option '--catalgo' \(Did you mean --catalog\?\)/,
  ],
  ['an unknown top-level option', ['--bogus'], 'usage.unknown-option', /unknown option '--bogus'/],
  ['an unknown command', ['frobnicate'], 'usage.unknown-command', /unknown command 'frobnicate'/],
  ['help for an unknown command', ['help', 'frobnicate'], 'usage.unknown-command', /unknown command 'frobnicate'/],
  ['a missing argument', ['plan'], 'usage.missing-argument', /missing required argument 'file'/],
  [
    'a missing option value',
    ['simulate', 'examples/startup.yaml', '--seed'],
    'usage.missing-option-value',
    /option '--seed <n>' argument missing/,
  ],
  [
    'too many arguments',
    ['validate', 'a.yaml', 'b.yaml'],
    'usage.too-many-arguments',
    /too many arguments for 'validate'/,
  ],
  [
    'no command at all',
    [],
    'usage.missing-command',
    /no command given: use plan, simulate, compare, ledger, validate, catalog, serve, sandbox, submit, status, logs, cancel, explain, token or team/,
  ],
  ['a bad choice of a flag', ['plan', 'examples/startup.yaml', '--solver', 'banana'], undefined, /--solver .*banana/],
] as const) {
  test(`${name}: exit 2 and one line "skyfleet: … [code]" on stderr, nothing on stdout`, () => {
    const r = run(args);
    const ctx = `skyfleet ${args.join(' ')}\n  exit ${r.status}\n  stdout: ${r.stdout}\n  stderr: ${r.stderr}`;
    assert.equal(r.status, 2, ctx);
    assert.equal(r.stdout, '', ctx);
    const lines = r.stderr.split('\n');
    assert.equal(lines.length, 2, `one line and its newline\n${ctx}`);
    assert.match(lines[0]!, PROBLEM_LINE, ctx);
    if (code) assert.ok(lines[0]!.endsWith(` [${code}]`), ctx);
    assert.match(lines[0]!, text, ctx);
  });
}

for (const args of [['--help'], ['-h'], ['--version'], ['-V'], ['plan', '--help'], ['help', 'simulate'], ['help']]) {
  test(`skyfleet ${args.join(' ')}: exit 0, the text on stdout, nothing on stderr`, () => {
    const r = run(args);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, args.some((a) => /^-(V|-version)$/.test(a)) ? /^\d+\.\d+\.\d+\n$/ : /^Usage: skyfleet/);
  });
}

test('user text in a usage error is escaped and cut short: no control character reaches the terminal', () => {
  const evil = `--x\x1b[31m\u202eevil\r\n${'y'.repeat(10_000)}`;
  const r = run(['plan', 'examples/startup.yaml', evil]);
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.split('\n');
  assert.equal(lines.length, 2, r.stderr.slice(0, 500));
  assert.match(lines[0]!, PROBLEM_LINE);
  assert.ok(lines[0]!.includes(String.raw`--x\x1b[31m\u202eevil\r\n`), lines[0]);
  assert.ok(lines[0]!.length < 200, `a short excerpt, not the 10,000 characters: ${lines[0]!.length}`);
});

test('escapeControl, excerpt and problemLine', () => {
  assert.equal(
    escapeControl('a\tb\nc\x00\x7f\x9b\u2028\u202e\ud800z'),
    String.raw`a\tb\nc\x00\x7f\x9b\u2028\u202e\ud800z`,
  );
  assert.equal(escapeControl('H100 — 😀 é'), 'H100 — 😀 é', 'printable text and whole surrogate pairs stay');
  assert.equal(excerpt('abcdef', 3), 'abc…');
  assert.equal(excerpt('😀😀😀😀', 2), '😀😀…', 'cut between characters, not inside a surrogate pair');
  assert.equal(
    problemLine('f.yaml:1:2: bad\x1b [x.y] (at a.b)', 'fallback'),
    String.raw`skyfleet: f.yaml:1:2: bad\x1b [x.y] (at a.b)`,
  );
  assert.equal(
    problemLine('--seed must be an integer', 'usage.invalid-value'),
    'skyfleet: --seed must be an integer [usage.invalid-value]',
  );
  const long = problemLine(`${'w'.repeat(5000)} [x.y] (at ${'p'.repeat(5000)})`, 'f');
  assert.ok(long.length <= 1000, String(long.length));
  assert.match(long, /^skyfleet: w+… \[x\.y\] \(at p+…\)$/);
});

test('failure(): what main prints and the exit code, for each kind of error', () => {
  assert.deepEqual(
    failure(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'\n(Did you mean --y?)")),
    { lines: ["skyfleet: unknown option '--x' (Did you mean --y?) [usage.unknown-option]"], exitCode: 2 },
  );
  assert.deepEqual(failure(new CommanderError(1, 'commander.somethingNew', 'error: new')), {
    lines: ['skyfleet: new [usage.invalid]'],
    exitCode: 2,
  });
  assert.deepEqual(
    failure(new UserError('a.yaml:1:2: bad [x.y]\n--seed must be an integer')),
    {
      lines: ['skyfleet: a.yaml:1:2: bad [x.y]', 'skyfleet: --seed must be an integer [usage.invalid-value]'],
      exitCode: 2,
    },
    'a line without a code gets one',
  );
  assert.deepEqual(failure(new UserError('cannot write out.csv', 2, 'output.unwritable')), {
    lines: ['skyfleet: cannot write out.csv [output.unwritable]'],
    exitCode: 2,
  });
  const issues = Object.assign(new UserError('ignored'), {
    issues: [{ code: 'gpu.unknown', path: ['workloads', 0], message: "GPU 'H\n1'", file: 'f.yaml', line: 3, col: 4 }],
  });
  assert.deepEqual(
    failure(issues),
    { lines: [String.raw`skyfleet: f.yaml:3:4: GPU 'H\n1' [gpu.unknown] (at workloads[0])`], exitCode: 2 },
    'issues one line each, a newline in one escaped',
  );
  const internal = failure(new TypeError('x is undefined\n    at foo (a.js:1:2)'));
  assert.equal(internal.exitCode, 70);
  assert.deepEqual(internal.lines, [
    String.raw`skyfleet: internal error: x is undefined\n    at foo (a.js:1:2) (this is a bug; please report it with the command you ran) [internal]`,
  ]);
  assert.match(internal.lines[0]!, PROBLEM_LINE, 'one line, no frame on a line of its own');
});

/** Runs `node args` with stderr read through a pipe that starts reading only after 300 ms (full long before). */
function slowPipe(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    const chunks: Buffer[] = [];
    child.stderr.pause();
    setTimeout(() => child.stderr.resume(), 300);
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', failed);
    child.on('close', (code) => done({ code, stderr: Buffer.concat(chunks).toString('utf8') }));
  });
}

test('the capped list of problems through a slow pipe: the same bytes as into a file, 100 problems and a count', async () => {
  const workloads = Array.from(
    { length: 3000 },
    (_, i) => `  - { id: job${i}, kind: training, gpus: [H1000], count: 8, work: 1k GPU-h }`,
  );
  const file = join(dir, 'many-problems.yaml');
  writeFileSync(
    file,
    `name: many\nhorizon: { start: 2026-12-01, length: 1y }\nproviders:\n  aws: { quota: 64 }\nworkloads:\n${workloads.join('\n')}\n`,
  );
  const args = [BIN, 'validate', file];
  const errFile = join(dir, 'stderr.txt');
  const fd = openSync(errFile, 'w');
  const direct = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', fd],
    timeout: 60_000,
  });
  closeSync(fd);
  assert.equal(direct.status, 2);
  const expected = readFileSync(errFile, 'utf8');
  const piped = await slowPipe(args);
  assert.equal(piped.code, 2);
  assert.equal(piped.stderr, expected);
  const lines = piped.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 101, 'the first 100 problems and one line counting the rest');
  assert.match(lines[100]!, /\[issues\.too-many\]$/);
  for (const l of lines) assert.match(l, PROBLEM_LINE);
});

test('more than 64 KiB on stderr and an immediate exit: every byte arrives through a slow pipe (writeStderrSync)', async () => {
  // The writer main uses for every message, exercised past a pipe's 64 KiB buffer: an asynchronous write followed
  // by process.exit() used to lose everything past the first 65,536 bytes.
  const script = join(dir, 'flood.mjs');
  const io = join(REPO_ROOT, 'dist/cli/io.js');
  writeFileSync(
    script,
    `import { writeStderrSync } from ${JSON.stringify(io)};\n` +
      `const lines = Array.from({ length: 4000 }, (_, i) => 'skyfleet: problem ' + i + ' ' + 'x'.repeat(60) + ' [test.flood]');\n` +
      `writeStderrSync(lines.join('\\n') + '\\n');\nprocess.exit(2);\n`,
  );
  const piped = await slowPipe([script]);
  assert.equal(piped.code, 2);
  const lines = piped.stderr.trimEnd().split('\n');
  assert.ok(Buffer.byteLength(piped.stderr) > 4 * 65536, `${Buffer.byteLength(piped.stderr)} bytes`);
  assert.equal(lines.length, 4000);
  assert.equal(lines[3999], `skyfleet: problem 3999 ${'x'.repeat(60)} [test.flood]`);
});
