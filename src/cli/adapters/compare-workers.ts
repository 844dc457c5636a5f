/**
 * The application's RunPool on worker threads, for `compare`: each worker prepares the inputs once (the same
 * prepareSimulation as the main thread, reading the same files) and answers run requests with runCompareTask;
 * offline-optimal's LP goes to the worker's own HiGHS solver (src/solver-highs, itself a worker).
 *
 * This module is also the worker's entry point: loaded in a worker thread with `workerData.skyfleet === 'compare'`,
 * it answers run requests. In the one-file build (dist/cli/main.js) the worker loads that file, which holds this code.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { UserError } from '../../app/errors.js';
import type { RunPool, RunTask } from '../../app/ports.js';
import { prepareSimulation, type Prepared, type SimulationRequest } from '../../app/prepare-simulation.js';
import { runCompareTask } from '../../app/compare-scenario.js';
import type { RunSummary } from '../../app/sim-types.js';
import { createHighsSolver, type HighsSolver } from '../../solver-highs/highs-solver.js';
import { fileInputs } from './input-files.js';

type Answer = { id: number; ok: true; summary: RunSummary } | { id: number; ok: false; message: string; user: boolean };

interface WorkerInput {
  readonly skyfleet: 'compare';
  readonly file: string;
  readonly request: SimulationRequest;
}

const input = isMainThread ? undefined : (workerData as Partial<WorkerInput> | null);
if (input?.skyfleet === 'compare' && parentPort) {
  const { file, request } = input as WorkerInput;
  const port = parentPort;
  let prepared: Prepared | undefined;
  let lp: HighsSolver | undefined;
  port.on('message', (t: RunTask) => {
    void (async (): Promise<Answer> => {
      try {
        prepared ??= prepareSimulation(fileInputs, file, request);
        const summary = await runCompareTask(prepared, t, () => (lp ??= createHighsSolver()));
        return { id: t.id, ok: true, summary };
      } catch (e) {
        return { id: t.id, ok: false, message: (e as Error).message, user: e instanceof UserError };
      }
    })().then((a) => port.postMessage(a));
  });
}

function startWorker(file: string, request: SimulationRequest): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const data: { workerData: WorkerInput } = { workerData: { skyfleet: 'compare', file, request } };
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

/** A pool of `workers` threads for the runs of `file` under `request`; every thread is ended when the runs are. */
export function workerPool(file: string, request: SimulationRequest, workers: number): RunPool {
  return {
    run: async (tasks: readonly RunTask[], onDone: (n: number) => void): Promise<RunSummary[]> => {
      const results: RunSummary[] = new Array(tasks.length);
      let next = 0;
      let finished = 0;
      const pool = Array.from({ length: Math.min(workers, tasks.length) }, () => startWorker(file, request));
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
    },
  };
}
