import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../engine/problem.js';
import { evaluate } from '../engine/objective.js';
import { tinyProblem, unitsByPool } from '../engine/solvers/test-support/fixtures.js';
import { close, violations } from '../engine/solvers/test-support/check.js';
import { createHighsSolver } from './highs-solver.js';
import { DEFAULT_SETTINGS, highsOptionsFor, type HighsReport } from './run.js';
import { DEFAULT_LIMITS } from '../engine/solvers/solver.js';
import { DEFAULT_PROFILE } from '../engine/profile.js';
import { plan } from '../engine/plan.js';
import { contract, inference, request, snapshot, T0, training, usdCommitment } from '../engine/test-support/build.js';
import { MESSAGES, reasonText } from '../messages/index.js';

const solver = createHighsSolver();
after(() => solver.close());

/** Solves, checks the plan against every hard limit and the reported cost against objective.ts, returns both. */
async function solve(
  problem: Problem,
  integer = true,
): Promise<{ report: HighsReport; bill: number; byPool: Record<number, number> }> {
  const report = await solver.solveDetailed(problem, { integer, timeLimitSeconds: 30 });
  assert.equal(report.solution.status, 'optimal');
  assert.deepEqual(violations(problem, report.solution, { fractional: !integer }), []);
  const bill = evaluate(problem, report.solution).bill;
  // The relaxation pays for fractional replicas; evaluate() rounds them up to whole ones (instances), so it can only
  // be dearer there.
  assert.ok(
    integer ? close(bill, report.objective.cost) : bill >= report.objective.cost - 1e-6 * Math.max(1, bill),
    `evaluate().bill ${bill} vs model cost ${report.objective.cost}`,
  );
  return { report, bill, byPool: unitsByPool(problem, report.solution.assignments) };
}

test('(a) the cheapest pool wins; a preference is no cost: the MIP minimises the bill alone', async () => {
  const p = tinyProblem({
    pools: [
      { provider: 'a', price: 3 },
      { provider: 'b', price: 2 },
      { provider: 'c', price: 2.5 },
    ],
    items: [{}],
  });
  const { bill, byPool } = await solve(p);
  assert.deepEqual(byPool, { 1: 1 });
  assert.equal(bill, 16); // 8 GPUs × 1 h × $2
  // Pool 0 is $4 cheaper but carries a $100 preference penalty (e.g. a GPU further down the workload's list): the
  // MIP's objective is the bill, so it still takes pool 0 (the greedy weighs preferences; plan.ts keeps its plan when
  // the bills tie).
  const pref = tinyProblem({
    pools: [
      { provider: 'a', price: 2 },
      { provider: 'b', price: 2.5 },
    ],
    items: [{ preference: { 0: 100, 1: 0 } }],
  });
  const r = await solve(pref);
  assert.deepEqual(r.byPool, { 0: 1 });
  assert.equal(r.bill, 16);
  assert.equal(r.report.highsObjective, 16);
});

test('(b) capacity forces the second gang, and part of a divisible item, onto the next pool', async () => {
  const gangs = tinyProblem({
    pools: [
      { provider: 'a', price: 2 },
      { provider: 'b', price: 1, groups: [0] },
    ],
    groups: [{ capacity: 8 }],
    items: [{}, {}],
  });
  const g = await solve(gangs);
  assert.deepEqual(g.byPool, { 0: 1, 1: 1 });
  assert.equal(g.bill, 24); // 8 on b at $1 + 8 on a at $2
  const split = tinyProblem({
    pools: [
      { provider: 'a', price: 2 },
      { provider: 'b', price: 1, groups: [0] },
    ],
    groups: [{ capacity: 6 }],
    items: [{ units: 10, divisible: true, gpus: 1 }],
  });
  const s = await solve(split);
  assert.deepEqual(s.byPool, { 0: 4, 1: 6 });
  assert.equal(s.bill, 14);
});

