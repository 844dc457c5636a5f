/** The worker thread that owns the HiGHS WebAssembly instance. One request at a time; answers are plain data. */
import { parentPort } from 'node:worker_threads';
import * as highsModule from 'highs';
import type { SolveRequest, SolveResponse } from './protocol.js';
import { solveModel, type HighsLike } from './run.js';

type Loader = () => Promise<unknown>;
/** The package's ESM build exports the loader as default; its CommonJS typings see it one level deeper. */
const loadHighs: Loader = (() => {
  const d = (highsModule as { default?: unknown }).default;
  if (typeof d === 'function') return d as Loader;
  return (d as { default: Loader }).default;
})();

let highs: Promise<HighsLike> | undefined;
const port = parentPort;
if (!port) throw new Error('highs-worker.ts must run in a worker thread');

port.on('message', (req: SolveRequest) => {
  void handle(req).then((res) => port.postMessage(res));
});

async function handle(req: SolveRequest): Promise<SolveResponse> {
  try {
    highs ??= loadHighs() as Promise<HighsLike>;
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
    highs = undefined; // a WebAssembly abort may leave the instance unusable: load a fresh one next time
    return {
      id: req.id,
      ok: false,
      code: 'solver.error',
      message: `HiGHS failed: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
