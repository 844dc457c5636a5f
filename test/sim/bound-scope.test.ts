/** The offline bound with deadlines and the risk policy's spread: never above a run that meets every deadline and
 * honours the spread (its scope), the unconditional bound never above any run, and hand-made cases whose optimum is
 * known: a deadline that forces a dearer pool, a spread that forces a second provider, a deadline no schedule meets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { offlineOptimal, UNCONDITIONAL_BOUND } from '../../src/sim/offline-optimal.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { skypilotLikePolicy } from '../../src/sim/policies/skypilot-like.js';
import { singleProviderPolicy } from '../../src/sim/policies/single.js';
import type { SimResult } from '../../src/sim/result.js';
import { inBoundScope } from '../../src/sim/metrics.js';
import { lpSolve } from './lp-solve.js';
import { H, T0, input, scenario } from './support.js';

/** The bound's scope: every deadline met, the survivability spread honoured all the time. */
const inScope = (r: SimResult): boolean =>
  inBoundScope({ deadlineMisses: r.jobs.deadlineMisses, spreadBreachUnitHours: r.inference.spreadBreachUnitHours });

const job = fc.record({
  hour: fc.integer({ min: 0, max: 60 }),
  count: fc.constantFrom(1, 2, 4, 8, 16),
  work: fc.integer({ min: 1, max: 200 }),
  spot: fc.boolean(),
  slack: fc.option(fc.integer({ min: 4, max: 72 }), { nil: undefined }),
});

test('bound <= every run that meets every deadline and honours the spread; unconditional bound <= every run', async () => {
  const solve = await lpSolve();
  let checked = 0;
  let outOfScope = 0;
  let tighter = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(job, { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 0, max: 2000 }),
      fc.constantFrom(0, 2, 3, 4),
      fc.constantFrom(0.3, 0.5, 0.6),
      fc.option(fc.record({ hour: fc.integer({ min: 0, max: 80 }), hours: fc.integer({ min: 1, max: 24 }) }), {
        nil: undefined,
      }),
      fc.integer({ min: 1, max: 50 }),
      async (jobs, minimum, replicas, fraction, outage, seed) => {
        const at = (h: number): string => new Date(T0 + h * H).toISOString();
        const yaml = `
name: prop
horizon: { start: 2027-01-01, length: 4d, bucket: 6h }
providers:
  aws: { quota: 16, regions: [us-east-1], interconnect: 16, spot: { preemptionsPerHour: 0.2, capacityShare: 50% } }
  lambda: { quota: 16, regions: [us-east-1], interconnect: 8 }
policies: { survivability: [ { tiers: [1], fraction: ${fraction * 100}% } ] }
contracts:
  - { id: c, provider: aws, start: 2027-01-01, term: 4d, discount: 10%, commitment: { periods: [ { length: 4d, minimum: ${minimum} USD } ] } }
workloads:
${jobs.map((j, k) => `  - { id: j${k}, kind: batch, gpus: [H100], count: ${j.count}, work: ${j.work} GPU-h, start: ${at(j.hour)}${j.slack ? `, deadline: ${at(j.hour + j.slack)}` : ''}, tiers: [committed, on-demand${j.spot ? ', spot' : ''}] }`).join('\n')}
${replicas > 0 ? `  - { id: svc, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 1, demand: { us: ${replicas} replicas } }` : ''}
`;
        const s = scenario(yaml);
        const outages = outage
          ? [{ provider: 'aws', region: '*', start: T0 + outage.hour * H, end: T0 + (outage.hour + outage.hours) * H }]
          : [];
        const inp = input(s, outages);
        const world = buildWorld(s, s.request.horizon);
        const lb = offlineOptimal(inp, world, solve);
        const loose = offlineOptimal(inp, world, solve, UNCONDITIONAL_BOUND);
        assert.ok(loose.effectiveUsd <= lb.effectiveUsd + 1e-6 * Math.max(1, lb.effectiveUsd), 'rows only add');
        if (lb.effectiveUsd > loose.effectiveUsd + 0.01) tighter++;
        for (const policy of [
          skyfleetPolicy,
          cheapestFirstPolicy,
          skypilotLikePolicy,
          singleProviderPolicy('aws'),
          singleProviderPolicy('lambda'),
        ]) {
          const r = simulate(inp, policy, { seed, world });
          // Tolerance: half a cent per ledger posting (rounding) plus the LP's relative tolerance.
          const tol = 0.005 * r.ledger.postings + 1e-6 * Math.max(1, r.cost.effectiveUsd);
          assert.ok(
            loose.effectiveUsd <= r.cost.effectiveUsd + tol,
            `${policy.name}: unconditional bound ${loose.effectiveUsd} > ${r.cost.effectiveUsd}`,
          );
          if (!inScope(r)) {
            outOfScope++;
            continue;
          }
          checked++;
          assert.ok(
            lb.effectiveUsd <= r.cost.effectiveUsd + tol,
            `${policy.name}: bound ${lb.effectiveUsd} > ${r.cost.effectiveUsd} (in scope: no miss, no spread breach)`,
          );
        }
      },
    ),
    { numRuns: 40, seed: 7 },
  );
  // The property held on runs in scope, and the generator makes both kinds (seed 7: 29 of 200 runs in scope, the new rows raise the bound in 27 of 40 worlds).
  assert.ok(checked >= 25, `only ${checked} runs in scope`);
  assert.ok(outOfScope >= 5, `only ${outOfScope} runs out of scope`);
  assert.ok(tighter >= 5, `deadlines and spread raised the bound in only ${tighter} cases`);
});

