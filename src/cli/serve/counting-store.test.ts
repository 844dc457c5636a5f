import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cents } from '../../core/money.js';
import type { NewWorkload } from '../../control/ports.js';
import { MemoryStore } from '../../store/memory-store.js';
import { countingPlacements } from './counting-store.js';

const placement = {
  provider: 'aws',
  region: 'us-east-1',
  instanceType: 'g6.xlarge',
  gpu: 'L4',
  gpusPerInstance: 1,
  instances: 1,
  spot: false,
  pricePerInstanceHourCents: cents(80),
};
const cause = { code: 'control.submitted', source: 'api' };
const created = (id: string, placed: boolean, key: string | null = null): NewWorkload => ({
  id,
  team: 'research',
  spec: { name: id, workload: { kind: 'batch' } },
  idempotencyKey: key,
  at: 0,
  cause,
  steps: [
    { state: 'admitted', at: 0, cause },
    ...(placed ? [{ state: 'placed' as const, placement, at: 0, cause }] : []),
  ],
});

test('placements are counted when created placed (group commit) and when a change places', async () => {
  let n = 0;
  const store = countingPlacements(new MemoryStore(), (k) => {
    n += k;
  });
  await store.createWorkloads([created('a', true, 'k'), created('b', false), created('c', true, 'k')]);
  assert.equal(n, 1, 'a placed; b waits; c replays a (created nothing)');
  const b = await store.getWorkload('b');
  assert.ok(b);
  await store.applyChanges([{ id: 'b', expectedVersion: b.version, state: 'placed', placement, at: 1, cause }]);
  assert.equal(n, 2);
});
