/**
 * The HiGHS adapter: HiGHS (WebAssembly) in a worker thread, so a long solve never blocks the process and a crashed
 * or runaway one cannot take it down. It serves the engine's exact-solver port (`solve`, `solveDetailed`) and the
 * simulator's LP port (`solveLp`, the offline-optimal bound) through one worker and one loader (load.ts).
 *
 *   const solver = createHighsSolver();
 *   const solution = await solver.solve(problem, { integer: true, timeLimitSeconds: 30 });
 *   await solver.close();
 *
 * Solves run one at a time in a single worker, started on first use. The worker is unref'd while idle, so it never
 * keeps the process alive; `close()` terminates it. Every failure is a rejected promise with a `HighsSolverError`
 * (a stable `code` and a message saying what happened): `solver.too-large` (callers fall back to greedy),
 * `solver.infeasible`, `solver.no-solution`, `solver.error`, `solver.timeout` (HiGHS ignored its time limit and
 * the worker was killed), `solver.worker-failed`, `solver.closed`.
 */
import type { Code } from '../core/codes.js';
import { Worker } from 'node:worker_threads';
import type { Problem, Solution } from '../engine/problem.js';
import type { ExactSolver, SolveOptions } from '../engine/solvers/solver.js';
import type { LpRequest, LpResponse, SolveRequest, SolveResponse, WorkerRequest } from './protocol.js';
import type { LpReport } from './lp.js';
import { DEFAULT_SETTINGS, roughColumns, type HighsReport, type RunSettings } from './run.js';

export class HighsSolverError extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = 'HighsSolverError';
  }
}

export interface HighsSolverOptions extends Partial<RunSettings> {
  /** Seconds beyond twice the time limit after which a stuck worker is killed (default 30). */
  readonly graceSeconds?: number;
}

export interface HighsSolver extends ExactSolver {
  /** An LP given as CPLEX LP text (the simulator's offline-optimal bound), in the same worker, after the solves
   * before it; no time limit. The primal values of `columns` come back in their order. */
  solveLp(lp: string, columns: readonly string[]): Promise<LpReport>;
  /** The solution with the model's objective split into cost and penalties, HiGHS's status and the model size. */
  solveDetailed(problem: Problem, options: SolveOptions): Promise<HighsReport>;
  close(): Promise<void>;
}

/** The worker next to this module, with this module's extension: `.ts` under tsx (tests), `.js` in dist/. */
function startWorker(): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(`./highs-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
  if (ts) {
    let tsx: string | undefined;
    try {
      tsx = import.meta.resolve('tsx/esm/api');
    } catch {
      tsx = undefined; // another TypeScript loader: rely on the inherited execArgv
    }
    // Node 20 does not carry tsx's module hooks into workers: register them in the worker before loading it.
    if (tsx)
      return new Worker(
        `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
        { eval: true },
      );
  }
  return new Worker(url);
}

/** The problem as plain data for the worker: a structured clone keeps fields, not getters (a compiled candidate
 * builds its per-bucket spend on demand), so every candidate crosses as a plain object with its spend. */
function plainProblem(problem: Problem): Problem {
  return {
    ...problem,
    candidates: problem.candidates.map((c) => ({
      item: c.item,
      pool: c.pool,
      gpusPerUnit: c.gpusPerUnit,
      firstBucket: c.firstBucket,
      lastBucket: c.lastBucket,
      gpuHours: c.gpuHours,
      spend: c.spend,
      preemptionCost: c.preemptionCost,
      listCost: c.listCost,
      preference: c.preference,
      durationHours: c.durationHours,
      ...(c.spendTotal !== undefined ? { spendTotal: c.spendTotal } : {}),
      ...(c.replicaGpus !== undefined ? { replicaGpus: c.replicaGpus } : {}),
      ...(c.unitsPerReplica !== undefined ? { unitsPerReplica: c.unitsPerReplica } : {}),
    })),
  };
}

