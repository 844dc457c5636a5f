/** Runs the skyfleet CLI from sources as a child process, for the tests that need a real process: exit codes,
 * stderr, and the absence of stack traces. Everything else is better tested in-process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `skyfleet ...args`, run as `node --import tsx src/cli/main.ts ...args` in the repo root; killed after `timeoutMs`. */
/** Runs `node argv…` and collects its exit, output and wall time; killed (SIGKILL) past `timeoutMs`. */
export function spawnCollect(
  argv: readonly string[],
  opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult & { ms: number }> {
  return new Promise((done, fail) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, argv, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - t0,
      }),
    );
  });
}

/** The CLI from its sources (tsx). */
export function runCli(
  args: readonly string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return spawnCollect(['--import', 'tsx', 'src/cli/main.ts', ...args], opts);
}

/** A command line, for assertion messages. */
export const shown = (args: readonly string[], r: CliResult): string =>
  `skyfleet ${args.join(' ')}\n  exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}\n  stdout: ${r.stdout.slice(0, 800)}\n  stderr: ${r.stderr.slice(0, 1500)}`;

/** stderr shows no sign of an uncaught exception: no `    at …` frames, no `SomeError:` line, no internal-error text. */
export function assertNoStackTrace(r: CliResult, context = ''): void {
  assert.doesNotMatch(r.stderr, /^\s+at /m, `stack frames on stderr${context}`);
  assert.doesNotMatch(r.stderr, /^\w*Error:|^\S+\.(ts|js):\d+/m, `a Node error line on stderr${context}`);
  assert.doesNotMatch(r.stderr, /internal error/, `an internal error${context}`);
}

/** The command failed as a user error: exit 2, nothing on stdout, `skyfleet: …` on stderr, no stack trace. */
export function assertUserError(args: readonly string[], r: CliResult): void {
  const ctx = `\n${shown(args, r)}`;
  assert.equal(r.code, 2, `exit code${ctx}`);
  assert.equal(r.stdout, '', `nothing on stdout${ctx}`);
  assert.match(r.stderr, /^skyfleet: \S/, `stderr starts with "skyfleet: "${ctx}`);
  assertNoStackTrace(r, ctx);
}

/** A fresh temporary folder under os.tmpdir(), with a writer and a cleanup. */
export function tempDir(prefix = 'skyfleet-cli-'): {
  dir: string;
  write(name: string, text: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CLI's own commands, run in this process through commander exactly as src/cli/main.ts wires them, for the
 * error paths (nothing is written to stdout before an input error is raised). The result maps what main.ts does
 * with each error: commander's errors keep their exit code, a UserError prints `skyfleet: message` and exits with
 * its code, anything else is an internal error (70) and is returned as `thrown` so a test can show it. */
export async function runInProcess(
  args: readonly string[],
): Promise<{ code: number; stderr: string; thrown?: unknown }> {
  const { Command, CommanderError } = await import('commander');
  const { registerPlan } = await import('../../src/cli/commands/plan.js');
  const { registerCatalog } = await import('../../src/cli/commands/catalog.js');
  const { registerValidate } = await import('../../src/cli/commands/validate.js');
  const { UserError } = await import('../../src/cli/io.js');
  const err: string[] = [];
  const program = new Command()
    .name('skyfleet')
    .exitOverride()
    .configureOutput({ writeOut: (s) => err.push(s), writeErr: (s) => err.push(s) });
  registerPlan(program);
  registerCatalog(program);
  registerValidate(program);
  try {
    await program.parseAsync(['node', 'skyfleet', ...args]);
    return { code: 0, stderr: err.join('') };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode, stderr: err.join('') };
    if (e instanceof UserError) return { code: e.exitCode, stderr: `skyfleet: ${e.message}\n` };
    return { code: 70, stderr: `skyfleet: internal error: ${(e as Error).message}\n`, thrown: e };
  }
}
