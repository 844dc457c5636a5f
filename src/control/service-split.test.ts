import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeItem } from '../engine/compile/items.js';
import { maxUnitsPerProvider, survivalRuleOf } from '../engine/spread.js';
import { inference, POLICY } from '../engine/test-support/build.js';
import type { WorkloadState } from './records.js';
import { pathTo, serviceState, splitService } from './service-split.js';
import { canTransition } from './state-machine.js';

const rule50 = { ...POLICY, survivability: [{ tiers: [1], fraction: 0.5 }] };
const brief = (w: Parameters<typeof splitService>[0], policy = POLICY) =>
  splitService(w, policy).map((g) => [g.geo, g.replicas, g.siblings]);

test('split: one geography, one provider asked, no rule: one group (the service stays whole)', () => {
  assert.deepEqual(brief(inference('i', { demand: [{ geo: 'us', replicas: 4 }] })), [['us', 4, []]]);
  assert.deepEqual(brief(inference('i', { demand: [{ geo: 'us', replicas: 1 }] }), rule50).length, 1);
});

test('split: one group per geography with replicas, each group its geography share', () => {
  const w = inference('i', {
    demand: [
      { geo: 'us', replicas: 3 },
      { geo: 'eu', replicas: 0 },
      { geo: 'ap', replicas: 2 },
    ],
  });
  assert.deepEqual(brief(w), [
    ['us', 3, []],
    ['ap', 2, []],
  ]);
});

test('split: minProviders gives that many groups per geography (never more than its replicas), siblings linked', () => {
  const w = inference('i', { demand: [{ geo: 'us', replicas: 5 }], minProviders: 2 });
  assert.deepEqual(brief(w), [
    ['us', 3, [1]],
    ['us', 2, [0]],
  ]);
  const few = inference('i', { demand: [{ geo: 'us', replicas: 1 }], minProviders: 3 });
  assert.deepEqual(brief(few), [['us', 1, []]]);
  const two = inference('i', {
    demand: [
      { geo: 'us', replicas: 4 },
      { geo: 'eu', replicas: 2 },
    ],
    minProviders: 2,
  });
  assert.deepEqual(brief(two), [
    ['us', 2, [1]],
    ['us', 2, [0]],
    ['eu', 1, [3]],
    ['eu', 1, [2]],
  ]);
});

test('split: under a survivability rule no group exceeds the cap of engine/spread.ts, as the planner item has it', () => {
  for (const [replicas, fraction] of [
    [4, 0.5],
    [5, 0.5],
    [10, 0.7],
    [7, 0.34],
    [2, 0.5],
  ] as const) {
    const policy = { ...POLICY, survivability: [{ tiers: [1], fraction }] };
    const w = inference('i', { demand: [{ geo: 'us', replicas }] });
    const groups = splitService(w, policy);
    const cap = maxUnitsPerProvider(replicas, fraction);
    const item = makeItem(0, w, { geo: 'us', units: replicas }, [], survivalRuleOf(policy, 1), []);
    assert.equal(item.maxUnitsPerProvider, cap, 'the planner item has the same cap');
    assert.equal(
      groups.reduce((s, g) => s + g.replicas, 0),
      replicas,
      'every replica in one group',
    );
    assert.ok(
      groups.every((g) => g.replicas <= cap && g.maxUnitsPerProvider === cap),
      `${replicas} @ ${fraction}`,
    );
    assert.equal(groups.length, Math.ceil(replicas / cap), 'as few groups (providers) as the cap allows');
    // Each on its own provider: losing any one keeps the fraction.
    for (const g of groups) assert.ok(replicas - g.replicas >= Math.ceil(replicas * fraction));
  }
  // 4 replicas at 50%: two groups of two, on two providers.
  assert.deepEqual(brief(inference('i', { demand: [{ geo: 'us', replicas: 4 }] }), rule50), [
    ['us', 2, [1]],
    ['us', 2, [0]],
  ]);
  // A priority the rule does not cover is not spread.
  assert.equal(splitService(inference('i', { priority: 2 }), rule50).length, 1);
});

test('service state from its groups, and an allowed path to it', () => {
  assert.equal(serviceState(['running', 'running']), 'running');
  assert.equal(serviceState(['running', 'provisioning']), 'provisioning');
  assert.equal(serviceState(['running', 'placed']), 'placed');
  assert.equal(serviceState(['running', 'admitted']), 'admitted');
  assert.equal(serviceState(['running', 'held']), 'admitted');
  assert.equal(serviceState(['running', 'failed']), 'running', 'a final group is left out while others live');
  assert.equal(serviceState(['succeeded', 'succeeded']), 'succeeded');
  assert.equal(serviceState(['succeeded', 'failed']), 'failed');
  assert.equal(serviceState(['cancelled', 'failed']), 'cancelled');
  const states: WorkloadState[] = ['admitted', 'placed', 'provisioning', 'running'];
  for (const from of states)
    for (const to of [...states, 'succeeded', 'failed', 'cancelled'] as WorkloadState[]) {
      const path = pathTo(from, to);
      assert.ok(path, `${from} → ${to}`);
      let at = from;
      for (const next of path) {
        assert.ok(canTransition(at, next), `${at} → ${next}`);
        at = next;
      }
      assert.equal(at, to);
      for (const via of path.slice(0, -1)) assert.ok(['placed', 'provisioning', 'running'].includes(via));
    }
  assert.deepEqual(pathTo('running', 'admitted'), ['placed', 'admitted']);
  assert.deepEqual(pathTo('admitted', 'admitted'), []);
});
