/** The one place skyfleet loads HiGHS (WebAssembly): the worker (highs-worker.ts) calls it, nothing else does. */
import * as highsModule from 'highs';
import type { HighsLike } from './run.js';

type Loader = () => Promise<unknown>;

/** The package's ESM build exports the loader as default; its CommonJS typings see it one level deeper. */
const loader: Loader = (() => {
  const d = (highsModule as { default?: unknown }).default;
  if (typeof d === 'function') return d as Loader;
  return (d as { default: Loader }).default;
})();

/** A fresh HiGHS instance. */
export function loadHighs(): Promise<HighsLike> {
  return loader() as Promise<HighsLike>;
}
