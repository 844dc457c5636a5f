/**
 * The kill -9 soak: `npm run build && npx tsx bench/kill9-soak.ts [--store sqlite|postgres|URL] [JOBS=2000]
 * [ROUNDS=10] [SEED]`. Starts the sandbox cloud and serve (real processes on loopback; the store a SQLite file in a
 * temporary folder by default; `postgres` a fresh schema on the test server, SKYFLEET_TEST_PG_URL or
 * postgres://postgres@127.0.0.1:5432/test, dropped at the end; or any --store URL serve takes), submits JOBS short jobs and kills
 * serve with SIGKILL ROUNDS times at seeded random points, restarting it on the same store; then checks that every
 * workload ended and succeeded, none is lost, no submission made two workloads, no launch token was launched twice,
 * no job ran twice, and the control plane agrees with the sandbox (test/e2e/kill9-run.ts). Prints the outcome as
 * JSON; exits 1 when a check fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_TEST_URL, dropSchema, freshSchemaName } from '../src/store/test-support/postgres-harness.js';
import { stopAll } from '../test/e2e/harness.js';
import { runKill9 } from '../test/e2e/kill9-run.js';

const args = process.argv.slice(2);
const at = args.indexOf('--store');
const storeArg = at >= 0 ? args.splice(at, 2)[1] : 'sqlite';
if (storeArg === undefined || args.some((a) => a.startsWith('--'))) {
  console.error('usage: npx tsx bench/kill9-soak.ts [--store sqlite|postgres|URL] [JOBS] [ROUNDS] [SEED]');
  process.exit(2);
}
const jobs = Number(args[0] ?? 2000);
const rounds = Number(args[1] ?? 10);
const seed = args[2] ? Number(args[2]) : Math.floor(Math.random() * 2 ** 31);
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-kill9-soak-'));
const schema = storeArg === 'postgres' ? freshSchemaName() : undefined;
const store =
  storeArg === 'sqlite'
    ? undefined
    : schema !== undefined
      ? `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}schema=${schema}`
      : storeArg;
console.log(`kill9 soak: ${jobs} jobs, ${rounds} kills, seed ${seed}, store ${store ?? 'sqlite'}, in ${dir}`);
let failed = true;
try {
  const out = await runKill9({
    dir,
    jobs,
    rounds,
    seed,
    ...(store ? { store } : {}),
    finishPolls: 3000,
    log: (l) => console.log(l),
  });
  console.log(JSON.stringify(out, null, 2));
  failed =
    out.workloads !== jobs ||
    out.missing.length > 0 ||
    out.duplicateSubmissions > 0 ||
    (out.byState.succeeded ?? 0) !== jobs ||
    out.tokensLaunchedTwice.length > 0 ||
    out.ranTwice.length > 0 ||
    out.succeededWithoutRun.length > 0 ||
    out.disagreeing.length > 0 ||
    out.stillRunning > 0;
  console.log(failed ? 'FAILED' : 'OK: every check holds');
} finally {
  await stopAll();
  if (schema !== undefined) await dropSchema(schema);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
