/**
 * `skypilot-like` against hand-checked answers: it launches on the offering of least hourly list price (not the least
 * price for the work: a slower GPU that is cheaper per hour wins), and it honours contract clauses (exclusivity) as
 * skyfleet does, where cheapest-first does not know them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { listFloor } from '../../src/sim/policy.js';
import { parsePolicy } from '../../src/sim/policies/index.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { skypilotLikePolicy } from '../../src/sim/policies/skypilot-like.js';
import { input, scenario } from './support.js';

const JOB =
  '{ id: job, kind: training, gpus: [H100, B200], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }';

test('the policy parser knows skypilot-like', () => {
  const p = parsePolicy('skypilot-like', ['aws']);
  assert.ok(p.ok && p.value === skypilotLikePolicy);
  assert.ok(skypilotLikePolicy.blocklist && skypilotLikePolicy.clauses);
});

test('cheapest per hour, not per unit of work: the H100 gang where cheapest-first takes the faster B200', () => {
  const s = scenario(`
name: hourly
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 64, regions: [europe-central-1], interconnect: 8 }
workloads:
  - ${JOB}
`);
  const world = buildWorld(s, s.request.horizon);
  const w = s.request.workloads[0]!;
  assert.ok(w.kind === 'training');
  const cands = world.candidates(w, 8, { clauses: true });
  const argmin = (f: (k: number) => number): number => cands.reduce((b, _, k) => (f(k) < f(b) ? k : b), 0);
  const perHour = argmin((k) => listFloor(world, cands[k]!));
  const perWork = argmin((k) => listFloor(world, cands[k]!) / cands[k]!.rel);
  const gpu = (k: number): string => world.pools[cands[k]!.pool]!.gpu;
  // The premise, from the catalog and the throughput table: H100 is cheaper per hour, B200 per unit of work.
  assert.equal(gpu(perHour), 'H100');
  assert.equal(gpu(perWork), 'B200');
  const sky = simulate(input(s), skypilotLikePolicy, { seed: 1, world });
  const cf = simulate(input(s), cheapestFirstPolicy, { seed: 1, world });
  assert.equal(sky.jobs.completionHours.mean, 10 / cands[perHour]!.rel);
  assert.ok(Math.abs(cf.jobs.completionHours.mean! - 10 / cands[perWork]!.rel) < 1e-9);
  assert.ok(sky.cost.billedCents > cf.cost.billedCents, 'the hourly choice costs more for the same work');
});

test('exclusivity is honoured: the class runs on the provider its contract names, even when dearer', () => {
  const s = scenario(`
name: exclusive
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 64, regions: [us-east-1], interconnect: 8 }
  aws: { quota: 64, regions: [us-east-1], interconnect: 8 }
contracts:
  - { id: c, provider: aws, start: 2027-01-01, term: 2d, exclusivity: [x], commitment: { periods: [ { length: 2d, minimum: 1 USD } ] } }
workloads:
  - { id: job, kind: training, class: x, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [committed, on-demand] }
`);
  const sky = simulate(input(s), skypilotLikePolicy, { seed: 1 });
  const cf = simulate(input(s), cheapestFirstPolicy, { seed: 1 });
  assert.equal(sky.jobs.finished, 1);
  // aws bills the job (and its 1 USD minimum is burned); lambda nothing.
  assert.ok(sky.cost.byProviderCents.aws! > 100 && sky.cost.byProviderCents.lambda === 0);
  assert.equal(sky.cost.shortfallCents, 0);
  // cheapest-first, blind to the clause, takes lambda's cheaper H100 and leaves aws's 1 USD minimum as shortfall.
  assert.ok(
    cf.cost.byProviderCents.lambda! > 0 && cf.cost.byProviderCents.aws === 100,
    'the premise: lambda is cheaper',
  );
});
