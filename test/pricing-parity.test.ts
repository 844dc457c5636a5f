/**
 * One cost model: the planner (compile's costing stage) and the simulator's online policy (sim/policy.ts
 * effectiveCost) price the same candidate — same pool, GPUs, hours, bucket and commitment state — to the same number,
 * bit for bit: on-demand, spot (expected rework), a pool burning a USD or a GPU-hour commitment with an open gap, and a
 * reserved block (sunk). GPUs, prices and hours are chosen so that a different order of float operations would show
 * ((6 × 17.3) × 3.37 ≠ (3.37 × 6) × 17.3 in binary floating point).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Snapshot } from '../src/core/types.js';
import { compile } from '../src/engine/compile.js';
import {
  type CommitmentGap,
  commitmentSaving,
  effectiveCostOf,
  priceIn,
  spendUsd,
} from '../src/engine/effective-cost.js';
import { DEFAULT_PROFILE } from '../src/engine/profile.js';
import { batch, contract, DAY, offering, provider, request, snapshot, T0 } from '../src/engine/test-support/build.js';
import { effectiveCost, type PolicyView } from '../src/sim/policy.js';
import { buildWorld } from '../src/sim/world.js';

function fixture(unit: 'usd' | 'gpu-hours'): Snapshot {
  return snapshot({
    catalog: {
      offerings: [
        offering('aws', 'us-east-1', 'H100', 3.37, 1.93, 6),
        offering('gcp', 'us-central1', 'H100', 4.11, undefined, 6),
        offering('lambda', 'us-west-1', 'H100', 2.87, undefined, 6),
      ],
    },
    providers: [provider('aws', { spotPreemptionsPerHour: 0.037 }), provider('gcp'), provider('lambda')],
    contracts: [
      contract('gcp-cud', 'gcp', {
        discount: 0.17,
        commitment: {
          unit,
          periods: [{ start: T0, end: T0 + 365 * DAY, minimum: 1e6 }],
          carryForwardFraction: 0,
        },
      }),
      contract('lambda-block', 'lambda', {
        reserved: [
          {
            id: 'blk',
            gpu: 'H100',
            region: 'us-west-1',
            ramp: [{ from: T0, value: 64 }],
            ratePerGpuHour: 1.9,
            countsTowardCommitment: false,
          },
        ],
      }),
    ],
  });
}

/** The planner's candidates of one 6-GPU batch gang (6-GPU instances: no power of two to hide rounding) running 17.3 h (one bucket), and the simulator's world. */
function both(unit: 'usd' | 'gpu-hours') {
  const snap = fixture(unit);
  const req = request([batch('job', { gpuCount: 6, work: 6 * 17.3, checkpointEvery: 1.3 })], 30, 24 * 30);
  const compiled = compile(snap, req, DEFAULT_PROFILE);
  const world = buildWorld({ name: 'parity', snapshot: snap, request: req }, req.horizon);
  return { compiled, world, w: req.workloads[0]! };
}

function viewOf(world: PolicyView['world'], gap: CommitmentGap | undefined): PolicyView {
  return { world, now: world.start, bucket: 0, commitmentGap: () => gap };
}

for (const unit of ['usd', 'gpu-hours'] as const) {
  test(`planner and simulator price the same candidate identically (${unit} commitment)`, () => {
    const { compiled, world, w } = both(unit);
    const { problem } = compiled;
    const simCands = world.candidates(w, 6, { clauses: true });
    const tiers = new Set<string>();
    for (const c of problem.candidates) {
      const pool = problem.pools[c.pool]!;
      const sim = simCands.find((s) => s.pool === c.pool);
      assert.ok(sim, `the simulator admits ${pool.id} as the planner does`);
      assert.equal(sim.gpus, c.gpusPerUnit);
      assert.equal(c.firstBucket, c.lastBucket, 'one bucket: the planner and the simulator see one price');
      tiers.add(pool.tier);
      const hours = c.durationHours;
      const burns = (pool.burns[c.firstBucket] ?? -1) >= 0;
      const gaps: (CommitmentGap | undefined)[] = burns
        ? [
            // An open gap smaller than the work (the saving stops at the gap), one larger, and a burned minimum.
            { unit, gap: 97.3, hoursLeft: 8000, shortfallRate: unit === 'usd' ? 1 : 2.91 },
            { unit, gap: 1e7, hoursLeft: 11.1, shortfallRate: unit === 'usd' ? 1 : 2.91 },
            { unit, gap: -5, hoursLeft: 8000, shortfallRate: 1 },
          ]
        : [undefined];
      const placement = { kind: 'job' as const, checkpointH: w.checkpointEvery };
      for (const gap of gaps) {
        const simulated = effectiveCost(viewOf(world, gap), sim, hours, placement);
        // The planner's price of its candidate: its spend and rework coefficients, and the saving its commitment
        // state gives the same GPU-hours at the same price.
        const saving = commitmentSaving(gap, c.gpusPerUnit, hours, priceIn(pool, c.firstBucket));
        const planned = effectiveCostOf(pool.tier, c.spendTotal, saving, c.preemptionCost);
        assert.equal(planned, simulated, `${pool.id}, gap ${gap?.gap}`);
      }
      if (pool.tier === 'reserved') assert.equal(effectiveCost(viewOf(world, undefined), sim, hours, placement), 0);
      else {
        assert.equal(c.spendTotal, spendUsd(sim.gpus, hours, priceIn(pool, 0)));
        assert.ok(c.spendTotal > 0);
      }
      if (pool.tier === 'spot') assert.ok(c.preemptionCost > 0, 'spot carries its expected rework');
    }
    assert.deepEqual([...tiers].sort(), ['committed', 'on-demand', 'reserved', 'spot']);
  });
}
