import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerId } from '../../core/ids.js';
import { contract, DAY, inference, POLICY, T0, training } from '../test-support/build.js';
import { firstRefusalOf, itemSpecs, makeItem, outsideHorizon, startOf, survivalRuleOf } from './items.js';

test('items: a gang is one item; a service one item per geography it serves', () => {
  assert.deepEqual(itemSpecs(training('t')), [{ units: 1 }]);
  const svc = inference('i', {
    demand: [
      { geo: 'us', replicas: 4 },
      { geo: 'eu', replicas: 0 },
      { geo: 'ap', replicas: 2 },
    ],
  });
  assert.deepEqual(itemSpecs(svc), [
    { geo: 'us', units: 4 },
    { geo: 'ap', units: 2 },
  ]);
  assert.equal(startOf(training('t', { start: T0 }), T0 - DAY, T0 + DAY), T0 + DAY, 'nothing before now');
  assert.equal(outsideHorizon(training('t'), T0 + 5 * DAY, T0 + 5 * DAY), true);
  assert.equal(outsideHorizon(inference('i', { end: T0 }), T0, T0 + DAY), true);
  assert.equal(outsideHorizon(training('t'), T0, T0 + DAY), false);
});

test('items: first refusal from contracts in force, once per provider; the spread rule caps units per provider', () => {
  const contracts = [
    contract('a', 'aws', { rightOfFirstRefusal: ['training'] }),
    contract('b', 'aws', { rightOfFirstRefusal: ['training'] }),
    contract('c', 'gcp', { rightOfFirstRefusal: ['training'], start: T0 + DAY }),
  ];
  assert.deepEqual(firstRefusalOf(contracts, training('t'), T0), ['aws']);
  const policy = { ...POLICY, survivability: [{ tiers: [1], fraction: 0.5 }] };
  const svc = inference('i', { priority: 1 });
  const rule = survivalRuleOf(policy, 1);
  assert.equal(survivalRuleOf(policy, 2), undefined);
  const item = makeItem(3, svc, { geo: 'us', units: 4 }, [providerId('aws')], rule, [7, 8]);
  assert.equal(item.maxUnitsPerProvider, 2);
  assert.equal(item.geo, 'us');
  assert.equal(item.divisible, true);
  assert.deepEqual(item.candidates, [7, 8]);
  assert.equal(makeItem(0, training('t'), { units: 1 }, [], rule, []).maxUnitsPerProvider, 1, 'gangs are not spread');
});
