/**
 * A plan is repeatable: the same scenario and catalog give byte-identical `plan --json` output whether or not the
 * machine is busy, and whatever else is asked at the same time (`--explain`, `--what-if`, `--timings`). The exact
 * solver is bounded by node and iteration counts, never by the clock (src/solver-highs/run.ts), and explaining a
 * workload changes nothing in how it is compiled. Runs the built CLI (npm test builds it first) on the startup
 * example and on a generated portfolio that reaches the exact solver (bench/gen-frontier-scaled.ts, 15 workloads),
 * once on a quiet machine and then four at a time next to busy processes that keep every core loaded.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './helpers.js';

const BIN = join(REPO_ROOT, 'dist/cli/main.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function plan(args: readonly string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'plan', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) =>
      done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** Busy processes, one per core (at least two), spinning until killed. */
const busy: ChildProcess[] = [];
function startLoad(): void {
  for (let i = 0; i < Math.max(2, availableParallelism()); i++) {
    busy.push(spawn(process.execPath, ['-e', 'for (;;) { Math.sqrt(Math.random()); }'], { stdio: 'ignore' }));
  }
}
function stopLoad(): void {
  for (const c of busy.splice(0)) c.kill('SIGKILL');
}
after(stopLoad);

/** The plan of `--json` output, re-printed as the CLI prints it, with its explanations left out. */
const withoutExplain = (json: string): string =>
  `${JSON.stringify({ ...(JSON.parse(json) as object), explain: [] }, null, 2)}\n`;

const GENERATED = 'bench/out/frontier-scaled-15.json';

for (const [file, explain, shock] of [
  ['examples/startup.yaml', 'chat-eu', 'aws.price=+20%'],
  [GENERATED, 'batch-3', 'azure.price=+10%'],
] as const) {
  test(`${file}: the same plan, byte for byte, on a quiet and on a loaded machine, with --explain, --what-if or --timings`, {
    timeout: 600_000,
  }, async () => {
    assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build`);
    if (file === GENERATED) {
      const gen = spawnSync(process.execPath, ['--import', 'tsx', 'bench/gen-frontier-scaled.ts', '15'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });
      assert.equal(gen.status, 0, gen.stderr);
    }
    const quiet = await plan([file, '--json']);
    assert.equal(quiet.code, 0, quiet.stderr);
    const solver = (JSON.parse(quiet.stdout) as { solver: { exactStatus?: string; lowerBoundCents?: number } }).solver;
    assert.equal(solver.exactStatus, 'optimal', 'the exact solver ran');
    assert.ok(solver.lowerBoundCents !== undefined, 'with its LP bound');
    startLoad();
    try {
      const [loaded, explained, timed, shocked] = await Promise.all([
        plan([file, '--json']),
        plan([file, '--json', '--explain', explain]),
        plan([file, '--json', '--timings']),
        plan([file, '--json', '--what-if', shock]),
      ]);
      for (const r of [loaded, explained, timed, shocked]) assert.equal(r.code, 0, r.stderr);
      assert.equal(loaded.stdout, quiet.stdout, 'under load');
      assert.equal(withoutExplain(explained.stdout), quiet.stdout, `with --explain ${explain}`);
      assert.ok((JSON.parse(explained.stdout) as { explain: unknown[] }).explain.length === 1);
      assert.equal(timed.stdout, quiet.stdout, 'with --timings');
      assert.match(timed.stderr, /^skyfleet: timings: /m);
      assert.equal(
        `${JSON.stringify((JSON.parse(shocked.stdout) as { base: unknown }).base, null, 2)}\n`,
        quiet.stdout,
        `the base plan of --what-if ${shock}`,
      );
    } finally {
      stopLoad();
    }
  });
}
