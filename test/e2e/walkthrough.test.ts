/**
 * The walk-through of the README, run for real: `skyfleet sandbox` and `skyfleet serve` as processes of the built
 * CLI on loopback, `submit examples/train.sky.yaml --team research`, `status`, `status ID --json`, `logs ID`,
 * `explain ID`, `cancel ID`, then `sandbox fault aws --region us-east-1 down`: the training's launch is lost, the
 * work is requeued with the lost work recorded, placed elsewhere and resumes from its last checkpoint, and finishes.
 * Set SKYFLEET_E2E_PRINT=1 to print every command with its output (the README section was made so).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PG_TEST_URL, dropSchema, freshSchemaName } from '../../src/store/test-support/postgres-harness.js';
import { WORKLOAD_STATES } from '../../src/control/records.js';
import {
  REPO_ROOT,
  type Serve,
  cli,
  http,
  pollUntil,
  shown,
  startSandbox,
  startServe,
  stopAll,
  tempDir,
} from './harness.js';

const tmp = tempDir('skyfleet-e2e-walk-');
const schemas: string[] = [];
after(async () => {
  await stopAll();
  for (const s of schemas) await dropSchema(s);
  tmp.remove();
});

const PRINT = process.env.SKYFLEET_E2E_PRINT === '1';

interface View {
  id: string;
  state: string;
  attempt: number;
  team: string;
  placement: { provider: string; region: string; instanceType: string; spot: boolean } | null;
  checkpoint: { workDone: number } | null;
}
interface Event {
  from: string | null;
  to: string;
  cause: { code: string; params?: Record<string, unknown> };
}

async function walkThrough(cwd: string, store?: string): Promise<void> {
  const sandbox = await startSandbox(cwd);
  const serve: Serve = await startServe(cwd, { sandbox: sandbox.url, ...(store ? { store } : {}) });
  const env = { SKYFLEET_URL: serve.url, SKYFLEET_TOKEN: '' };
  const run = async (args: string[], expectCode = 0, quiet = false) => {
    const r = await cli(args, cwd, env);
    if (PRINT && !quiet) process.stdout.write(`$ skyfleet ${args.join(' ')}\n${r.stdout}${r.stderr}\n`);
    assert.equal(r.code, expectCode, shown(args, r));
    return r;
  };
  const view = async (id: string): Promise<View> =>
    JSON.parse((await run(['status', id, '--json'], 0, true)).stdout) as View;
  const events = async (id: string): Promise<Event[]> =>
    (await http<{ events: Event[] }>(`${serve.url}/v1/workloads/${id}/events`, { token: serve.adminToken })).body
      .events;

  await run(['team', 'set', 'research', '--quota', 'H100=64']);
  // The README's example as is, but with 8 s steps instead of 3 s: on a loaded machine each CLI call takes seconds,
  // and the 24 s example could finish before the region goes down. The file's shape is the example's.
  const train = join(cwd, 'train.sky.yaml');
  const example = readFileSync(`${REPO_ROOT}/examples/train.sky.yaml`, 'utf8');
  assert.match(example, /STEP_SECONDS: 3 /);
  writeFileSync(train, example.replace('STEP_SECONDS: 3 ', 'STEP_SECONDS: 8 '));
  const sub = await run(['submit', train, '--team', 'research', '--json']);
  const w = JSON.parse(sub.stdout) as View;
  assert.match(w.id, /\S/);
  assert.equal(w.team, 'research');
  assert.ok((WORKLOAD_STATES as readonly string[]).includes(w.state), w.state);

  // It runs on AWS (the task says `infra: aws`) and reports checkpoints.
  const running = await pollUntil(
    'the training runs and has checkpointed twice',
    async () => {
      const v = await view(w.id);
      return v.state === 'running' && (v.checkpoint?.workDone ?? 0) >= 2 ? v : undefined;
    },
    { polls: 600, everyMs: 200, last: async () => JSON.stringify(await events(w.id)) },
  );
  assert.equal(running.placement?.provider, 'aws');
  const firstRegion = running.placement?.region;

  const table = await run(['status']);
  assert.match(table.stdout, /^ID +NAME +TEAM +STATE/);
  assert.match(table.stdout, new RegExp(`${w.id} +train +research +running`));
  const logs = await run(['logs', w.id]);
  assert.match(logs.stdout, /resuming at step 0 of 8/);
  assert.match(logs.stdout, /step 2 of 8/);
  const explain = await run(['explain', w.id]);
  assert.match(explain.stdout, /aws/);
  // The region goes down where the training runs.
  assert.equal(firstRegion, 'us-east-1', 'the walk-through takes down the region the training runs in');
  const fault = await run(['sandbox', 'fault', 'aws', '--region', 'us-east-1', 'down', '--sandbox', sandbox.url]);
  assert.match(fault.stdout + fault.stderr, /\S/);
  const explained = JSON.parse((await run(['explain', w.id, '--json'])).stdout) as { workloadId: string };
  assert.equal(explained.workloadId, w.id);

  // A second copy, cancelled: its launch (if any) is ended at the sandbox.
  const second = JSON.parse((await run(['submit', train, '--team', 'research', '--json'])).stdout) as View;
  const cancelled = await run(['cancel', second.id]);
  assert.match(cancelled.stdout, new RegExp(`^${second.id}: cancelled`));
  assert.equal((await view(second.id)).state, 'cancelled');
  await run(['cancel', second.id], 2);

  const moved = await pollUntil(
    'the training runs again, elsewhere',
    async () => {
      const v = await view(w.id);
      return v.state === 'running' && v.attempt > running.attempt ? v : undefined;
    },
    { polls: 600, everyMs: 200, last: async () => JSON.stringify(await events(w.id)) },
  );
  assert.notEqual(`${moved.placement?.provider}/${moved.placement?.region}`, 'aws/us-east-1');

  // The log of transitions: running → lost (with the work lost since the checkpoint) → admitted (requeued, resuming
  // from the checkpoint) → placed → provisioning → running.
  const log = await events(w.id);
  const path = log.map((e) => e.to);
  const lostAt = path.lastIndexOf('lost');
  assert.ok(lostAt > 0, `lost in ${path.join(' → ')}`);
  assert.deepEqual(path.slice(lostAt - 1, lostAt + 5), [
    'running',
    'lost',
    'admitted',
    'placed',
    'provisioning',
    'running',
  ]);
  const lost = log[lostAt] as Event;
  assert.equal(typeof lost.cause.params?.lostWork, 'number', JSON.stringify(lost));
  const requeued = log[lostAt + 1] as Event;
  assert.equal(requeued.cause.code, 'control.requeued');
  const resumeFrom = requeued.cause.params?.resumeFrom as number;
  assert.ok(resumeFrom >= 2, JSON.stringify(requeued));

  // The new launch resumed from that checkpoint, and the training finishes.
  const after2 = await pollUntil(
    'the resumed launch reports where it resumed',
    async () => {
      const r = await run(['logs', w.id], 0, true);
      return /resuming at step (\d+)/.exec(r.stdout) ? r.stdout : undefined;
    },
    { polls: 300, everyMs: 200 },
  );
  assert.match(
    after2,
    new RegExp(
      `on ${moved.placement?.provider}/${moved.placement?.region}: resuming at step ${Math.floor(resumeFrom)} of 8`,
    ),
  );
  const done = await pollUntil(
    'the training succeeds',
    async () => {
      const v = await view(w.id);
      return v.state === 'succeeded' || v.state === 'failed' ? v : undefined;
    },
    { polls: 900, everyMs: 200 },
  );
  assert.equal(done.state, 'succeeded');
  assert.match((await run(['logs', w.id])).stdout, /training finished/);
  assert.equal(serve.child.exitCode, null, serve.stderr());
  serve.child.kill('SIGTERM');
  assert.equal(await serve.closed, 0, serve.stderr());
}

test('the README walk-through (SQLite): submit a SkyPilot task, follow it, a region goes down, the training resumes elsewhere', {
  timeout: 240_000,
}, async () => {
  await walkThrough(tmp.dir);
});

test('the walk-through on PostgreSQL (--store postgres://…?schema=…)', { timeout: 240_000 }, async () => {
  const schema = freshSchemaName();
  schemas.push(schema);
  const url = `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const cwd = join(tmp.dir, 'pg');
  mkdirSync(cwd);
  await walkThrough(cwd, url);
});
