import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Problem } from '../engine/problem.js';
import { evaluate } from '../engine/objective.js';
import {
  tinyProblem,
  type ItemSpec,
  type PoolSpec,
  type ProblemSpec,
} from '../engine/solvers/test-support/fixtures.js';
import { close, violations } from '../engine/solvers/test-support/check.js';
import { createHighsSolver, HighsSolverError } from './highs-solver.js';
import type { HighsReport } from './run.js';
import { buildLpModel } from '../engine/solvers/lp-model.js';
import { scoreOf } from '../engine/solvers/lp-solution.js';
import { solveGreedy } from '../engine/solvers/greedy.js';

const solver = createHighsSolver();
after(() => solver.close());

const PROVIDERS = ['aws', 'gcp', 'azure'];
const BUCKETS = 3;

const poolArb: fc.Arbitrary<PoolSpec> = fc
  .record({
    provider: fc.constantFrom(...PROVIDERS),
    price: fc.integer({ min: 5, max: 50 }).map((p) => p / 10),
    groups: fc.constantFrom([], [0], [1], [0, 1]),
    committed: fc.boolean(),
  })
  .map(({ committed, ...p }) =>
    committed && p.provider === 'aws' ? { ...p, tier: 'committed' as const, burns: [0, 0, 1] } : p,
  );

const itemArb: fc.Arbitrary<ItemSpec> = fc
  .record({
    divisible: fc.boolean(),
    units: fc.integer({ min: 1, max: 6 }),
    gpus: fc.integer({ min: 1, max: 8 }),
    first: fc.integer({ min: 0, max: BUCKETS - 1 }),
    span: fc.integer({ min: 0, max: BUCKETS - 1 }),
    priority: fc.integer({ min: 1, max: 3 }),
    rofr: fc.boolean(),
    spread: fc.boolean(),
    minProviders: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ divisible, units, first, span, rofr, spread, minProviders, ...rest }) => ({
    ...rest,
    divisible,
    units: divisible ? units : 1,
    first,
    last: Math.min(BUCKETS - 1, first + span),
    ...(rofr ? { firstRefusal: ['gcp'] } : {}),
    ...(divisible && spread ? { maxUnitsPerProvider: Math.ceil(units / 2) } : {}),
    ...(divisible ? { minProviders } : {}),
  }));

const specArb: fc.Arbitrary<ProblemSpec> = fc
  .record({
    pools: fc.array(poolArb, { minLength: 1, maxLength: 4 }),
    caps: fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 8, max: 40 })),
    items: fc.array(itemArb, { minLength: 1, maxLength: 4 }),
    minimums: fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })),
    carry: fc.constantFrom(0, 0.5, 1),
    spendCap: fc.option(fc.constantFrom(0.5, 0.8), { nil: undefined }),
    gpuCap: fc.option(fc.constantFrom(0.6, 0.9), { nil: undefined }),
  })
  .map((s) => ({
    buckets: BUCKETS,
    pools: s.pools,
    groups: [{ capacity: s.caps[0] }, { capacity: s.caps[1] }],
    items: s.items,
    terms: [
      { provider: 'aws', minimum: s.minimums[0], next: 1, carryForwardFraction: s.carry },
      { provider: 'aws', minimum: s.minimums[1] },
    ],
    ...(s.spendCap !== undefined ? { maxSpendShare: { gcp: s.spendCap } } : {}),
    ...(s.gpuCap !== undefined ? { maxGpuShare: { azure: s.gpuCap } } : {}),
  }));

const placesAll = (p: Problem, assignments: readonly (readonly { units: number }[])[]): boolean =>
  p.items.every((it, i) => assignments[i]!.reduce((s, a) => s + a.units, 0) >= it.units - 1e-6);

/** The report, or the solver's own error (any other error fails the test). */
async function attempt(problem: Problem, integer: boolean): Promise<HighsReport | HighsSolverError> {
  try {
    return await solver.solveDetailed(problem, { integer, timeLimitSeconds: 20 });
  } catch (e) {
    if (e instanceof HighsSolverError) return e;
    throw e;
  }
}

test('(h) the LP bound never exceeds the MIP plan, and both agree with objective.ts', async () => {
  await fc.assert(
    fc.asyncProperty(specArb, async (spec) => {
      const problem = tinyProblem(spec);
      const lp = await attempt(problem, false);
      const mip = await attempt(problem, true);
      if (lp instanceof HighsSolverError) {
        // An infeasible relaxation means an infeasible MIP (only a spend-share cap can do this).
        assert.equal(lp.code, 'solver.infeasible');
        assert.ok(mip instanceof HighsSolverError && mip.code === 'solver.infeasible');
        return;
      }
      assert.ok(!(mip instanceof HighsSolverError), `MIP failed: ${String(mip)}`);
      assert.deepEqual(violations(problem, mip.solution), []);
      // With a spend-share cap the relaxation may pay shortfall it does not owe to dilute a provider's share.
      if (spec.maxSpendShare === undefined)
        assert.deepEqual(violations(problem, lp.solution, { fractional: true }), []);
      const bill = evaluate(problem, mip.solution).bill;
      assert.ok(close(bill, mip.objective.cost), `MIP bill ${bill} vs model cost ${mip.objective.cost}`);
      // The MIP plan is a feasible point of the relaxation, whose objective is cost + unplaced penalty.
      const mipPenalised = mip.objective.cost + mip.objective.penalty;
      assert.ok(
        lp.objective.total <= mipPenalised + 1e-6 * Math.max(1, mipPenalised),
        `LP ${lp.objective.total} > MIP ${mipPenalised}`,
      );
      const bound = lp.solution.lowerBound;
      assert.ok(bound !== undefined);
      if (placesAll(problem, mip.solution.assignments))
        assert.ok(bound <= bill + 1e-6 * Math.max(1, bill), `bound ${bound} > bill ${bill}`);
      if (spec.maxSpendShare === undefined) {
        const lpBill = evaluate(problem, lp.solution).bill;
        assert.ok(close(lpBill, bound), `LP bill ${lpBill} vs bound ${bound}`);
      }
    }),
    { numRuns: 20, seed: 20240611 },
  );
});

