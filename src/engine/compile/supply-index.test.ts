import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offering, snapshot, training } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';

test('supply index: pools differing only by region and price form one class, cheapest first', () => {
  const snap = snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 4),
        offering('aws', 'us-west-2', 'H100', 3.5),
        offering('aws', 'us-east-1', 'B200', 6),
      ],
    },
  });
  const { index } = stages(snap, [training('t')]);
  const h100 = index.classesFor(['H100']).filter((c) => c.pools[0]!.tier === 'on-demand');
  assert.equal(h100.length, 1);
  assert.deepEqual(
    h100[0]!.pools.map((p) => p.region),
    ['us-west-2', 'us-east-1'],
  );
  assert.deepEqual(
    index.classesFor(['B200', 'H100']).map((c) => c.gpu)[0],
    'B200',
    "in the workload's order of preference",
  );
  assert.equal(index.classesFor(['B200', 'H100']), index.classesFor(['B200', 'H100']), 'kept per GPU list');
  const pool = h100[0]!.pools[0]!;
  const caps = pool.groups.map((g) => index.supply.groups[g]!.capacity[0]!);
  assert.equal(index.poolCap[pool.index]![0], Math.min(...caps), 'the tightest group');
  assert.equal(index.providerOfPool[pool.index]!.id, 'aws');
});
