/**
 * `skyfleet compare <scenario> --policies a,b,… --seeds N`: every (policy, seed) pair through the simulator, spread
 * over worker threads (each worker reads the inputs once and runs the pure simulator; offline-optimal solves its LP
 * with HiGHS in the worker), then a summary table with 95% confidence intervals over seeds.
 *
 * This module is also the worker's entry point: loaded in a worker thread with `workerData.skyfleet === 'compare'`,
 * it answers run requests instead of registering a command.
 */
import type { Command } from 'commander';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { formatIssue } from '../../core/issues.js';
import { parsePolicy } from '../../sim/policies/index.js';
import { revenueSummary, summarise, type RunSummary } from '../../sim/metrics.js';
import type { LpSolve } from '../../sim/offline-optimal.js';
import { UserError } from '../io.js';
import { comparisonCsv, renderComparison } from '../render-sim.js';
import { renderComparisonReport } from '../../report/index.js';
import { excerpt } from '../../core/excerpt.js';
import { FLAG_LIMITS, flagError, parseNumberFlag, parseSeed, SEED_MAX } from '../options.js';
import {
  addSimOptions,
  checkOfflineBound,
  checkOutputs,
  loadLpSolve,
  prepare,
  reportTo,
  runOne,
  writeOutputFile,
  type Prepared,
  type SimCliOptions,
} from './simulate.js';

interface CompareOptions extends SimCliOptions {
  policies: string;
  seeds: string;
  seed: string;
  workers?: string;
}
interface Task {
  readonly id: number;
  readonly policy: string;
  readonly seed: number;
}
type Answer = { id: number; ok: true; summary: RunSummary } | { id: number; ok: false; message: string; user: boolean };

if (!isMainThread && (workerData as { skyfleet?: string } | null)?.skyfleet === 'compare') {
  const { file, options } = workerData as { file: string; options: SimCliOptions };
  const port = parentPort!;
  let prepared: Prepared | undefined;
  let lp: Promise<LpSolve> | undefined;
  port.on('message', (t: Task) => {
    void (async (): Promise<Answer> => {
      try {
        prepared ??= prepare(file, options);
        if (t.policy === 'offline-optimal') lp ??= loadLpSolve();
        const solver = t.policy === 'offline-optimal' ? await lp : undefined;
        const { summary, result } = runOne(prepared, t.policy, t.seed, solver);
        return { id: t.id, ok: true, summary: result ? { ...summary, ...revenueSummary(result) } : summary };
      } catch (e) {
        return { id: t.id, ok: false, message: (e as Error).message, user: e instanceof UserError };
      }
    })().then((a) => port.postMessage(a));
  });
}

function startWorker(file: string, options: SimCliOptions): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const data = { workerData: { skyfleet: 'compare', file, options } };
  if (ts) {
    let tsx: string | undefined;
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      tsx = undefined;
    }
    // Node 20 does not carry tsx's hooks into workers: register them in the worker before loading this module.
    if (tsx)
      return new Worker(
        `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`,
        { eval: true, ...data },
      );
  }
  return new Worker(new URL(import.meta.url), data);
}

async function runAll(
  file: string,
  options: SimCliOptions,
  tasks: readonly Task[],
  workers: number,
  onDone: (n: number) => void,
): Promise<RunSummary[]> {
  const results: RunSummary[] = new Array(tasks.length);
  let next = 0;
  let finished = 0;
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => startWorker(file, options));
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next < tasks.length) w.postMessage(tasks[next++]);
      };
      for (const w of pool) {
        w.on('message', (a: Answer) => {
          if (!a.ok) {
            reject(a.user ? new UserError(a.message) : new Error(a.message));
            return;
          }
          results[a.id] = a.summary;
          onDone(++finished);
          if (finished === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', (e) => reject(e));
        w.on('exit', (code) => {
          if (code !== 0 && finished < tasks.length)
            reject(new Error(`a simulation worker stopped (exit code ${code})`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

export function registerCompare(program: Command): void {
  addSimOptions(
    program
      .command('compare')
      .description(
        'compare policies over many seeds (worker threads): cost, shortfall, availability, regret vs offline-optimal',
      )
      .argument('<scenario>', 'scenario file (YAML or JSON)')
      .option(
        '--policies <list>',
        'comma-separated: single:<provider>, cheapest-first, skyfleet, offline-optimal',
        'single:aws,cheapest-first,skyfleet,offline-optimal',
      )
      .option('--seeds <n>', 'number of seeds (seed, seed+1, …)', '10')
      .option('--seed <n>', 'first seed', '1')
      .option('--workers <n>', 'worker threads (default: available parallelism)'),
  ).action(async (file: string, o: CompareOptions) => {
    const seeds = parseNumberFlag('--seeds', o.seeds, FLAG_LIMITS.seeds);
    const first = parseSeed(o.seed);
    if (first + seeds - 1 > SEED_MAX)
      throw flagError(
        'flag.out-of-range',
        `--seed ${first} with --seeds ${seeds} runs seeds up to ${first + seeds - 1}, past the largest seed ${SEED_MAX}`,
      );
    const workers =
      o.workers === undefined
        ? Math.min(availableParallelism(), FLAG_LIMITS.workers.max)
        : parseNumberFlag('--workers', o.workers, FLAG_LIMITS.workers);
    const policies = o.policies.split(',').map((s) => s.trim());
    if (policies.some((s) => s === ''))
      throw flagError(
        'flag.empty-item',
        `--policies needs a comma-separated list of policies without empty items, not "${excerpt(o.policies)}"`,
      );
    const twice = policies.find((s, k) => policies.indexOf(s) !== k);
    if (twice !== undefined) throw flagError('flag.duplicate-item', `--policies names "${excerpt(twice)}" twice`);
    checkOutputs(o);
    const p = prepare(file, o); // validates every input before any worker starts
    for (const name of policies) {
      const r = parsePolicy(name, p.world.providers);
      if (!r.ok) throw new UserError(r.issues.map(formatIssue).join('\n'));
    }
    if (policies.includes('offline-optimal')) checkOfflineBound(p, first);
    for (const n of p.notes) process.stderr.write(`skyfleet: ${n}\n`);
    const tasks: Task[] = [];
    for (const policy of policies)
      for (let k = 0; k < seeds; k++) tasks.push({ id: tasks.length, policy, seed: first + k });
    const t0 = Date.now();
    const { progress: _p, ...opts } = o;
    void _p;
    const runs = await runAll(file, { ...opts, progress: false }, tasks, workers, (n) => {
      if (o.progress)
        process.stderr.write(`${n}/${tasks.length} runs done, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    });
    const seconds = (Date.now() - t0) / 1000;
    const summaries = summarise(runs);
    reportTo(o.report, () => renderComparisonReport({ scenario: p.scenario.name, seeds, summaries, runs }));
    if (o.csv !== undefined) {
      const csv = comparisonCsv(runs);
      if (typeof o.csv === 'string') writeOutputFile('--csv', o.csv, csv);
      else {
        process.stdout.write(csv);
        return;
      }
    }
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify({ scenario: p.scenario.name, seeds, policies: summaries, runs }, null, 2)}\n`,
      );
      return;
    }
    process.stdout.write(`${renderComparison(p.scenario.name, seeds, summaries, seconds)}\n`);
  });
}
