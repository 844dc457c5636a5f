/** The greedy solver's own behaviour: improvement passes, the floor that lets a pass skip an item, and the words it
 * gives for what it cannot place. (Its quality against the exact solver is in test/solver-quality.test.ts.) */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { solveGreedy } from './greedy.js';
import { evaluate } from '../objective.js';
import { tinyProblem, type ItemSpec } from './test-support/fixtures.js';
import type { Problem, Solution } from '../problem.js';
import { reasonText } from '../../messages/index.js';

const placedUnits = (p: Problem, s: Solution): number =>
  p.items.reduce((n, it) => n + (s.assignments[it.index] ?? []).reduce((x, a) => x + a.units, 0), 0);

test('an inference item too small for its survivability spread is left out, and the reason says why', () => {
  // One replica unit whose rule keeps half after any loss: no provider may hold even one (1 − ⌈0.5⌉ = 0).
  const problem = tinyProblem({
    pools: [
      { provider: 'a', price: 1 },
      { provider: 'b', price: 2 },
    ],
    items: [{ units: 1, divisible: true, gpus: 1, maxUnitsPerProvider: 0, minProviders: 2 }],
  });
  const s = solveGreedy(problem, { seed: 1 });
  assert.deepEqual(s.assignments[0], []);
  assert.equal(s.unplacedReasons?.[0]?.code, 'unplaced.survivability-rule');
  assert.match(
    reasonText(s.unplacedReasons![0]!),
    /survivability rule for its tier lets no provider hold even one of its 1 replica unit/,
  );
});

/** Random small portfolios: a commitment with a minimum, two providers, gangs and services of varied sizes. */
const portfolio = fc
  .record({
    prices: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })),
    capacity: fc.tuple(fc.integer({ min: 8, max: 64 }), fc.integer({ min: 8, max: 64 })),
    minimum: fc.integer({ min: 0, max: 400 }),
    items: fc.array(
      fc.record({
        units: fc.integer({ min: 1, max: 6 }),
        divisible: fc.boolean(),
        gpus: fc.constantFrom(1, 2, 8),
        priority: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  })
  .map((r) =>
    tinyProblem({
      buckets: 2,
      pools: [
        { provider: 'a', price: r.prices[0], groups: [0], burns: 0 },
        { provider: 'a', price: r.prices[1], groups: [0] },
        { provider: 'b', price: r.prices[2], groups: [1] },
      ],
      groups: [{ capacity: r.capacity[0] }, { capacity: r.capacity[1] }],
      terms: [{ provider: 'a', minimum: r.minimum }],
      items: r.items.map((it): ItemSpec => ({ ...it })),
    }),
  );

test('an improvement pass never places less nor bills more than the first pass (property)', () => {
  fc.assert(
    fc.property(portfolio, fc.integer({ min: 0, max: 1000 }), (problem, seed) => {
      const first = solveGreedy(problem, { seed, improvementPasses: 0 });
      const improved = solveGreedy(problem, { seed, improvementPasses: 2 });
      const [u0, u1] = [placedUnits(problem, first), placedUnits(problem, improved)];
      assert.ok(u1 >= u0, `placed ${u1} < ${u0}`);
      if (u1 === u0) {
        const [b0, b1] = [evaluate(problem, first).bill, evaluate(problem, improved).bill];
        assert.ok(b1 <= b0 + 1e-6 * Math.max(1, b0), `bill ${b1} > ${b0}`);
      }
    }),
    { numRuns: 300, seed: 11 },
  );
});
