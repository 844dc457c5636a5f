import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offering, provider, snapshot, training } from '../test-support/build.js';
import { admitOne } from '../test-support/compile-stages.js';
import { pruneShapes, sharesTerms } from './shape-pruning.js';

test('shape pruning: a shape with no more GPUs at no higher price on the same terms drops the other', () => {
  // One region, two shapes of H100: 8-GPU instances at $4 and 4-GPU instances at $3.9 per GPU. A 4-GPU gang on the
  // 4-GPU shape holds the same for less: the 8-GPU shape (8 GPUs for a 4-GPU gang) is dominated.
  const snap = snapshot({
    providers: [provider('aws')],
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 4, undefined, 8),
        offering('aws', 'us-east-1', 'H100', 3.9, undefined, 4),
      ],
    },
  });
  const w = training('t', { gpuCount: 4, tiers: ['on-demand'] });
  const { index, log, candidates, cands } = admitOne(snap, w);
  assert.equal(candidates.length, 2);
  assert.equal(sharesTerms(candidates, 0, index.supply.pools, index.termsOf), true);
  pruneShapes(candidates, 0, cands, index.supply.pools, index.termsOf, log);
  assert.deepEqual(
    candidates.map((c) => index.supply.pools[c.pool]!.gpusPerInstance),
    [4],
  );
  assert.deepEqual(cands, [0]);
  assert.equal(log.counts['dominated'], 1);
  assert.equal(log.samples['dominated']!.reason.code, 'filter.dominated.holds');
  assert.match(String(log.samples['dominated']!.reason.params['by']), /x4/);
  assert.match(log.samples['dominated']!.pool, /x8/);
});

test('shape pruning: candidates on different terms are left alone', () => {
  const w = training('t', { tiers: ['on-demand'] });
  const { index, log, candidates, cands } = admitOne(snapshot(), w);
  const before = [...candidates];
  assert.equal(sharesTerms(candidates, 0, index.supply.pools, index.termsOf), false);
  pruneShapes(candidates, 0, cands, index.supply.pools, index.termsOf, log);
  assert.deepEqual(candidates, before);
  assert.equal(log.counts['dominated'], undefined);
});
