/** offline-optimal is never above any online policy's effective cost (property test over random tiny worlds). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as highsModule from 'highs';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { offlineOptimal, type LpSolve } from '../../src/sim/offline-optimal.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { singleProviderPolicy } from '../../src/sim/policies/single.js';
import { H, T0, input, scenario } from './support.js';

type Highs = {
  solve(
    lp: string,
    o: object,
  ): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number } | undefined> };
};
async function lpSolve(): Promise<LpSolve> {
  const d = (highsModule as { default?: unknown }).default;
  const loader = (
    typeof d === 'function' ? d : (d as { default: () => Promise<Highs> }).default
  ) as () => Promise<Highs>;
  const h = await loader();
  return (lp) => {
    const r = h.solve(lp, { output_flag: false });
    return { status: r.Status, objective: r.ObjectiveValue, primal: (n) => r.Columns[n]?.Primal ?? 0 };
  };
}

const job = fc.record({
  day: fc.integer({ min: 0, max: 5 }),
  count: fc.constantFrom(1, 2, 4, 8),
  work: fc.integer({ min: 1, max: 400 }),
  spot: fc.boolean(),
});

test('offline-optimal <= every policy (single, cheapest-first, skyfleet), random jobs, outages and contracts', async () => {
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
  aws: { quota: 16, regions: [us-east-1], interconnect: 8, spot: { preemptionsPerHour: 0.2, capacityShare: 50% } }
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
