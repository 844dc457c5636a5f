/**
 * What the benches share: the repository root and the built modules (dist/), stderr logging, the load average, the
 * guard that the build is there, one CLI run under GNU time, and the 7-year simulation the sim and ledger benches run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** A built module, to import: dist('sim/simulate.js'). */
export const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
export const log = (s) => process.stderr.write(`${s}\n`);
/** The 1, 5 and 15-minute load averages (the machine is shared). */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Exits with a message unless the CLI is built. */
export function requireBuild() {
  if (!existsSync(`${root}dist/cli/main.js`)) {
    log('build first: npm run build');
    process.exit(1);
  }
}

/**
 * `node dist/cli/main.js …args` in the repository root under GNU time: wall and CPU (user + sys) seconds, peak RSS
 * in MiB, and stdout. `cleanup` runs as soon as the command ends; a failing command prints its stderr and exits.
 * @param {readonly string[]} args
 * @param {{ node?: string; cleanup?: () => void }} [opts]
 */
export function gnuTimed(args, { node = process.execPath, cleanup } = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', node, 'dist/cli/main.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  cleanup?.();
  if (r.status !== 0) {
    log(r.stderr);
    process.exit(1);
  }
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, user, sys, cpu: user + sys, mib: kb / 1024, out: r.stdout };
}

/** The simulate options of the 7-year run: frontier-lab's `--horizon 7y`, the Philly trace repeated to fill it, hourly
 * inference shaped by the Azure LLM trace, seed 1 (cli/commands/simulate.ts prepare). */
export const SEVEN_YEARS = {
  horizon: '7y',
  seed: '1',
  trace: 'data/traces/philly_jobs.csv',
  requests: 'data/traces/azure_llm_2023_conv_requests.csv',
  requestRate: '1',
  gpusPerJob: '1',
  jobRate: '1',
  traceKind: 'batch',
  repeat: true,
  outages: 'sample',
  progress: false,
};
