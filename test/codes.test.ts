/**
 * The catalogue of codes (src/core/codes.ts), docs/codes.md and the code base agree: the docs are the catalogue's
 * rendering (regenerate with `npx tsx scripts/gen-codes.ts`), every code the docs list is catalogued and the other
 * way round, and every code literal written in src/ is in the catalogue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODES, FILTER_NAMES, isCode } from '../src/core/codes.js';
import { renderCodesMarkdown } from '../src/core/codes-doc.js';
import { DEFAULT_PROFILE } from '../src/engine/profile.js';
import { REPO_ROOT } from './cli/helpers.js';

const docs = readFileSync(join(REPO_ROOT, 'docs/codes.md'), 'utf8');
const catalogued = Object.keys(CODES);

test('docs/codes.md is generated from the catalogue and is up to date (npx tsx scripts/gen-codes.ts)', () => {
  assert.equal(docs, renderCodesMarkdown());
});

test('every catalogued code is in docs/codes.md, and every code the docs list is catalogued', () => {
  const listed = [...docs.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  assert.deepEqual([...listed].sort(), [...catalogued].sort());
  assert.equal(new Set(listed).size, listed.length, 'a code is listed twice');
});

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** Families: what comes before the first dot of a catalogued code (`unit`, `why`, `usage`, …). */
const families = new Set(catalogued.filter((c) => c.includes('.')).map((c) => c.slice(0, c.indexOf('.'))));
/** A quoted literal shaped like a code of a known family (file names such as `policy.ts` are not codes). */
const LITERAL = /(['"`])([a-z][a-z0-9-]*)\.([a-z0-9-]+(?:\.[a-z0-9-]+)*)(\$\{)?/g;
const FILE = /\.(ts|js|mjs|json|md|csv|yaml|yml|html|svg|txt)$/;

test('every code literal in src/ is in the catalogue', () => {
  const unknown: string[] = [];
  let seen = 0;
  for (const file of sources(join(REPO_ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(LITERAL)) {
      const [, quote, family, rest, template] = m;
      if (!families.has(family!)) continue;
      const code = `${family}.${rest}`;
      if (FILE.test(code)) continue;
      if (template) {
        // `why.${filter}`, `rejected.${filter}`, `workload.${status}`: a family whose members are catalogued.
        assert.equal(quote, '`');
        if (!catalogued.some((c) => c.startsWith(code))) unknown.push(`${file}: ${code}\${…}`);
      } else if (!isCode(code)) unknown.push(`${file}: ${code}`);
      seen++;
    }
  }
  assert.deepEqual(unknown, []);
  assert.ok(seen > 150, `only ${seen} code literals found: the scan is broken`);
});

test('every code a message shows in brackets ([family.code]) in src/ is in the catalogue', () => {
  const unknown: string[] = [];
  for (const file of sources(join(REPO_ROOT, 'src')))
    for (const m of readFileSync(file, 'utf8').matchAll(/\[([a-z][a-z0-9-]*\.[a-z0-9-]+(?:\.[a-z0-9-]+)*)\]/g)) {
      const code = m[1]!;
      if (families.has(code.slice(0, code.indexOf('.'))) && !isCode(code)) unknown.push(`${file}: ${code}`);
    }
  assert.deepEqual(unknown, []);
});

test("the filters' names are the catalogue's FILTER_NAMES, and every why.<filter>/rejected.<filter> is catalogued", () => {
  assert.deepEqual(DEFAULT_PROFILE.filters.map((f) => f.name).sort(), [...FILTER_NAMES].sort());
  for (const f of [...FILTER_NAMES]) {
    assert.ok(isCode(`why.${f}`), f);
    assert.ok(isCode(`rejected.${f}`), f);
  }
  assert.ok(isCode('rejected.dominated'));
});

test('every catalogue entry has a meaning, an example and a params shape', () => {
  for (const [code, c] of Object.entries(CODES)) {
    assert.match(code, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/, code);
    assert.ok(c.meaning.length > 8 && c.example.length > 0 && c.params.length > 0, code);
  }
});
