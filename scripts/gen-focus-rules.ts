// Writes docs/focus-rules.md from the rules table in src/ledger/focus/rules.ts.
// Usage: npx tsx scripts/gen-focus-rules.ts   — test/focus-rules-doc.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRulesMarkdown } from '../src/ledger/focus/rules-doc.js';

const out = fileURLToPath(new URL('../docs/focus-rules.md', import.meta.url));
writeFileSync(out, renderRulesMarkdown());
console.log(`wrote ${out}`);
