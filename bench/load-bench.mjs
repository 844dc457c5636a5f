#!/usr/bin/env node
// Load benchmark of `skyfleet serve` on loopback: sustained placements per second and submit latency.
//
//   npm run build && node bench/load-bench.mjs [--store sqlite|postgres|memory|URL] [--concurrency 16] [--seconds 15]
//
// Starts the sandbox cloud (bench/load-sandbox.yaml) and serve (bench/load-fleet.yaml, the built CLI) as their own
// processes, waits until serve has polled both providers, sends a short warm-up, then runs the load generator
// (bench/load-client.mjs) in a third process: CONCURRENCY keep-alive connections each submitting one workload
// after the other for SECONDS. A placement is a submission answered 201 with its workload `placed` (placed
// incrementally at submission: admission, evaluation through the engine's pipeline, the plan applier's commit);
// serve's /metrics counter skyfleet_placements_total is read before and after as a cross-check. serve runs with
// `--tick 60000` so its reconcile loop does not launch the placed work while the benchmark runs (each launch would be
// real processes in the sandbox): what is measured is the submission path through the HTTP API and the store.
// PostgreSQL: SKYFLEET_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test, in a schema of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist/cli/main.js');
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const storeFlag = flag('store', 'sqlite');
const concurrency = Number(flag('concurrency', '16'));
const seconds = Number(flag('seconds', '15'));
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-load-'));
const pgUrl = process.env.SKYFLEET_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const store =
  storeFlag === 'sqlite'
    ? `sqlite:${join(dir, 'skyfleet.db')}`
    : storeFlag === 'postgres'
      ? `${pgUrl}?schema=load_${process.pid}_${Date.now().toString(36)}`
      : storeFlag === 'memory'
        ? 'memory:'
        : storeFlag;

const children = [];
function start(argv, ready) {
  const child = spawn(process.execPath, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s: ${argv.join(' ')}\n${err}`)), 60_000);
    let found = false;
    const look = (b) => {
      if (found) return; // once ready, what the child writes is drained unread
      err += b.toString('utf8');
      const m = ready.exec(err);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stderr.on('data', look);
    child.stdout.on('data', look);
    child.on('close', (code) => reject(new Error(`exited ${code}: ${argv.join(' ')}\n${err}`)));
  });
}
const stopAll = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('exit', stopAll);

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

async function api(url, token, path, init = {}) {
  const r = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  return { status: r.status, body: await r.json() };
}
async function placements(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^skyfleet_placements_total (\d+)/m.exec(text)?.[1] ?? 0);
}
function client(url, token, secs, prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bench/load-client.mjs'), url, token, String(concurrency), String(secs), 'bench', prefix],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load client exited ${code}`)),
    );
  });
}

try {
  const sandbox = await start(
    [MAIN, 'sandbox', '--config', join(ROOT, 'bench/load-sandbox.yaml'), '--port', '0'],
    /listening on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  const prof = process.env.SKYFLEET_BENCH_PROF; // a directory: serve writes a CPU profile there when it stops
  const serve = await start(
    [
      ...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []),
      MAIN,
      'serve',
      '--fleet',
      join(ROOT, 'bench/load-fleet.yaml'),
      '--port',
      '0',
      '--store',
      store,
      '--sandbox',
      sandbox.url,
      '--tick',
      '60000',
      '--log',
      join(dir, 'serve.log'),
    ],
    /^skyfleet: serving (http:\/\/127\.0\.0\.1:\d+)/m,
  );
  const tokenFile = store.startsWith('sqlite:') ? join(dir, 'admin-token') : join(dir, '.skyfleet', 'admin-token');
  const admin = readFileSync(tokenFile, 'utf8').trim();
  for (let i = 0; ; i++) {
    const f = await api(serve.url, admin, '/v1/fleet');
    if (f.body.providers?.length === 2 && f.body.providers.every((p) => p.up)) break;
    if (i > 300) throw new Error(`the providers never came up: ${JSON.stringify(f.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await client(serve.url, admin, 2, 'warm');
  const before = await placements(serve.url);
  const cpu0 = cpuSeconds(serve.child.pid);
  const load0 = loadavg()[0];
  const r = await client(serve.url, admin, seconds, 'run');
  const cpu1 = cpuSeconds(serve.child.pid);
  const load1 = loadavg()[0];
  const after = await placements(serve.url);
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    store: storeFlag,
    concurrency,
    seconds,
    ...r,
    placementsCounted: after - before,
    // serve's own CPU time over the measured window (user + system, from /proc): steady where wall time is not.
    serveCpuSeconds: Number((cpu1 - cpu0).toFixed(2)),
    serveCpuMsPerPlacement: after > before ? Number(((1000 * (cpu1 - cpu0)) / (after - before)).toFixed(3)) : null,
    loadAverage1m: [Number(load0.toFixed(2)), Number(load1.toFixed(2))],
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
