#!/usr/bin/env node
// The command line as one file: after `tsc` has written dist/ (the modules the tests, the bench and other code
// import), esbuild bundles src/cli/main.ts with its dependencies into dist/cli/main.js (the `bin`), and the HiGHS
// worker into dist/cli/highs-worker.js, next to it, where the bundled solver looks for it. Loading one file instead
// of a few hundred modules takes ~0.08 s off every command's start (bench/RESULTS.md). `highs` stays a package:
// it loads its WebAssembly from its own directory. The control plane's packages stay packages too, loaded from
// node_modules: better-sqlite3 (a native addon), pg (an optional native binding it looks for at run time), pino (its
// transports run in worker threads from their own files), prom-client and kysely (no gain in copying them).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['highs', 'better-sqlite3', 'pg', 'pino', 'prom-client', 'kysely'],
  logLevel: 'warning',
  // commander is CommonJS: give the ES module bundle a `require` for it.
  banner: {
    js: "import { createRequire as __skyfleetRequire } from 'node:module'; const require = __skyfleetRequire(import.meta.url);",
  },
};
await build({
  ...common,
  entryPoints: { main: 'src/cli/main.ts', 'highs-worker': 'src/solver-highs/highs-worker.ts' },
  outdir: 'dist/cli',
});
chmodSync('dist/cli/main.js', 0o755);