// nebius sells H100 at 2.95 USD/GPU-h, lambda at 3.29 (8-GPU instances on 16-GPU interconnect; the bundled catalog).
const twoJobs = (deadline: string): string => `
name: deadline-forces-dearer
horizon: { start: 2027-01-01, length: 2d, bucket: 1h }
providers:
  nebius: { quota: 8, regions: [eu-north1], interconnect: 16 }
  lambda: { quota: 8, regions: [us-east-1], interconnect: 16 }
workloads:
  - { id: a, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand]${deadline} }
  - { id: b, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand]${deadline} }
`;

test('a deadline that forces a dearer pool: two 10-hour jobs due in 10 h, the cheap pool holds one', async () => {
  const solve = await lpSolve();
  const s = scenario(twoJobs(', deadline: 2027-01-01T10:00:00Z'));
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  const bound = offlineOptimal(inp, world, solve);
  const loose = offlineOptimal(inp, world, solve, UNCONDITIONAL_BOUND);
  // Without the deadline both run on nebius, one after the other; with it one must run on lambda meanwhile.
  assert.ok(Math.abs(loose.effectiveUsd - 160 * 2.95) < 1e-6, `unconditional ${loose.effectiveUsd}`);
  const optimum = 80 * 2.95 + 80 * 3.29;
  assert.ok(Math.abs(bound.effectiveUsd - optimum) < 1e-6, `bound ${bound.effectiveUsd} vs ${optimum}`);
  assert.equal(bound.relaxedDeadlines, 0);
  assert.equal(bound.lateH100, 0);
  const run = simulate(inp, skyfleetPolicy, { seed: 1, world });
  assert.ok(inScope(run));
  assert.ok(Math.abs(run.cost.effectiveUsd - optimum) < 1e-6, `skyfleet ${run.cost.effectiveUsd}`);
});

const spreadService = `
name: spread-forces-second-provider
horizon: { start: 2027-01-01, length: 1d, bucket: 1d }
providers:
  nebius: { quota: 16, regions: [eu-north1], interconnect: 16 }
  lambda: { quota: 8, regions: [europe-central-1], interconnect: 8 }
policies: { survivability: [ { tiers: [1], fraction: 50% } ] }
workloads:
  - { id: svc, kind: inference, priority: 1, gpus: [H100], gpusPerReplica: 8, demand: { eu: 2 replicas } }
`;

test('a spread that forces a second provider: half of a tier-1 service off nebius', async () => {
  // Two 8-GPU replicas all day. Cheapest: both on nebius (2.95). Under the rule (50% survives the loss of a
  // provider) nebius serves at most 2 − ceil(1) = 1, the other on lambda's 8-GPU H100 instance (3.99).
  const solve = await lpSolve();
  const s = scenario(spreadService);
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  const bound = offlineOptimal(inp, world, solve);
  const loose = offlineOptimal(inp, world, solve, UNCONDITIONAL_BOUND);
  assert.ok(Math.abs(loose.effectiveUsd - 2 * 8 * 24 * 2.95) < 1e-6, `unconditional ${loose.effectiveUsd}`);
  const optimum = 8 * 24 * (2.95 + 3.99);
  assert.ok(Math.abs(bound.effectiveUsd - optimum) < 1e-6, `bound ${bound.effectiveUsd} vs ${optimum}`);
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy]) {
    const run = simulate(inp, policy, { seed: 1, world });
    assert.ok(inScope(run), `${policy.name} breached the spread`);
    assert.ok(Math.abs(run.cost.effectiveUsd - optimum) < 1e-6, `${policy.name} ${run.cost.effectiveUsd}`);
  }
  // single:nebius keeps both replicas there: out of the bound's scope, and cheaper than it.
  const single = simulate(inp, singleProviderPolicy('nebius'), { seed: 1, world });
  assert.ok(single.inference.spreadBreachUnitHours > 0);
  assert.ok(single.cost.effectiveUsd < bound.effectiveUsd);
});

test('a deadline no schedule meets, even alone: relaxed to its earliest finish, the LP stays feasible', async () => {
  // Job a alone: 10 h of work due 5 h after it arrives. Job b: due in 10 h, met on lambda.
  const solve = await lpSolve();
  const yaml = twoJobs('').replace(
    'work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }',
    'work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand], deadline: 2027-01-01T05:00:00Z }',
  );
  const s = scenario(yaml.replace(/(id: b,.*)\}/, '$1, deadline: 2027-01-01T10:00:00Z }'));
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  const bound = offlineOptimal(inp, world, solve);
  assert.equal(bound.status, 'Optimal');
  assert.equal(bound.relaxedDeadlines, 1);
  assert.equal(bound.lateH100, 0);
  // a relaxed to finish by 10 h: both due by then, nebius holds one of them.
  const optimum = 80 * 2.95 + 80 * 3.29;
  assert.ok(Math.abs(bound.effectiveUsd - optimum) < 1e-6, `bound ${bound.effectiveUsd} vs ${optimum}`);
  const run = simulate(inp, skyfleetPolicy, { seed: 1, world });
  assert.equal(run.jobs.deadlineMisses, 1); // a's, which no schedule meets
});
