/** A scenario's time bucket is at least one hour: a shorter one is an issue (it used to be made 1h without a word). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarioText } from './load.js';
import { bundledRef } from './test-support/ref.js';

const scenario = (bucket: string): string => `name: b
horizon: { start: 2026-12-01, length: 1mo, bucket: ${bucket} }
providers:
  aws: { quota: 8 }
workloads: []
`;

test('bucket: 1h accepted, anything shorter rejected with horizon.bucket-too-short at the bucket', () => {
  for (const ok of ['1h', '60min', '730h']) {
    const r = loadScenarioText(scenario(ok), 'b.yaml', bundledRef());
    assert.ok(r.ok, `${ok}: ${JSON.stringify(!r.ok && r.issues)}`);
    assert.equal(r.value.request.bucketHours, ok === '730h' ? 730 : 1);
  }
  for (const bad of ['59min', '30min', '0.5h', '1min']) {
    const r = loadScenarioText(scenario(bad), 'b.yaml', bundledRef());
    assert.ok(!r.ok, bad);
    const i = r.issues.find((x) => x.code === 'horizon.bucket-too-short');
    assert.ok(i, `${bad}: ${JSON.stringify(r.issues)}`);
    assert.deepEqual([i.path, i.line], [['horizon', 'bucket'], 2]);
  }
});
