/**
 * kill -9 of `skyfleet serve` during a run of short jobs, repeated (3 rounds here; bench/kill9-soak.ts runs more):
 * serve is killed with SIGKILL at seeded random points while jobs are submitted and run, and restarted on the same
 * store, once on a SQLite file and once on PostgreSQL (a fresh schema, dropped after). At the end every workload has
 * ended and succeeded, none is lost, no submission made two workloads, no launch token was launched twice at the
 * sandbox, no job's command ran twice (the jobs record their own runs), and the control plane's states agree with
 * what the sandbox reports. The seed is printed; SKYFLEET_E2E_SEED replays it.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PG_TEST_URL, dropSchema, freshSchemaName } from '../../src/store/test-support/postgres-harness.js';
import { stopAll, tempDir } from './harness.js';
import { runKill9 } from './kill9-run.js';

const tmp = tempDir('skyfleet-e2e-kill9-');
const schemas: string[] = [];
after(async () => {
  await stopAll();
  for (const s of schemas) await dropSchema(s);
  tmp.remove();
});

async function kill9(dir: string, store?: string): Promise<void> {
  const seed = process.env.SKYFLEET_E2E_SEED
    ? Number(process.env.SKYFLEET_E2E_SEED)
    : Math.floor(Math.random() * 2 ** 31);
  process.stdout.write(`# kill9 seed ${seed} (replay with SKYFLEET_E2E_SEED=${seed})\n`);
  const out = await runKill9({
    dir,
    jobs: 300,
    rounds: 3,
    seed,
    ...(store ? { store } : {}),
    log: (l) => process.stdout.write(`# ${l}\n`),
  });
  process.stdout.write(`# ${JSON.stringify(out)}\n`);
  const ctx = `seed ${seed}: ${JSON.stringify(out)}`;
  assert.equal(out.workloads, 300, ctx);
  assert.deepEqual(out.missing, [], ctx);
  assert.equal(out.duplicateSubmissions, 0, ctx);
  assert.deepEqual(out.byState, { succeeded: 300 }, ctx);
  assert.deepEqual(out.tokensLaunchedTwice, [], ctx);
  assert.deepEqual(out.ranTwice, [], ctx);
  assert.deepEqual(out.succeededWithoutRun, [], ctx);
  assert.deepEqual(out.disagreeing, [], ctx);
  assert.equal(out.stillRunning, 0, ctx);
  assert.equal(out.killPoints.length, 3, ctx);
}

test('kill -9 of serve at random points (SQLite): nothing lost, nothing dispatched twice, reconciled with the sandbox', {
  timeout: 300_000,
}, async () => {
  await kill9(tmp.dir);
});

test('kill -9 of serve at random points (PostgreSQL): nothing lost, nothing dispatched twice, reconciled', {
  timeout: 300_000,
}, async () => {
  const schema = freshSchemaName();
  schemas.push(schema);
  const dir = join(tmp.dir, 'pg');
  mkdirSync(dir);
  await kill9(dir, `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}schema=${schema}`);
});