test('(c) a USD take-or-pay commitment is free until burned and beats a cheaper list price', async () => {
  const p = tinyProblem({
    bucketHours: 10,
    pools: [
      { provider: 'aws', price: 2, tier: 'committed', burns: 0 },
      { provider: 'gcp', price: 1.5 },
    ],
    terms: [{ provider: 'aws', minimum: 1000 }],
    items: [{}],
  });
  const { bill, byPool } = await solve(p);
  assert.deepEqual(byPool, { 0: 1 }); // $160 burned on aws rather than $120 on gcp
  assert.equal(bill, 1000); // the minimum, paid anyway
  assert.equal(evaluate(p, await solver.solve(p, { integer: true, timeLimitSeconds: 30 })).incremental, 0);
});

test('(d) carry-forward: part of an unburned minimum moves into the next period and changes the choice', async () => {
  const build = (f: number): Problem =>
    tinyProblem({
      buckets: 2,
      pools: [
        { provider: 'aws', price: 30, tier: 'committed', burns: [0, 1] },
        { provider: 'gcp', price: 12.5 },
      ],
      terms: [
        { provider: 'aws', minimum: 100, next: 1, carryForwardFraction: f },
        { provider: 'aws', minimum: 100 },
      ],
      items: [{ first: 1, last: 1 }], // $240 on aws, $100 on gcp, in the second period only
    });
  const carried = build(0.5);
  const c = await solve(carried);
  assert.deepEqual(c.byPool, { 0: 1 });
  assert.equal(c.bill, 290); // 50 paid in period 1, 50 carried; 240 burns 150 in period 2
  assert.equal(evaluate(carried, c.report.solution).commitments[1]!.carryIn, 50);
  const none = await solve(build(0));
  assert.deepEqual(none.byPool, { 1: 1 });
  assert.equal(none.bill, 300); // 100 + 100 on gcp + 100
});

test('(e) unplaceable items stay unplaced with a reason, and the rest is still planned', async () => {
  const p = tinyProblem({
    pools: [{ provider: 'a', price: 1, groups: [0] }],
    groups: [{ capacity: 8 }],
    items: [{ pools: [] }, { gpus: 16 }, {}],
  });
  const { report, bill } = await solve(p);
  assert.deepEqual(report.solution.assignments[0], []);
  assert.deepEqual(report.solution.assignments[1], []);
  assert.equal(report.solution.assignments[2]!.length, 1);
  assert.equal(bill, 8);
  assert.equal(report.solution.unplacedReasons?.[0]?.code, 'unplaced.no-feasible-candidate');
  assert.equal(report.solution.unplacedReasons?.[1]?.code, 'unplaced.no-room');
  assert.match(reasonText(report.solution.unplacedReasons![0]!), /no feasible candidate/);
  assert.match(reasonText(report.solution.unplacedReasons![1]!), /capacity/);
  assert.equal(report.solution.unplacedReasons?.[2], undefined);
});

test('(f) a spend-share cap binds, counting sunk charges', async () => {
  const p = tinyProblem({
    pools: [
      { provider: 'aws', price: 1 },
      { provider: 'gcp', price: 2 },
    ],
    items: [{ units: 10, divisible: true, gpus: 1 }],
    maxSpendShare: { aws: 0.5 },
    sunkByProvider: { aws: 2 },
  });
  // a units on aws: a + 2 ≤ 0.5 (a + 2 + 2 (10 − a)) ⇔ a ≤ 6
  const mip = await solve(p);
  assert.deepEqual(mip.byPool, { 0: 6, 1: 4 });
  assert.equal(mip.bill, 16);
  const lp = await solve(p, false);
  assert.ok(close(lp.report.solution.lowerBound ?? Number.NaN, 16));
});

test('(g) right of first refusal: the first-refusal provider when it has room, elsewhere when it has not', async () => {
  const build = (azureGpus: number): Problem =>
    tinyProblem({
      pools: [
        { provider: 'azure', price: 3, groups: [0] },
        { provider: 'aws', price: 1 },
      ],
      groups: [{ capacity: azureGpus }],
      items: [{ firstRefusal: ['azure'] }],
    });
  const roomy = await solve(build(8));
  assert.deepEqual(roomy.byPool, { 0: 1 });
  assert.equal(roomy.bill, 24);
  const full = await solve(build(4));
  assert.deepEqual(full.byPool, { 1: 1 });
  assert.ok(
    full.report.solution.notes.some(
      (n) => n.code === 'note.outside-first-refusal' && /first-refusal/.test(reasonText(n)),
    ),
  );
});

