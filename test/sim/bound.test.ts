/** offline-optimal is never above any online policy's effective cost (property test over random tiny worlds, with gangs
 * of a whole provider, gangs that round up to whole instances, inference beside them), and hand-made cases whose
 * optimum is known: gangs, one gang at a time, deadlines, a big gang beside inference, and hindsight's LP plan. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import {
  boundFromAnswer,
  buildBoundModel,
  offlineOptimal,
  UNCONDITIONAL_BOUND,
} from '../../src/sim/offline-optimal.js';
import { lpSolve } from './lp-solve.js';
import { simulateHindsight } from '../../src/sim/hindsight-run.js';
import { planFromBound } from '../../src/sim/policies/lp-plan.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { singleProviderPolicy } from '../../src/sim/policies/single.js';
import { H, T0, input, scenario } from './support.js';

const job = fc.record({
  day: fc.integer({ min: 0, max: 5 }),
  count: fc.constantFrom(1, 2, 4, 8, 12, 16),
  work: fc.integer({ min: 1, max: 400 }),
  spot: fc.boolean(),
});

test('offline-optimal <= every policy (single, cheapest-first, skyfleet), random jobs without deadlines or spread rule, outages and contracts', async () => {
  const solve = await lpSolve();
  await fc.assert(
    fc.asyncProperty(
      fc.array(job, { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 4 }),
      fc.option(fc.record({ day: fc.integer({ min: 0, max: 6 }), hours: fc.integer({ min: 1, max: 48 }) }), {
        nil: undefined,
      }),
      fc.integer({ min: 1, max: 50 }),
      async (jobs, minimum, replicas, outage, seed) => {
        const yaml = `
name: prop
horizon: { start: 2027-01-01, length: 1w, bucket: 1d }
providers:
  aws: { quota: 16, regions: [us-east-1], interconnect: 16, spot: { preemptionsPerHour: 0.2, capacityShare: 50% } }
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
contracts:
  - { id: c, provider: aws, start: 2027-01-01, term: 1w, discount: 10%, commitment: { periods: [ { length: 1w, minimum: ${minimum} USD } ] } }
workloads:
${jobs.map((j, k) => `  - { id: j${k}, kind: batch, gpus: [H100], count: ${j.count}, work: ${j.work} GPU-h, start: 2027-01-0${1 + j.day}, tiers: [committed, on-demand${j.spot ? ', spot' : ''}] }`).join('\n')}
${replicas > 0 ? `  - { id: svc, kind: inference, gpus: [H100], gpusPerReplica: 1, demand: { us: ${replicas} replicas } }` : ''}
`;
        const s = scenario(yaml);
        const outages = outage
          ? [
              {
                provider: 'aws',
                region: '*',
                start: T0 + outage.day * 24 * H,
                end: T0 + outage.day * 24 * H + outage.hours * H,
              },
            ]
          : [];
        const inp = input(s, outages);
        const world = buildWorld(s, s.request.horizon);
        const lb = offlineOptimal(inp, world, solve);
        for (const policy of [
          skyfleetPolicy,
          cheapestFirstPolicy,
          singleProviderPolicy('aws'),
          singleProviderPolicy('lambda'),
        ]) {
          const r = simulate(inp, policy, { seed, world });
          // Tolerance: half a cent per ledger posting (rounding) plus the LP's relative tolerance.
          const tol = 0.005 * r.ledger.postings + 1e-6 * Math.max(1, r.cost.effectiveUsd);
          assert.ok(
            lb.effectiveUsd <= r.cost.effectiveUsd + tol,
            `${policy.name}: bound ${lb.effectiveUsd} > ${r.cost.effectiveUsd}`,
          );
        }
      },
    ),
    { numRuns: 25, seed: 42 },
  );
});

// Hand-made cases whose optimum is known. nebius sells H100 at 2.95 USD/GPU-h, lambda at 3.29 (the bundled catalog).
const twoClouds = (nebiusQuota: number, lambdaQuota: number, job: string): string => `
name: known
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  nebius: { quota: ${nebiusQuota}, regions: [eu-north1], interconnect: 16 }
  lambda: { quota: ${lambdaQuota}, regions: [us-east-1], interconnect: 16 }
workloads:
  - { id: job, kind: training, gpus: [H100], ${job}, checkpointEvery: 1h, tiers: [on-demand] }
`;

async function boundAndRun(yaml: string): Promise<{ bound: number; fluid: number; run: number; price: number }> {
  const solve = await lpSolve();
  const s = scenario(yaml);
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  return {
    bound: offlineOptimal(inp, world, solve).effectiveUsd,
    fluid: offlineOptimal(inp, world, solve, { gangs: false, parallelism: false, bigGangs: false }).effectiveUsd,
    run: simulate(inp, skyfleetPolicy, { seed: 1, world }).cost.effectiveUsd,
    price: world.unservedPricePerH100Hour,
  };
}

test('a gang larger than the cheap pool: the bound prices it where it fits (lambda), as the optimum does', async () => {
  // 16 GPUs for 10 h; nebius holds 8 GPUs only. The fluid model ran it on nebius (160 × 2.95 = 472).
  const r = await boundAndRun(twoClouds(8, 16, 'count: 16, work: 160 GPU-h'));
  assert.ok(Math.abs(r.fluid - 160 * 2.95) < 1e-6, `fluid ${r.fluid}`);
  assert.ok(Math.abs(r.bound - 160 * 3.29) < 1e-6, `bound ${r.bound}`);
  assert.ok(Math.abs(r.run - 160 * 3.29) < 1e-6, `skyfleet ${r.run}`);
});

test('a job that cannot finish in the horizon: one gang at a time, the rest is unserved in the bound too', async () => {
  // 8 GPUs, 480 GPU-h of work = 60 h; the horizon is 48 h, so at most 384 GPU-h are done (on nebius) and 96 are not.
  // The fluid model ran 16 GPUs' worth at once and finished it all.
  const r = await boundAndRun(twoClouds(16, 16, 'count: 8, work: 480 GPU-h'));
  assert.ok(Math.abs(r.fluid - 480 * 2.95) < 1e-6, `fluid ${r.fluid}`);
  const optimum = 384 * 2.95 + 96 * r.price;
  assert.ok(Math.abs(r.bound - optimum) < 1e-6, `bound ${r.bound} vs ${optimum}`);
  assert.ok(Math.abs(r.run - optimum) < 1e-6, `skyfleet ${r.run} vs ${optimum}`);
});

test('a deadline the job cannot meet: relaxed to its earliest finish; late work is still done and billed', async () => {
  // 8 GPUs × 10 h due after 5 h: no schedule meets it, so the bound relaxes the deadline to the job's earliest
  // feasible finish (the end of the first day bucket); the optimum runs it all on nebius, late (the simulator counts
  // the miss, no money); the bound is that cost, not a penalty.
  const yaml = twoClouds(8, 8, 'count: 8, work: 80 GPU-h').replace(
    'checkpointEvery: 1h,',
    'checkpointEvery: 1h, deadline: 2027-01-01T05:00:00Z,',
  );
  const r = await boundAndRun(yaml);
  assert.ok(Math.abs(r.bound - 80 * 2.95) < 1e-6, `bound ${r.bound}`);
  assert.ok(Math.abs(r.run - 80 * 2.95) < 1e-6, `skyfleet ${r.run}`);
  const s = scenario(yaml);
  const world = buildWorld(s, s.request.horizon);
  const b = offlineOptimal(input(s), world, await lpSolve());
  assert.equal(b.relaxedDeadlines, 1);
  const loose = offlineOptimal(input(s), world, await lpSolve(), UNCONDITIONAL_BOUND);
  assert.equal(loose.relaxedDeadlines, 0);
});

const bigGang = (work: number): string => `
name: big-gang
horizon: { start: 2027-01-01, length: 1d, bucket: 1d }
providers:
  nebius: { quota: 16, regions: [eu-north1], interconnect: 16 }
  lambda: { quota: 8, regions: [europe-central-1], interconnect: 8 }
workloads:
  - { id: job, kind: training, gpus: [H100], count: 16, work: ${work} GPU-h, checkpointEvery: 1h, tiers: [on-demand] }
  - { id: svc, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { eu: 1 replicas } }
`;

test('a gang that needs a whole group beside round-the-clock inference: the bound is the optimum', async () => {
  // nebius (16 GPUs, H100 at 2.95) is the only pool a 16-GPU gang fits; one 8-GPU replica is demanded all day, on
  // nebius or on lambda's 8-GPU H100 instance (3.99). Optimum for 12 h of gang: the gang on nebius, the replica on
  // lambda meanwhile and on nebius the other 12 h. Without the big-gang rows the replica sat on nebius all day
  // beside the gang (384 GPU-h at 2.95).
  const solve = await lpSolve();
  const s = scenario(bigGang(192));
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  const without = offlineOptimal(inp, world, solve, { gangs: true, parallelism: true, bigGangs: false }).effectiveUsd;
  const bound = offlineOptimal(inp, world, solve).effectiveUsd;
  const optimum = 192 * 2.95 + 96 * 2.95 + 96 * 3.99;
  assert.ok(Math.abs(without - 384 * 2.95) < 1e-6, `without the big-gang rows ${without}`);
  assert.ok(Math.abs(bound - optimum) < 1e-6, `bound ${bound} vs ${optimum}`);
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy])
    assert.ok(bound <= simulate(inp, policy, { seed: 1, world }).cost.effectiveUsd + 1e-6);
});

test('hindsight follows the LP plan: it keeps the group free for the gang, online skyfleet fills it with the replica', async () => {
  // The gang runs all day (384 GPU-h). Online, the replica lands on nebius first and the gang never fits; the plan
  // keeps nebius for the gang and serves the replica from lambda: the optimum, which the bound meets.
  const solve = await lpSolve();
  const s = scenario(bigGang(384));
  const inp = input(s);
  const world = buildWorld(s, s.request.horizon);
  const model = buildBoundModel(inp, world);
  const bound = boundFromAnswer(model, world, solve(model.lp));
  const online = simulate(inp, skyfleetPolicy, { seed: 1, world });
  assert.equal(online.jobs.finished, 0);
  const h = simulateHindsight(inp, { seed: 1, world }, planFromBound(world, model.xColumns, bound.x));
  assert.equal(h.schedule, 'skyfleet+lp-plan');
  assert.equal(h.cost.billedCents, 384 * 295 + 192 * 399);
  assert.equal(h.cost.unservedUsd, 0);
  assert.ok(Math.abs(bound.effectiveUsd - h.cost.effectiveUsd) < 1e-6, `bound ${bound.effectiveUsd}`);
  assert.ok(h.cost.effectiveUsd < online.cost.effectiveUsd);
});
