/**
 * The online policies spread inference as the planner does (minProviders, survivability cap): the scenario's risk
 * policy binds skyfleet and the multi-provider baselines alike (issue 11: a fair comparison), so losing a provider
 * leaves part of a tier-1 service serving; a single-provider policy cannot spread and loses it all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { singleProviderPolicy } from '../../src/sim/policies/single.js';
import type { SimPolicy } from '../../src/sim/policy.js';
import type { SimResult } from '../../src/sim/result.js';
import { H, T0, input, scenario } from './support.js';

// Two providers with room for the whole service each; lambda is far cheaper per H100-hour than aws. Four 8-GPU
// replicas, tier 1, a 50% survivability rule: at most 4 − ceil(4 × 50%) = 2 replicas on one provider.
const yaml = (rules = 'survivability: [ { tiers: [1], fraction: 50% } ]', minProviders = 2, replicas = 4): string => `
name: spread
horizon: { start: 2027-01-01, length: 12h, bucket: 1h }
providers:
  lambda: { quota: 64, regions: [us-east-1], interconnect: 8 }
  aws: { quota: 64, regions: [us-east-1], interconnect: 8 }
policies: { ${rules} }
workloads:
  - { id: chat, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 8, tiers: [on-demand],
      demand: { us: ${replicas} replicas }, minProviders: ${minProviders} }
`;

// lambda fails for good at 5.5 h: the hour [5 h, 6 h) is the outage hour, re-placement comes at the 6 h tick.
const outage = { provider: 'lambda', region: '*', start: T0 + 5.5 * H, end: T0 + 48 * H };
const run = (policy: SimPolicy, y = yaml(), outages = [outage]): SimResult =>
  simulate(input(scenario(y), outages), policy, { seed: 1 });
const servedIn = (r: SimResult, hour: number): number => {
  const b = r.periods.find((p) => p.start === T0 + hour * H)!;
  return b.servedUnitHours / b.demandUnitHours;
};
/** GPU-hours per provider over the first five hours (no outage yet): 8 GPUs per replica. */
const replicasBefore = (r: SimResult, provider: string): number =>
  r.periods.slice(0, 5).reduce((s, p) => s + (p.gpuHours[provider] ?? 0), 0) / 5 / 8;

test('skyfleet and cheapest-first split a tier-1 service 2 + 2 over both providers; single:lambda puts all 4 there', () => {
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy]) {
    const r = run(policy, yaml(), []);
    assert.equal(replicasBefore(r, 'lambda'), 2, policy.name);
    assert.equal(replicasBefore(r, 'aws'), 2, policy.name);
    assert.equal(r.inference.attainment, 1);
  }
  const one = run(singleProviderPolicy('lambda'), yaml(), []);
  assert.equal(replicasBefore(one, 'lambda'), 4);
  assert.ok(
    one.cost.billedCents < run(skyfleetPolicy, yaml(), []).cost.billedCents,
    'spreading costs more without an outage',
  );
});

test('an outage of lambda: a spread service keeps half serving in the outage hour, single:lambda loses it all', () => {
  const sky = run(skyfleetPolicy);
  const cf = run(cheapestFirstPolicy);
  const one = run(singleProviderPolicy('lambda'));
  // [5 h, 5.5 h) all served; [5.5 h, 6 h) aws's half (spread) or nothing (all on lambda).
  for (const r of [sky, cf]) assert.ok(Math.abs(servedIn(r, 5) - 0.75) < 1e-9, `served ${servedIn(r, 5)}`);
  assert.ok(Math.abs(servedIn(one, 5) - 0.5) < 1e-9, `single:lambda served ${servedIn(one, 5)}`);
  // From the 6 h tick the spread policies serve everything on aws: availability first, over the cap when nowhere
  // else has room; single:lambda has nowhere to go.
  for (const r of [sky, cf]) for (let h = 6; h < 12; h++) assert.equal(servedIn(r, h), 1);
  for (let h = 6; h < 12; h++) assert.equal(servedIn(one, h), 0);
  assert.ok(sky.inference.attainment > one.inference.attainment);
});

test('after the outage ends the service is spread again (new replicas elsewhere, then the excess shed)', () => {
  const short = { ...outage, end: T0 + 7.5 * H };
  const sky = run(skyfleetPolicy, yaml(), [short]);
  const at = (h: number, p: string): number => (sky.periods[h]!.gpuHours[p] ?? 0) / 8;
  assert.equal(at(6, 'aws'), 4); // all on aws while lambda is down
  assert.equal(at(8, 'lambda'), 2); // re-spread at the 8 h tick
  assert.equal(at(8, 'aws'), 2);
  assert.equal(sky.ledger.reconciles, true);
});

test('minProviders without a survivability rule: one replica on the second provider, the rest where cheapest', () => {
  const sky = run(skyfleetPolicy, yaml('maxSpendShare: 100%'), []);
  assert.equal(replicasBefore(sky, 'lambda'), 3);
  assert.equal(replicasBefore(sky, 'aws'), 1);
  // one replica asked for: one provider is enough (the planner asks min(minProviders, units) providers)
  const one = run(skyfleetPolicy, yaml('maxSpendShare: 100%', 2, 1), []);
  assert.equal(replicasBefore(one, 'lambda'), 1);
  assert.equal(replicasBefore(one, 'aws'), 0);
});

test('single:<provider> cannot spread: everything stays on its provider', () => {
  const r = run(singleProviderPolicy('lambda'), yaml(), []);
  assert.equal(replicasBefore(r, 'lambda'), 4);
  assert.equal(replicasBefore(r, 'aws'), 0);
});

test('determinism: the same scenario and seed give the same result, to the cent', () => {
  assert.deepEqual(run(skyfleetPolicy), run(skyfleetPolicy));
  assert.deepEqual(run(skyfleetPolicy, yaml(), []), run(skyfleetPolicy, yaml(), []));
});