test('a GPU-hour commitment is valued at its shortfall rate', async () => {
  const p = tinyProblem({
    bucketHours: 10,
    pools: [
      { provider: 'gcp', price: 1.5, tier: 'committed', burns: 0 },
      { provider: 'aws', price: 1.2 },
    ],
    terms: [{ provider: 'gcp', unit: 'gpu-hours', minimum: 100, shortfallRate: 1.5 }],
    items: [{}],
  });
  const { bill, byPool } = await solve(p);
  assert.deepEqual(byPool, { 0: 1 });
  assert.equal(bill, 150); // 80 GPU-h at $1.5 + 20 GPU-h short at $1.5
});

test('spread, GPU share and team budget limits', async () => {
  const pools = [
    { provider: 'aws', price: 1 },
    { provider: 'gcp', price: 2 },
  ];
  const spread = await solve(
    tinyProblem({ pools, items: [{ units: 10, divisible: true, gpus: 1, maxUnitsPerProvider: 6 }] }),
  );
  assert.deepEqual(spread.byPool, { 0: 6, 1: 4 });
  const share = await solve(
    tinyProblem({ pools, items: [{ units: 10, divisible: true, gpus: 1 }], maxGpuShare: { aws: 0.7 } }),
  );
  assert.deepEqual(share.byPool, { 0: 7, 1: 3 });
  const enough = await solve(tinyProblem({ pools, items: [{ team: 'ml' }], teamBudgets: { ml: 10 } }));
  assert.deepEqual(enough.byPool, { 0: 1 }); // 8 GPUs × 1 h × $1 = 8 ≤ 10
  const poor = await solve(tinyProblem({ pools, items: [{ team: 'ml' }, { team: 'web' }], teamBudgets: { ml: 5 } }));
  assert.deepEqual(poor.report.solution.assignments[0], []);
  assert.equal(poor.bill, 8); // only the other team's gang
});

test('minimum providers: served by that many providers, or not at all', async () => {
  const pools = [
    { provider: 'aws', price: 1 },
    { provider: 'gcp', price: 2 },
    { provider: 'azure', price: 3 },
  ];
  const three = await solve(tinyProblem({ pools, items: [{ units: 4, divisible: true, gpus: 1, minProviders: 3 }] }));
  assert.deepEqual(three.byPool, { 0: 2, 1: 1, 2: 1 });
  assert.equal(three.bill, 7);
  const two = await solve(
    tinyProblem({ pools: pools.slice(0, 2), items: [{ units: 4, divisible: true, gpus: 1, minProviders: 3 }] }),
  );
  assert.deepEqual(two.byPool, {});
});

test('whole replicas count against capacity in integer mode; the LP bound relaxes them', async () => {
  const p = tinyProblem({
    pools: [
      { provider: 'aws', price: 1, groups: [0] },
      { provider: 'gcp', price: 2 },
    ],
    groups: [{ capacity: 12 }],
    items: [{ units: 6, divisible: true, gpus: 4, unitsPerReplica: 2, replicaGpus: 8 }],
  });
  const mip = await solve(p);
  assert.deepEqual(mip.byPool, { 0: 2, 1: 4 }); // one 8-GPU replica fits in 12 GPUs: 2 units
  assert.equal(mip.bill, 40); // whole replicas are paid for: 8 GPUs × $1 + 16 GPUs × $2
  const lp = await solve(p, false);
  assert.deepEqual(lp.byPool, { 0: 3, 1: 3 });
  assert.equal(lp.report.solution.lowerBound, 36);
});

