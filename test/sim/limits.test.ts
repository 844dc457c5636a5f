/**
 * The simulator's limits through the CLI's own input path (prepare, readTraceFile, runOne), in process: the horizon,
 * the trace file's size and rows, the jobs of a run and its events. At each limit accepted, past it rejected with the
 * documented code (docs/limits.md, "Simulator inputs"), and nothing large is built first.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { checkOfflineBound, prepare, readTraceFile, type SimCliOptions } from '../../src/cli/commands/simulate.js';
import { UserError } from '../../src/cli/io.js';
import { SIM_LIMITS, SimLimitError } from '../../src/sim/limits.js';
import { simulate } from '../../src/sim/simulate.js';
import { boundModelTerms, checkBoundModelSize } from '../../src/sim/offline-optimal.js';
import { setupInput } from '../../src/sim/setup.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { REPO_ROOT, tempDir } from '../cli/helpers.js';
import { input, scenario } from './support.js';

const tmp = tempDir('skyfleet-sim-limits-');
after(() => tmp.remove());
const TINY = join(REPO_ROOT, 'test', 'fuzz', 'corpus', 'sim', 'tiny.yaml');
const base: SimCliOptions = {
  seed: '1',
  requestRate: '1',
  gpusPerJob: '1',
  jobRate: '1',
  traceKind: 'batch',
  repeat: true,
  outages: 'none',
  progress: false,
};

function userError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof UserError, `a UserError, got ${String((e as Error).stack ?? e)}`);
    assert.equal(e.exitCode, 2);
    return e.message;
  }
  assert.fail('accepted');
}

test('horizon: 30 years accepted, a month more rejected with the limit; the scenario horizon is checked too', () => {
  const p = prepare(TINY, { ...base, horizon: '30y' });
  assert.equal(prepare(TINY, { ...base, horizon: '10958d' }).world.end, p.world.end); // 30 years in days, with 8 leap days
  assert.equal(new Date(p.world.end).toISOString().slice(0, 10), '2056-12-01');
  for (const h of ['361mo', '10959d', '300000y', '1e10h', '263000h']) {
    assert.match(
      userError(() => prepare(TINY, { ...base, horizon: h })),
      /longer than the simulator's limit of 30 years .*\[sim\.horizon-too-long\]$/,
      h,
    );
  }
  const long = tmp.write(
    'long.yaml',
    'name: long\nhorizon: { start: 2026-12-01, length: 31y }\nproviders:\n  aws: { quota: 8 }\nworkloads: []\n',
  );
  assert.match(
    userError(() => prepare(long, base)),
    /the scenario's horizon \(31 years\) is longer .*\[sim\.horizon-too-long\]$/,
  );
  // The scenario loader allows up to 100 years (docs/limits.md, scenario files); the simulator 30.
  const long99 = tmp.write(
    'long99.yaml',
    'name: long99\nhorizon: { start: 2026-12-01, length: 99y }\nproviders:\n  aws: { quota: 8 }\nworkloads: []\n',
  );
  assert.match(
    userError(() => prepare(long99, base)),
    /the scenario's horizon \(99 years\) is longer .*\[sim\.horizon-too-long\]$/,
  );
});

test('trace file size: checked with stat before reading; at the limit read, one byte more refused', () => {
  const at = tmp.write('at-limit.csv', '');
  truncateSync(at, SIM_LIMITS.traceBytes); // sparse: nothing written
  assert.equal(readTraceFile(at, 'job trace').length, SIM_LIMITS.traceBytes);
  const over = tmp.write('over-limit.csv', '');
  truncateSync(over, SIM_LIMITS.traceBytes + 1);
  assert.match(
    userError(() => readTraceFile(over, 'job trace')),
    /over-limit\.csv: cannot read the job trace: 64\.0 MiB is more than the limit of 64 MiB .*\[trace\.too-large\]$/,
  );
  assert.match(
    userError(() => readTraceFile('/dev/zero', 'job trace')),
    /not a regular file \[trace\.unreadable\]$/,
  );
});

test('trace rows: one line more than 1,000,000 rows is refused before parsing (the 10M-row crash), with any line ending', () => {
  const p = join(tmp.dir, 'rows.csv');
  const fd = openSync(p, 'w');
  writeSync(fd, 'job_id,submit_time_s,duration_s,num_gpus\n');
  const chunk = 'x\n'.repeat(100_000);
  for (let k = 0; k < 10; k++) writeSync(fd, chunk);
  writeSync(fd, 'y\n');
  closeSync(fd);
  const m = userError(() => prepare(TINY, { ...base, trace: p }));
  assert.match(m, /rows\.csv:1000002:1: the trace has more than 1,000,000 rows .*\[trace\.too-many-rows\]$/);
  // The same with carriage returns alone as line ends (the CSV reader's third line break).
  const cr = tmp.write('rows-cr.csv', `job_id,submit_time_s,duration_s,num_gpus\r${'x\r'.repeat(1_000_001)}`);
  assert.match(
    userError(() => prepare(TINY, { ...base, trace: cr })),
    /rows-cr\.csv:1000002:1: .*\[trace\.too-many-rows\]$/,
  );
});

test('jobs per run: the estimate is refused before any job is built; a run within it is not', () => {
  const t0 = tmp.write(
    't0.csv',
    `job_id,submit_time_s,duration_s,num_gpus\n${Array.from({ length: 300 }, (_, i) => `j${i},0,3600,1`).join('\n')}\n`,
  );
  const before = process.memoryUsage().rss;
  assert.match(
    userError(() => prepare(TINY, { ...base, trace: t0 })),
    /up to 803,520,001 jobs .*limit of 4,000,000 jobs per run.*\[sim\.too-many-jobs\]$/,
  );
  assert.ok(process.memoryUsage().rss - before < 200 * 2 ** 20, 'nothing large was allocated');
  // 300 rows every 9 s, repeated over 30 days: 288,000 + 1 jobs, well inside the limit.
  const spaced = tmp.write(
    'spaced.csv',
    `job_id,submit_time_s,duration_s,num_gpus\n${Array.from({ length: 300 }, (_, i) => `j${i},${i * 9},3600,1`).join('\n')}\n`,
  );
  assert.ok(prepare(TINY, { ...base, trace: spaced, horizon: '30d', jobRate: '1' }));
});

test('events per run: a run needing more than the limit stops with sim.too-many-events; at the limit it completes', () => {
  const s = scenario(`name: ev
horizon: { start: 2027-01-01, length: 2w, bucket: 1d }
providers:
  aws: { quota: 64 }
workloads:
  - { id: svc, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas } }
`);
  const inp = input(s);
  const full = simulate(inp, skyfleetPolicy, { seed: 1 });
  assert.ok(full.events > 300);
  assert.equal(simulate(inp, skyfleetPolicy, { seed: 1, maxEvents: full.events }).events, full.events);
  assert.throws(
    () => simulate(inp, skyfleetPolicy, { seed: 1, maxEvents: full.events - 1 }),
    (e: unknown) =>
      e instanceof SimLimitError &&
      e.code === 'sim.too-many-events' &&
      new RegExp(`more than ${(full.events - 1).toLocaleString('en-US')} events`).test(e.message),
  );
  assert.equal(SIM_LIMITS.eventsPerRun, 20_000_000);
});

const HOURLY = join(REPO_ROOT, 'test', 'fuzz', 'corpus', 'sim', 'hourly.yaml');

test('time buckets: 20,000 accepted, one more refused before the world is built', () => {
  assert.equal(SIM_LIMITS.buckets, 20_000);
  assert.equal(prepare(HOURLY, { ...base, horizon: '20000h' }).world.buckets.length, 20_000);
  assert.match(
    userError(() => prepare(HOURLY, { ...base, horizon: '20001h' })),
    /up to 20,001 time buckets .*limit of 20,000.*\[sim\.too-many-buckets\]$/,
  );
  assert.match(
    userError(() => prepare(HOURLY, { ...base, horizon: '30y' })),
    /262,992 time buckets .*\[sim\.too-many-buckets\]$/,
  );
});

test('offline-optimal LP: its size is counted before it is built; at the limit accepted, past it refused', () => {
  assert.equal(SIM_LIMITS.lpTerms, 4_000_000);
  const p = prepare(HOURLY, { ...base, horizon: '1w' });
  const r = setupInput(p.scenario, p.world, p.setup, 1);
  assert.ok(r.ok);
  const terms = boundModelTerms(r.value, p.world);
  assert.ok(terms > 1000 && terms < SIM_LIMITS.lpTerms, String(terms));
  assert.doesNotThrow(() => checkBoundModelSize(r.value, p.world, terms));
  assert.throws(
    () => checkBoundModelSize(r.value, p.world, terms - 1),
    (e: unknown) => e instanceof SimLimitError && e.code === 'sim.lp-too-large',
  );
  // Two years of hourly buckets: quadratic in the buckets, about 1.9 billion terms; refused through the CLI's path.
  const big = prepare(HOURLY, { ...base, horizon: '2y' });
  assert.match(
    userError(() => checkOfflineBound(big, 1)),
    /offline-optimal LP would have about [\d,]+ terms, more than the limit of 4,000,000 .*\[sim\.lp-too-large\]$/,
  );
});
