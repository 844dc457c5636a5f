/**
 * The worker thread that owns the HiGHS WebAssembly instance. One request at a time; answers are plain data. It
 * serves both needs: exact solves of a planning problem (`SolveRequest`) and the simulator's LP bound (`LpRequest`).
 */
import { parentPort } from 'node:worker_threads';
import type { LpRequest, LpResponse, SolveRequest, SolveResponse, WorkerRequest } from './protocol.js';
import { solveModel, type HighsLike } from './run.js';
import { solveLpText } from './lp.js';
import { loadHighs } from './load.js';

let highs: Promise<HighsLike> | undefined;
const port = parentPort;
if (!port) throw new Error('highs-worker.ts must run in a worker thread');

port.on('message', (req: WorkerRequest) => {
  void (req.kind === 'lp' ? handleLp(req) : handle(req)).then((res) => port.postMessage(res));
});

const failed = (id: number, e: unknown): { id: number; ok: false; code: 'solver.error'; message: string } => {
  highs = undefined; // a WebAssembly abort may leave the instance unusable: load a fresh one next time
  return {
    id,
    ok: false,
    code: 'solver.error',
    message: `HiGHS failed: ${e instanceof Error ? e.message : String(e)}`,
  };
};

async function handle(req: SolveRequest): Promise<SolveResponse> {
  try {
    highs ??= loadHighs();
    const result = solveModel(await highs, req.problem, req.options, req.settings);
    if (result.ok) return { id: req.id, ok: true, report: result.value };
    const first = result.issues[0];
    if (first?.code === 'solver.error') highs = undefined; // HiGHS threw or failed: start from a fresh instance
    return {
      id: req.id,
      ok: false,
      code: first?.code ?? 'solver.error',
      message: result.issues.map((i) => i.message).join('; '),
    };
  } catch (e) {
    return failed(req.id, e);
  }
}

async function handleLp(req: LpRequest): Promise<LpResponse> {
  try {
    highs ??= loadHighs();
    return { id: req.id, ok: true, lp: solveLpText(await highs, req.lp, req.columns) };
  } catch (e) {
    return failed(req.id, e);
  }
}
