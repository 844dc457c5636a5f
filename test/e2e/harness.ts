/**
 * The end-to-end harness: `skyfleet sandbox` and `skyfleet serve` as real processes of the built CLI
 * (dist/cli/main.js: run `npm run build` first) on ephemeral ports of 127.0.0.1, in a temporary folder, and the
 * client commands against them. Every child is registered and killed (SIGKILL, by its own pid) by `stopAll`, which
 * the tests call from `after`, so nothing outlives a test even when it fails. Waits are bounded by a number of polls,
 * never by a measured duration.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = join(REPO_ROOT, 'dist', 'cli', 'main.js');
export const FLEET = join(REPO_ROOT, 'examples', 'startup.yaml');
export const SANDBOX_CONFIG = join(REPO_ROOT, 'examples', 'sandbox-clouds.yaml');

export interface Proc {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null after a signal) once the process has closed. */
  readonly closed: Promise<number | null>;
}

const live = new Set<ChildProcess>();
const sandboxes = new Set<ChildProcess>();

/** Stops every child the harness started that still runs: the sandboxes first with SIGTERM (a sandbox then kills its
 * workloads' processes; one killed with SIGKILL would leave them running), at most 10 s, then SIGKILL to everything
 * left, each by its own pid. Safe to call twice. */
export async function stopAll(): Promise<void> {
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  const waits: Promise<void>[] = [];
  for (const c of sandboxes) {
    if (!running(c)) continue;
    waits.push(new Promise((res) => c.once('close', () => res())));
    c.kill('SIGTERM');
  }
  await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 10_000).unref())]);
  for (const c of [...live, ...sandboxes]) if (running(c)) c.kill('SIGKILL');
  live.clear();
  sandboxes.clear();
}

function start(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString('utf8');
  });
  const closed = new Promise<number | null>((res) =>
    child.on('close', (code) => {
      live.delete(child);
      res(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, closed };
}

/** Waits until `pattern` matches the process's stdout or stderr (at most `limitMs`), or it exits. */
function waitForLine(p: Proc, pattern: RegExp, what: string, limitMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    const check = (): boolean => {
      const m = pattern.exec(p.stdout()) ?? pattern.exec(p.stderr());
      if (m) {
        clearInterval(iv);
        clearTimeout(to);
        res(m);
      }
      return m !== null;
    };
    const iv = setInterval(check, 20);
    const to = setTimeout(() => {
      clearInterval(iv);
      rej(new Error(`${what} did not start within ${limitMs} ms:\n${p.stdout()}\n${p.stderr()}`));
    }, limitMs);
    p.closed.then((code) => {
      if (!check()) {
        clearInterval(iv);
        clearTimeout(to);
        rej(new Error(`${what} exited ${code}:\n${p.stdout()}\n${p.stderr()}`));
      }
    });
  });
}

export interface Sandbox extends Proc {
  readonly url: string;
}

/** `skyfleet sandbox --config FILE --port 0`, waiting for its "listening on URL" line. */
export async function startSandbox(cwd: string, config = SANDBOX_CONFIG): Promise<Sandbox> {
  const p = start(['sandbox', '--config', config, '--port', '0'], cwd);
  sandboxes.add(p.child);
  const m = await waitForLine(p, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'the sandbox');
  return { ...p, url: m[1] as string };
}

export interface Serve extends Proc {
  readonly url: string;
  readonly adminToken: string;
}

/** `skyfleet serve --fleet FLEET --port PORT --store STORE --sandbox URL --json`, waiting for its JSON line. */
export async function startServe(
  cwd: string,
  opts: { sandbox: string; store?: string; port?: number; tick?: number; fleet?: string; log?: string },
): Promise<Serve> {
  const args = ['serve', '--fleet', opts.fleet ?? FLEET, '--port', String(opts.port ?? 0), '--json'];
  args.push('--sandbox', opts.sandbox);
  if (opts.store) args.push('--store', opts.store);
  if (opts.tick) args.push('--tick', String(opts.tick));
  if (opts.log) args.push('--log', opts.log);
  const p = start(args, cwd);
  const m = await waitForLine(p, /^\{.*"url".*\}$/m, 'serve');
  const info = JSON.parse(m[0]) as { url: string; adminTokenFile: string };
  const adminToken = readFileSync(resolve(cwd, info.adminTokenFile), 'utf8').trim();
  return { ...p, url: info.url, adminToken };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A client command (`skyfleet …args`) against `url` with `token`, killed past 60 s. */
export function cli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    live.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString('utf8');
    });
    child.on('error', rej);
    child.on('close', (code) => {
      live.delete(child);
      res({ code, stdout: out, stderr: err });
    });
  });
}

/** A command line and its result, for assertion messages. */
export const shown = (args: readonly string[], r: CliResult): string =>
  `skyfleet ${args.join(' ')}\n  exit ${r.code}\n  stdout: ${r.stdout.slice(0, 1500)}\n  stderr: ${r.stderr.slice(0, 1500)}`;

/** JSON over HTTP on loopback (the API with a bearer token, or the sandbox without). */
export async function http<T>(
  url: string,
  opts: {
    method?: string;
    token?: string;
    body?: unknown;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const r = await fetch(url, {
    method: opts.method ?? 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text itself
  }
  return { status: r.status, body: parsed as T };
}

/** Polls `probe` every `everyMs` until it answers a value other than undefined, at most `polls` times. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  opts: { polls: number; everyMs?: number; last?: () => Promise<string> | string },
): Promise<T> {
  for (let i = 0; i < opts.polls; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
  const tail = opts.last ? `\n${await opts.last()}` : '';
  throw new Error(`${what}: not reached after ${opts.polls} polls${tail}`);
}

/** A launch as the sandbox's provider API lists it. */
export interface SandboxLaunch {
  readonly launchId: string;
  readonly clientToken: string;
  readonly workloadId: string;
  readonly state: string;
  readonly checkpoint: { readonly at: number; readonly workDone: number } | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

/** Every launch every provider of the sandbox knows, with its provider's name (a provider that is down is skipped). */
export async function sandboxLaunches(url: string): Promise<Array<SandboxLaunch & { provider: string }>> {
  const names = (await http<{ providers: string[] }>(`${url}/providers`)).body.providers;
  const all: Array<SandboxLaunch & { provider: string }> = [];
  for (const p of names) {
    const r = await http<SandboxLaunch[]>(`${url}/providers/${p}/launches`);
    if (r.status !== 200) continue;
    for (const l of r.body) all.push({ ...l, provider: p });
  }
  return all;
}

/** A temporary folder with a writer and a cleanup (the command-line tests' helper). */
export { tempDir } from '../cli/helpers.js';

/** The example sandbox configuration with another time scale and no random spot preemption (the tests preempt by
 * the fault API when they mean to), written into `dir`. */
export function fastSandboxConfig(dir: string, timeScale: number): string {
  const text = readFileSync(SANDBOX_CONFIG, 'utf8')
    .replace(/^timeScale: \d+/m, `timeScale: ${timeScale}`)
    .replace(/spotPreemptionsPerHour: [\d.]+/g, 'spotPreemptionsPerHour: 0');
  const p = join(dir, 'sandbox-clouds.yaml');
  writeFileSync(p, text);
  return p;
}
