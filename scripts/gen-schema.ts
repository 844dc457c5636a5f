// Writes schema/scenario.schema.json from the zod definitions in src/scenario/schema.ts (the same ones the loader uses).
// Usage: npx tsx scripts/gen-schema.ts   — src/scenario/json-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderScenarioJsonSchema } from '../src/scenario/schema.js';

const out = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));
writeFileSync(out, renderScenarioJsonSchema());
console.log(`wrote ${out}`);
