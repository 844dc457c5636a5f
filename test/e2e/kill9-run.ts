/**
 * The kill -9 run, shared by test/e2e/kill9.test.ts (a few rounds) and bench/kill9-soak.ts (more): a sandbox and
 * serve on its store (a SQLite file in `dir` by default, or the `store` URL given: PostgreSQL), `jobs` short jobs submitted over the API (each with its own Idempotency-Key, re-sent
 * until answered), serve killed with SIGKILL at seeded random points `rounds` times and restarted on the same store
 * and port, then everything is left to finish. What the sandbox and the jobs themselves record is then checked
 * against the control plane: see `Kill9Outcome`.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  type SandboxLaunch,
  type Serve,
  fastSandboxConfig,
  http,
  sandboxLaunches,
  startSandbox,
  startServe,
} from './harness.js';

/** A small seeded generator (mulberry32), for the kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

interface View {
  readonly id: string;
  readonly spec: { readonly name: string };
  readonly state: string;
  readonly attempt: number;
  readonly placement: { readonly provider: string; readonly launchId?: string } | null;
}

export interface Kill9Options {
  readonly dir: string;
  readonly jobs: number;
  readonly rounds: number;
  readonly seed: number;
  /** serve's --store; default `sqlite:DIR/skyfleet.db`. */
  readonly store?: string;
  /** Submissions in flight at once. */
  readonly concurrency?: number;
  /** serve's --tick. */
  readonly tickMs?: number;
  /** Polls (every 200 ms) to wait for every workload to end, after the last restart. */
  readonly finishPolls?: number;
  readonly log?: (line: string) => void;
}

