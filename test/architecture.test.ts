/** The house rules of DESIGN.md, checked: the pure core imports no `node:` module, reads no clock, environment or
 * randomness, and imports point inward (core imports nothing of the project; engine/sim/ledger only core and
 * themselves). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const PURE = ['src/core', 'src/engine', 'src/sim', 'src/ledger'];
const FORBIDDEN: readonly [RegExp, string][] = [
  [/from\s+['"]node:/, 'imports a node: module'],
  [/require\(\s*['"]node:/, 'requires a node: module'],
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now)'],
  [/new Date\(\s*\)/, 'reads the clock (new Date())'],
  [/\bperformance\.now\s*\(/, 'reads the clock (performance.now)'],
  [/\bMath\.random\s*\(/, 'uses Math.random'],
  [/\bprocess\.(env|argv|hrtime|cwd)/, 'reads the process environment'],
  [/\bcrypto\.getRandomValues/, 'uses ambient randomness'],
];

function files(dir: string): string[] {
  let out: string[] = [];
  try {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) out = out.concat(files(p));
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('test-support')) out.push(p);
    }
  } catch {
    /* folder not there yet */
  }
  return out;
}

test('the pure core reads no clock, environment or randomness and imports no node: module', () => {
  const problems: string[] = [];
  for (const dir of PURE) {
    for (const f of files(dir)) {
      const text = readFileSync(f, 'utf8');
      for (const [re, what] of FORBIDDEN) if (re.test(text)) problems.push(`${f} ${what}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(files('src/core').length > 0 && files('src/engine').length > 0, 'the check looked at real files');
});

test('imports point inward', () => {
  const allowed: Record<string, readonly string[]> = {
    'src/core': ['src/core'],
    'src/engine': ['src/core', 'src/engine'],
    'src/sim': ['src/core', 'src/engine', 'src/sim', 'src/ledger'],
    'src/ledger': ['src/core', 'src/ledger'],
  };
  const problems: string[] = [];
  for (const [dir, ok] of Object.entries(allowed)) {
    for (const f of files(dir)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from\s+['"](\.[^'"]+)['"]/g)) {
        const target = relative('.', join(f, '..', m[1]!));
        if (!ok.some((d) => target.startsWith(`${d}/`))) problems.push(`${f} imports ${target}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