/** Inference-like items whose replicas serve 0.5–2 units (a faster or slower GPU), with a GPU-share cap that other
 * providers' replicas count toward: the case where the MIP once ran idle replicas to dilute a provider's share. */
const replicaItemArb: fc.Arbitrary<ItemSpec> = fc
  .record({
    units: fc.integer({ min: 1, max: 6 }),
    gpus: fc.constantFrom(2, 4, 8),
    upr: fc.constantFrom(0.5, 1, 1.5, 2),
    priority: fc.integer({ min: 1, max: 2 }),
    minProviders: fc.integer({ min: 1, max: 2 }),
  })
  .map(({ units, gpus, upr, priority, minProviders }) => ({
    divisible: true,
    units,
    gpus: gpus / upr,
    replicaGpus: gpus,
    unitsPerReplica: upr,
    priority,
    minProviders,
  }));

const boundSpecArb: fc.Arbitrary<ProblemSpec> = fc
  .record({
    base: specArb,
    replicas: fc.array(replicaItemArb, { minLength: 0, maxLength: 3 }),
    azure: fc.integer({ min: 5, max: 30 }).map((p) => p / 10),
  })
  .map(({ base, replicas, azure }) => ({
    ...base,
    pools: [...base.pools, { provider: 'azure', price: azure }],
    items: [...base.items, ...replicas],
    maxGpuShare: base.maxGpuShare ?? { azure: 0.6 },
  }));

const CENT = 0.01;

test("(i) a bound is a bound: LP bound ≤ exact bill ≤ greedy, and HiGHS's objective is the exact plan's bill to the cent", async () => {
  await fc.assert(
    fc.asyncProperty(boundSpecArb, async (spec) => {
      const problem = tinyProblem(spec);
      const lp = await attempt(problem, false);
      const mip = await attempt(problem, true);
      if (lp instanceof HighsSolverError || mip instanceof HighsSolverError) {
        assert.ok(lp instanceof HighsSolverError && lp.code === 'solver.infeasible', `LP: ${String(lp)}`);
        assert.ok(mip instanceof HighsSolverError && mip.code === 'solver.infeasible', `MIP: ${String(mip)}`);
        return;
      }
      assert.equal(mip.solution.status, 'optimal');
      assert.deepEqual(
        violations(problem, mip.solution),
        [],
        'the exact plan keeps every hard limit, counting whole replicas',
      );
      const model = buildLpModel(problem, { integer: true });
      const exact = scoreOf(problem, model, mip.solution);
      const bill = evaluate(problem, mip.solution).bill;
      // What HiGHS minimised is the bill of the plan read back (objective.ts), plus the penalties that are 0 when every
      // unit is placed within its first refusal: the same function, to the cent.
      assert.ok(
        Math.abs(mip.highsObjective - exact.total) <= CENT,
        `HiGHS objective ${mip.highsObjective} vs bill + penalties ${exact.total}`,
      );
      assert.ok(Math.abs(mip.objective.cost - bill) <= CENT, `model cost ${mip.objective.cost} vs bill ${bill}`);
      // The greedy plan, when it keeps every limit too, is a feasible point of the same MIP: it cannot score lower.
      const greedy = solveGreedy(problem, { seed: 1, improvementPasses: 1 });
      const g = scoreOf(problem, model, greedy);
      const tol = CENT + 1e-6 * Math.abs(g.total); // HiGHS's relative gap (run.ts)
      if (violations(problem, greedy).length === 0) {
        assert.ok(exact.total <= g.total + tol, `exact ${exact.total} above the greedy's ${g.total}`);
        if (g.penalty === 0 && g.rofr === 0 && exact.penalty === 0 && exact.rofr === 0)
          assert.ok(bill <= g.cost + tol, `exact bill ${bill} above the greedy's ${g.cost}`);
      }
      // The relaxation's value is below every feasible plan's bill: the exact one's and the greedy's.
      const bound = lp.solution.lowerBound;
      assert.ok(bound !== undefined);
      assert.ok(lp.objective.total <= exact.total + tol, `LP ${lp.objective.total} above the MIP ${exact.total}`);
      if (placesAll(problem, mip.solution.assignments))
        assert.ok(bound <= bill + CENT, `bound ${bound} > exact bill ${bill}`);
      if (placesAll(problem, greedy.assignments) && violations(problem, greedy).length === 0)
        assert.ok(bound <= g.cost + CENT, `bound ${bound} > greedy bill ${g.cost}`);
    }),
    { numRuns: 30, seed: 20261207 },
  );
});
