import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROFILE } from '../profile.js';
import { offering, provider, snapshot, T0, training } from '../test-support/build.js';
import { admitOne, stages } from '../test-support/compile-stages.js';

const snap = snapshot({
  providers: [provider('aws', { spotPreemptionsPerHour: 0.1 }), provider('gcp')],
  catalog: {
    offerings: [
      offering('aws', 'us-east-1', 'H100', 4, 2),
      offering('aws', 'us-west-2', 'H100', 3.5, 1.5),
      offering('gcp', 'us-central1', 'H100', 3.7),
    ],
  },
});
const nameOf = (i: number): string => DEFAULT_PROFILE.filters[i]!.name;

test('admission: the first filter that rejects a pair, or -1; with `failing`, every filter that rejects it', () => {
  const w = training('t', { tiers: ['on-demand'] });
  const { admission, index } = stages(snap, [w]);
  const spot = index.supply.pools.find((p) => p.tier === 'spot')!;
  const onDemand = index.supply.pools.find((p) => p.tier === 'on-demand')!;
  assert.equal(nameOf(admission.evaluate(w, undefined, spot, T0)), 'tier');
  assert.equal(admission.ctx.pool, spot, 'the context holds the pair');
  assert.equal(admission.evaluate(w, undefined, onDemand, T0), -1);
  assert.equal(admission.ctx.gpus, 64);
  const failing: number[] = [];
  const big = training('big', { tiers: ['on-demand'], gpuCount: 4096 });
  admission.evaluate(big, undefined, spot, T0, failing);
  assert.deepEqual(failing.map(nameOf), ['tier', 'interconnect', 'capacity']);
});

test('admission: the cheapest admitted pool of a class dominates the rest; each admitted pair becomes a candidate', () => {
  const w = training('t', { tiers: ['on-demand'] });
  const { index, log, candidates, cands } = admitOne(snap, w);
  const pools = candidates.map((c) => index.supply.pools[c.pool]!.id);
  assert.deepEqual(pools.sort(), [
    'aws/us-west-2/H100/on-demand/aws.H100.x8',
    'gcp/us-central1/H100/on-demand/gcp.H100.x8',
  ]);
  assert.deepEqual(cands, [0, 1]);
  assert.equal(log.counts['dominated'], 1, 'aws us-east-1: same class as us-west-2, dearer');
  assert.equal(log.counts['tier'], 2, 'both spot pools (region-blind: asked once for the class)');
});
