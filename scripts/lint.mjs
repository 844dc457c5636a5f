// `npm run lint`: Biome checks formatting and lint rules (biome.json) and fails on any error; then a ratchet on
// non-null assertions (`x!`) in the product code: their count may only go down. The ceiling lives in
// scripts/lint-ceiling.json; lower it when you remove some (the script says when it can be lowered).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const biome = join(dirname(require.resolve('@biomejs/biome/package.json')), 'bin', 'biome');
const run = (args, opts = {}) => spawnSync(process.execPath, [biome, ...args], { encoding: 'utf8', ...opts });

const ci = run(['ci', '--diagnostic-level=error', '.'], { stdio: 'inherit' });
if (ci.status !== 0) process.exit(ci.status ?? 1);

const report = run(['lint', '--only=style/noNonNullAssertion', '--reporter=json', '--max-diagnostics=none', 'src'], {
  maxBuffer: 64 << 20,
});
const diagnostics = JSON.parse(report.stdout).diagnostics ?? [];
const product = (path) => !/\.test\.ts$|[\\/]test-support[\\/]/.test(path);
const count = diagnostics.filter(
  (d) => d.category === 'lint/style/noNonNullAssertion' && product(String(d.location?.path ?? '')),
).length;
const ceiling = JSON.parse(readFileSync(new URL('./lint-ceiling.json', import.meta.url), 'utf8')).nonNullAssertions;
if (count > ceiling) {
  console.error(
    `lint: ${count} non-null assertions in src/, more than the ceiling of ${ceiling} (scripts/lint-ceiling.json)`,
  );
  process.exit(1);
}
console.log(
  `lint: ${count} non-null assertions in src/ (ceiling ${ceiling}${count < ceiling ? `; lower it to ${count}` : ''})`,
);
