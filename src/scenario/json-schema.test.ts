import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderScenarioJsonSchema } from './schema.js';
import { readRepoFile } from './test-support/ref.js';

test('schema/scenario.schema.json is up to date (regenerate with `npx tsx scripts/gen-schema.ts`)', () => {
  assert.equal(readRepoFile('schema/scenario.schema.json'), renderScenarioJsonSchema());
});

test('the JSON Schema carries the unit patterns and the documented defaults', () => {
  const s = JSON.parse(renderScenarioJsonSchema()) as {
    properties: Record<string, { properties?: Record<string, { pattern?: string; description?: string }> }>;
  };
  const horizon = s.properties.horizon!.properties!;
  assert.ok(new RegExp(horizon.length!.pattern!).test('3y'));
  assert.ok(!new RegExp(horizon.length!.pattern!).test('3 years'));
  assert.match(horizon.bucket!.description!, /default '1mo'/);
});