export function createHighsSolver(options: HighsSolverOptions = {}): HighsSolver {
  const settings: RunSettings = {
    maxColumns: options.maxColumns ?? DEFAULT_SETTINGS.maxColumns,
    maxNonzeros: options.maxNonzeros ?? DEFAULT_SETTINGS.maxNonzeros,
    mipRelGap: options.mipRelGap ?? DEFAULT_SETTINGS.mipRelGap,
  };
  const graceMs = (options.graceSeconds ?? 30) * 1000;
  let worker: Worker | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  const spawn = (): Worker => {
    const w = startWorker();
    w.on('error', () => undefined); // reported to the pending solve by its own listener; never an uncaught event
    w.on('exit', () => {
      if (worker === w) worker = undefined;
    });
    w.unref();
    return w;
  };

  /** One request to the worker, its answer read by `answer`; killed after 2 × `limit` + grace when a limit is set. */
  const run = <T>(
    request: (id: number) => WorkerRequest,
    limit: number | undefined,
    answer: (m: SolveResponse | LpResponse) => T,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(new HighsSolverError('solver.closed', 'the HiGHS solver was closed'));
        return;
      }
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        fn();
      };
      const kill = (): void => {
        if (worker === w) worker = undefined;
        void w.terminate();
      };
      const onMessage = (m: SolveResponse | LpResponse): void => {
        if (m.id !== id) return;
        finish(() => (m.ok ? resolve(answer(m)) : reject(new HighsSolverError(m.code, m.message))));
      };
      const onError = (e: Error): void => {
        kill();
        finish(() => reject(new HighsSolverError('solver.worker-failed', `the HiGHS worker failed: ${e.message}`)));
      };
      const onExit = (code: number): void =>
        finish(() =>
          reject(
            closed
              ? new HighsSolverError('solver.closed', 'the HiGHS solver was closed during a solve')
              : new HighsSolverError('solver.worker-failed', `the HiGHS worker exited (code ${code}) during a solve`),
          ),
        );
      const timer =
        limit !== undefined && Number.isFinite(limit) && limit > 0
          ? setTimeout(
              () => {
                kill();
                finish(() =>
                  reject(
                    new HighsSolverError(
                      'solver.timeout',
                      `HiGHS did not stop within ${limit} s (time limit) + grace; the worker was killed`,
                    ),
                  ),
                );
              },
              2 * limit * 1000 + graceMs,
            )
          : undefined;
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.ref();
      w.postMessage(request(id));
    });

  const solveDetailed = (problem: Problem, opts: SolveOptions): Promise<HighsReport> => {
    if (closed) return Promise.reject(new HighsSolverError('solver.closed', 'the HiGHS solver was closed'));
    const rough = roughColumns(problem);
    if (rough > settings.maxColumns) {
      return Promise.reject(
        new HighsSolverError(
          'solver.too-large',
          `the exact model has at least ${rough} columns, more than ` +
            `the limit of ${settings.maxColumns}; use the greedy solver for an instance this size`,
        ),
      );
    }
    return enqueue(() =>
      run(
        (id): SolveRequest => ({ id, problem: plainProblem(problem), options: opts, settings }),
        opts.timeLimitSeconds,
        (m) => (m as Extract<SolveResponse, { ok: true }>).report,
      ),
    );
  };

  /** Solves run one at a time, in the order asked. */
  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job);
    queue = next.catch(() => undefined);
    return next;
  };

  const solveLp = (lp: string, columns: readonly string[]): Promise<LpReport> => {
    if (closed) return Promise.reject(new HighsSolverError('solver.closed', 'the HiGHS solver was closed'));
    return enqueue(() =>
      run(
        (id): LpRequest => ({ kind: 'lp', id, lp, columns }),
        undefined,
        (m) => (m as Extract<LpResponse, { ok: true }>).lp,
      ),
    );
  };

  return {
    name: 'highs',
    solveDetailed,
    solveLp,
    solve: (problem: Problem, opts: SolveOptions): Promise<Solution> =>
      solveDetailed(problem, opts).then((r) => r.solution),
    close: async (): Promise<void> => {
      closed = true;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
