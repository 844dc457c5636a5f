/** docs/focus-rules.md is the rules table as it is (regenerate: npx tsx scripts/gen-focus-rules.ts), and rule ids
 * are unique. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderRulesMarkdown } from '../src/ledger/focus/rules-doc.js';
import { RULES } from '../src/ledger/focus/rules.js';

test('docs/focus-rules.md matches the rules table; ids are unique', () => {
  const doc = readFileSync(new URL('../docs/focus-rules.md', import.meta.url), 'utf8');
  assert.equal(doc, renderRulesMarkdown(), 'stale: run npx tsx scripts/gen-focus-rules.ts');
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `repeated ids: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(', ')}`);
});