test('frontier scale ($1e10 gangs, a $38B commitment) stays well-conditioned and exact', async () => {
  const hours = 8760;
  const p = tinyProblem({
    buckets: 7,
    bucketHours: hours,
    pools: [
      { provider: 'aws', price: 2.5, tier: 'committed', burns: 0, groups: [0] },
      { provider: 'oci', price: 2.0, groups: [1] },
      { provider: 'azure', price: 2.2 },
    ],
    groups: [{ capacity: 250_000 }, { capacity: 200_000 }],
    terms: [{ provider: 'aws', minimum: 38e9 }],
    items: [{ gpus: 100_000 }, { gpus: 100_000 }, { gpus: 100_000 }, { gpus: 8, last: 0 }],
  });
  const { bill, byPool } = await solve(p);
  // Two gangs burn $30.7B of the commitment on aws (room for 250k GPUs); the third is cheapest on oci; the small
  // gang fits in aws's remaining room, where it costs nothing more while the minimum is unburned.
  assert.deepEqual(byPool, { 0: 3, 1: 1 });
  assert.ok(close(bill, 38e9 + 100_000 * 7 * hours * 2.0, 1e-9));
});

test('HiGHS is bounded by counts, never by the clock: one thread, a fixed seed, node and iteration limits; time_limit is the safety net', () => {
  const d = highsOptionsFor(
    { integer: true, timeLimitSeconds: DEFAULT_PROFILE.safetyTimeLimitSeconds },
    DEFAULT_SETTINGS,
  );
  assert.equal(d['threads'], 1);
  assert.equal(d['random_seed'], 0);
  assert.equal(d['mip_max_nodes'], DEFAULT_LIMITS.mipMaxNodes);
  assert.equal(d['simplex_iteration_limit'], DEFAULT_LIMITS.lpIterationLimit);
  assert.ok((d['time_limit'] as number) >= 120, 'the wall-clock limit sits far beyond any solve the counts allow');
  const set = highsOptionsFor(
    { integer: true, mipMaxNodes: 7, lpIterationLimit: 9.5, timeLimitSeconds: 0 },
    DEFAULT_SETTINGS,
  );
  assert.deepEqual([set['mip_max_nodes'], set['simplex_iteration_limit'], 'time_limit' in set], [7, 9, false]);
});

test('a MIP stopped by its node limit says so, and the plan reports the greedy with the reason', async () => {
  const snap = snapshot({
    contracts: [
      contract('aws-deal', 'aws', {
        commitment: usdCommitment(100_000),
      }),
    ],
  });
  const req = request([training('t'), training('u', { gpuCount: 32 }), inference('s')]);
  const profile = { ...DEFAULT_PROFILE, mipMaxNodes: 0 };
  const first = await plan(snap, req, profile, { now: T0, seed: 1, exact: solver, words: MESSAGES });
  assert.equal(first.solver.used, 'greedy');
  assert.match(
    first.solver.notes.join('\n'),
    /exact solver failed \(HiGHS stopped at its node limit before finding any feasible plan\): greedy used/,
  );
  const again = await plan(snap, req, profile, { now: T0, seed: 1, exact: solver, words: MESSAGES });
  assert.equal(JSON.stringify(again), JSON.stringify(first));
  const full = await plan(snap, req, DEFAULT_PROFILE, { now: T0, seed: 1, exact: solver, words: MESSAGES });
  assert.equal(full.solver.exactStatus, 'optimal');
  assert.ok(full.solver.lowerBoundCents !== undefined && full.solver.lowerBoundCents <= full.totals.billCents + 1);
});

test('a placement pays for whole replicas (blocks of instances): 5 units of 2-unit replicas cost 3 replicas', async () => {
  const p = tinyProblem({
    pools: [{ provider: 'aws', price: 1 }],
    items: [{ units: 5, divisible: true, gpus: 4, unitsPerReplica: 2, replicaGpus: 8 }],
  });
  const mip = await solve(p); // solve() also checks that the model's cost equals evaluate().bill
  assert.deepEqual(mip.byPool, { 0: 5 });
  assert.equal(mip.bill, 24); // 3 replicas × 8 GPUs × $1, not 5 units × 4 GPUs × $1
});
