/**
 * Words only at the edge: src/messages (the renderer) imports only src/core and the engine's types, and nothing
 * inside — src/core, src/engine, src/sim, src/ledger, src/scenario — imports it (the engine gets words through its
 * Words port, src/engine/words.ts, which the edge fills with MESSAGES).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './cli/helpers.js';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('test-support')) out.push(p);
  }
  return out;
}

const imports = (file: string): { target: string; typeOnly: boolean }[] =>
  [...readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+['"](\.[^'"]+)['"]/gms)].map(
    (m) => ({ target: relative(REPO_ROOT, join(file, '..', m[3]!)), typeOnly: m[2] !== undefined }),
  );

test('src/messages imports src/core, and the engine only for types', () => {
  const problems: string[] = [];
  let seen = 0;
  for (const f of sources(join(REPO_ROOT, 'src/messages'))) {
    for (const { target, typeOnly } of imports(f)) {
      seen++;
      const ok =
        target.startsWith('src/core/') ||
        target.startsWith('src/messages/') ||
        (typeOnly && target.startsWith('src/engine/'));
      if (!ok) problems.push(`${relative(REPO_ROOT, f)} imports ${target}${typeOnly ? ' (types)' : ''}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(seen >= 5, `only ${seen} imports seen: the scan is broken`);
});

test('nothing inside imports the renderer: core, engine, sim, ledger and scenario return data', () => {
  const problems: string[] = [];
  for (const dir of ['src/core', 'src/engine', 'src/sim', 'src/ledger', 'src/scenario']) {
    for (const f of sources(join(REPO_ROOT, dir))) {
      for (const { target } of imports(f))
        if (target.startsWith('src/messages/')) problems.push(`${relative(REPO_ROOT, f)} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});
