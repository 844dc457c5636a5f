#!/usr/bin/env node
// The command line as one file: after `tsc` has written dist/ (the modules the tests, the bench and other code
// import), esbuild bundles src/cli/main.ts with its dependencies into dist/cli/main.js (the `bin`), and the HiGHS
// worker into dist/cli/highs-worker.js, next to it, where the bundled solver looks for it. Loading one file instead
// of a few hundred modules takes ~0.08 s off every command's start (bench/RESULTS.md). `highs` stays a package:
// it loads its WebAssembly from its own directory.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // better-sqlite3 finds its native addon from its own directory, pg may require pg-native, pino may start worker
  // threads from its files: they stay packages too.
  external: ['highs', 'better-sqlite3', 'pg', 'pino'],
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
