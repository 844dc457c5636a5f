/**
 * The kill -9 soak: `npm run build && npx tsx bench/kill9-soak.ts [JOBS=2000] [ROUNDS=10] [SEED]`. Starts the sandbox
 * cloud and serve (real processes on loopback, SQLite store in a temporary folder), submits JOBS short jobs and kills
 * serve with SIGKILL ROUNDS times at seeded random points, restarting it on the same store; then checks that every
 * workload ended and succeeded, none is lost, no submission made two workloads, no launch token was launched twice,
 * no job ran twice, and the control plane agrees with the sandbox (test/e2e/kill9-run.ts). Prints the outcome as
 * JSON; exits 1 when a check fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from '../test/e2e/harness.js';
import { runKill9 } from '../test/e2e/kill9-run.js';

const jobs = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 10);
const seed = process.argv[4] ? Number(process.argv[4]) : Math.floor(Math.random() * 2 ** 31);
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-kill9-soak-'));
console.log(`kill9 soak: ${jobs} jobs, ${rounds} kills, seed ${seed}, in ${dir}`);
let failed = true;
try {
  const out = await runKill9({ dir, jobs, rounds, seed, finishPolls: 3000, log: (l) => console.log(l) });
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
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
