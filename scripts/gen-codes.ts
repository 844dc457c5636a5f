// Writes docs/codes.md from the catalogue in src/core/codes.ts.
// Usage: npx tsx scripts/gen-codes.ts   — test/codes.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCodesMarkdown } from '../src/core/codes-doc.js';

const out = fileURLToPath(new URL('../docs/codes.md', import.meta.url));
writeFileSync(out, renderCodesMarkdown());
console.log(`wrote ${out}`);