export interface Kill9Outcome {
  readonly seed: number;
  /** The store serve ran on (its URL). */
  readonly store: string;
  readonly kills: number;
  /** When each kill happened: how many submissions had been answered by then. */
  readonly killPoints: number[];
  readonly workloads: number;
  /** Workloads by final state. */
  readonly byState: Record<string, number>;
  /** Submissions re-sent after a failed call (their Idempotency-Key replayed). */
  readonly resent: number;
  /** Distinct idempotency keys that produced two different workloads (must be 0). */
  readonly duplicateSubmissions: number;
  /** Job names with no workload (must be 0). */
  readonly missing: string[];
  /** Client tokens launched more than once, over every provider of the sandbox (must be 0). */
  readonly tokensLaunchedTwice: string[];
  /** Workloads whose `run` command ran to its end more than once, by the jobs' own record (must be 0). */
  readonly ranTwice: string[];
  /** Workloads that succeeded but whose `run` never reached its end (must be 0). */
  readonly succeededWithoutRun: string[];
  /** Launches the sandbox still runs at the end (must be 0). */
  readonly stillRunning: number;
  /** Workloads whose final state disagrees with the sandbox's launch of their last attempt (must be 0). */
  readonly disagreeing: string[];
  /** Launches in all, and attempts > 1 (a launch refused or lost and retried). */
  readonly launches: number;
  readonly retriedAttempts: number;
  readonly ms: number;
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

async function listAll(url: string, token: string): Promise<View[]> {
  const out: View[] = [];
  let after: string | null = null;
  for (;;) {
    const q: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const r = await http<{ workloads: View[]; next: string | null }>(`${url}/v1/workloads?limit=1000${q}`, {
      token,
    });
    if (r.status !== 200) throw new Error(`list: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.workloads);
    if (!r.body.next) return out;
    after = r.body.next;
  }
}

export async function runKill9(o: Kill9Options): Promise<Kill9Outcome> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const rnd = seededRandom(o.seed);
  const runLog = join(o.dir, 'runs.log');
  appendFileSync(runLog, '');
  const sandbox = await startSandbox(o.dir, fastSandboxConfig(o.dir, 3600));
  const port = await freePort();
  const store = o.store ?? `sqlite:${join(o.dir, 'skyfleet.db')}`;
  const tick = o.tickMs ?? 100;
  let serve: Serve = await startServe(o.dir, { sandbox: sandbox.url, store, port, tick });
  const url = serve.url;
  const token = serve.adminToken;
  await http(`${url}/v1/teams/research`, { method: 'PUT', token, body: {} });

  const spec = (i: number) => ({
    name: `job-${i}`,
    workload: { kind: 'batch', gpus: ['L4', 'L40S'], count: 1, work: '1 GPU-h' },
    run: `sleep 0.0${1 + (i % 9)}; echo "$SKYFLEET_WORKLOAD_ID $SKYFLEET_LAUNCH_ID" >> "$RUNLOG"`,
    envs: { RUNLOG: runLog },
  });

  // Submitters: each job is sent until it is answered 200/201, always with the same key.
  let next = 0;
  let answered = 0;
  let resent = 0;
  const idsByKey = new Map<string, Set<string>>();
  const submitOne = async (i: number): Promise<void> => {
    const key = `kill9-${o.seed}-${i}`;
    for (let tries = 0; ; tries++) {
      try {
        const r = await http<{ workloads: View[] }>(`${url}/v1/workloads?team=research`, {
          method: 'POST',
          token,
          body: spec(i),
          headers: { 'idempotency-key': key },
        });
        if (r.status === 200 || r.status === 201) {
          const ids = idsByKey.get(key) ?? new Set<string>();
          for (const w of r.body.workloads) ids.add(w.id);
          idsByKey.set(key, ids);
          answered++;
          return;
        }
        if (r.status < 500) throw new Error(`job-${i}: ${r.status} ${JSON.stringify(r.body)}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith(`job-${i}:`)) throw e;
      }
      if (tries > 3000) throw new Error(`job-${i}: never answered`);
      resent++;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const submitters = Array.from({ length: o.concurrency ?? 8 }, async () => {
    while (next < o.jobs) await submitOne(next++);
  });
  const submitting = Promise.all(submitters);

  // The killer: each round waits until a random share of the jobs is answered (or, past the submissions, a random
  // number of serve's ticks' worth of polls), then SIGKILL, then a restart on the same store and port.
  const killPoints: number[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const target = Math.floor(((round + rnd()) / o.rounds) * o.jobs);
    for (let polls = 0; answered < Math.min(target, o.jobs) && polls < 6000; polls++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // Past the submissions, let the reconcile loop run a random number of ticks (as polls of one tick each).
    const extra = Math.floor(rnd() * 20);
    for (let i = 0; i < extra; i++) await new Promise((r) => setTimeout(r, tick));
    killPoints.push(answered);
    log(`round ${round + 1}: kill -9 serve after ${answered} answered submissions (+${extra} ticks)`);
    serve.child.kill('SIGKILL');
    await serve.closed;
    serve = await startServe(o.dir, { sandbox: sandbox.url, store, port, tick });
  }
  await submitting;

  // Every workload ends.
  let views: View[] = [];
  for (let polls = 0; ; polls++) {
    views = await listAll(url, token);
    if (views.length >= o.jobs && views.every((v) => FINAL.has(v.state))) break;
    if (polls >= (o.finishPolls ?? 900)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // One more tick's worth of reconciling, then what the sandbox knows.
  await new Promise((r) => setTimeout(r, tick * 3));
  const launches: Array<SandboxLaunch & { provider: string }> = await sandboxLaunches(sandbox.url);

  const byState: Record<string, number> = {};
  for (const v of views) byState[v.state] = (byState[v.state] ?? 0) + 1;
  const names = new Set(views.map((v) => v.spec.name));
  const missing: string[] = [];
  for (let i = 0; i < o.jobs; i++) if (!names.has(`job-${i}`)) missing.push(`job-${i}`);
  const duplicateSubmissions = [...idsByKey.values()].filter((s) => s.size > 1).length + (views.length - names.size);

  const perToken = new Map<string, number>();
  for (const l of launches) perToken.set(l.clientToken, (perToken.get(l.clientToken) ?? 0) + 1);
  const tokensLaunchedTwice = [...perToken].filter(([, n]) => n > 1).map(([t]) => t);

  const runs = new Map<string, number>();
  for (const line of readFileSync(runLog, 'utf8').split('\n')) {
    const id = line.split(' ')[0];
    if (id) runs.set(id, (runs.get(id) ?? 0) + 1);
  }
  const ranTwice = [...runs].filter(([, n]) => n > 1).map(([id]) => id);
  const succeededWithoutRun = views.filter((v) => v.state === 'succeeded' && !runs.has(v.id)).map((v) => v.id);
  const stillRunning = launches.filter((l) => l.state === 'provisioning' || l.state === 'running').length;

  const byToken = new Map(launches.map((l) => [l.clientToken, l]));
  const disagreeing: string[] = [];
  for (const v of views) {
    if (v.state !== 'succeeded') continue;
    const l = byToken.get(`${v.id}/${v.attempt}`);
    if (l?.state !== 'succeeded') disagreeing.push(`${v.id}: ${v.state}, sandbox ${l?.state ?? 'no launch'}`);
  }
  const retriedAttempts = launches.filter((l) => !l.clientToken.endsWith('/0')).length;
  serve.child.kill('SIGTERM');
  await serve.closed;
  return {
    seed: o.seed,
    store,
    kills: o.rounds,
    killPoints,
    workloads: views.length,
    byState,
    resent,
    duplicateSubmissions,
    missing,
    tokensLaunchedTwice,
    ranTwice,
    succeededWithoutRun,
    stillRunning,
    disagreeing,
    launches: launches.length,
    retriedAttempts,
    ms: Date.now() - t0,
  };
}
