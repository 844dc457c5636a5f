import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reason } from '../../core/codes.js';
import { DEFAULT_PROFILE } from '../profile.js';
import { provider, snapshot, T0, training } from '../test-support/build.js';
import { stages } from '../test-support/compile-stages.js';
import { RejectionLog } from './rejections.js';

const w = training('t', { tiers: ['on-demand'] });
const snap = snapshot({
  providers: [provider('aws', { spotPreemptionsPerHour: 0.1 }), provider('gcp', { spotPreemptionsPerHour: 0.2 })],
});
const { admission, index } = stages(snap, [w]);
const spots = index.supply.pools.filter((p) => p.tier === 'spot');
const tierAt = DEFAULT_PROFILE.filters.findIndex((f) => f.name === 'tier');

test('rejection records: counts per filter, the words of the first rejection only', () => {
  const log = new RejectionLog(false, DEFAULT_PROFILE.filters, admission.ctx);
  for (const pool of spots) log.rejectBy(admission.evaluate(w, undefined, pool, T0), pool);
  assert.deepEqual(Object.entries(log.counts), [['tier', spots.length]]);
  assert.equal(log.samples['tier']!.pool, spots[0]!.id);
  assert.deepEqual(log.detailed, [], 'not explained: no detail');
  log.otherGpus(0);
  assert.equal(log.counts['gpu-model'], undefined, 'no pool of another GPU: no count');
  log.count('dominated', 3);
  log.dominatedShape(spots[0]!, spots[1]!);
  assert.equal(log.counts['dominated'], 4);
  assert.deepEqual(log.samples['dominated']!.reason, {
    code: 'filter.dominated.holds',
    source: 'dominated',
    params: { by: spots[1]!.id },
  });
});

test('rejection records: an explained workload gets every rejection; detail never touches counts or samples', () => {
  const log = new RejectionLog(true, DEFAULT_PROFILE.filters, admission.ctx);
  for (const pool of spots) log.rejectBy(admission.evaluate(w, undefined, pool, T0), pool);
  assert.equal(log.detailed.length, spots.length);
  const before = JSON.stringify([log.counts, log.samples]);
  log.detail(admission.evaluate(w, undefined, spots[0]!, T0), spots[0]!);
  const onDemand = index.supply.pools.find((p) => p.tier === 'on-demand')!;
  log.detail(admission.evaluate(w, undefined, onDemand, T0), onDemand, () =>
    reason('filter.dominated.twin', 'dominated', { by: 'a cheaper twin' }),
  );
  assert.equal(JSON.stringify([log.counts, log.samples]), before);
  assert.deepEqual(
    log.detailed.slice(-2).map((r) => r.filter),
    [DEFAULT_PROFILE.filters[tierAt]!.name, 'dominated'],
  );
});
