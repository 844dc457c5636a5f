/** The hindsight-feasible schedule on a hand-made case whose answer is known, and the money breakdown and regret
 * decomposition: their parts add up, to the cent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/cli/load.js';
import { toSummary } from '../../src/app/run-summary.js';
import { betterSchedule, simulateHindsight } from '../../src/sim/hindsight-run.js';
import { lpPlanPolicy, planFromBound } from '../../src/sim/policies/lp-plan.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { lostHours, nextStart, outageStartsByLocation } from '../../src/sim/policies/hindsight.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import type { MoneyBreakdown } from '../../src/sim/money-breakdown.js';
import { BREAKDOWN_PARTS, boundBreakdown } from '../../src/sim/money-breakdown.js';
import { regretParts, summariseRegret } from '../../src/sim/regret.js';
import { parseIncidents } from '../../src/sim/outages/incidents.js';
import { setupInput } from '../../src/sim/setup.js';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { H, T0, input, scenario } from './support.js';

// nebius is the cheaper H100 (2.95 USD/GPU-h), lambda the dearer (3.29); a 10-hour job of 8 GPUs that checkpoints
// only every 100 h; nebius goes down 5.5 h in, for an hour.
const twoClouds = `
name: outage-ahead
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  nebius: { quota: 8, regions: [eu-north1], interconnect: 8 }
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: job, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 100h, tiers: [on-demand] }
`;
const outage = { provider: 'nebius', region: '*', start: T0 + 5.5 * H, end: T0 + 6.5 * H };

const sumParts = (b: MoneyBreakdown): number => BREAKDOWN_PARTS.reduce((s, k) => s + b[k], 0);

test('an outage ahead: skyfleet loses 5.5 h × 8 GPUs on nebius and redoes the job on lambda; hindsight goes to lambda at once', () => {
  const x = input(scenario(twoClouds), [outage]);
  const online = simulate(x, skyfleetPolicy, { seed: 1 });
  // 44 GPU-h on nebius at 2.95, thrown away at the outage; then the whole 80 GPU-h on lambda at 3.29.
  assert.equal(online.jobs.interruptions.outage, 1);
  assert.equal(online.cost.billedCents, 44 * 295 + 80 * 329);
  assert.equal(online.breakdown?.outageLossCents, 44 * 295);
  assert.equal(online.breakdown?.usefulCents, 80 * 329);

  const h = simulateHindsight(x, { seed: 1 });
  assert.equal(h.policy, 'hindsight');
  assert.equal(h.schedule, 'skyfleet+foresight', 'the first schedule that reaches the least cost');
  assert.equal(h.jobs.interruptions.outage, 0);
  assert.equal(h.cost.billedCents, 80 * 329, 'nebius would cost 236 + 129.80 lost; lambda costs 263.20');
  assert.equal(h.breakdown?.outageLossCents, 0);
  assert.ok(h.cost.effectiveUsd <= simulate(x, cheapestFirstPolicy, { seed: 1 }).cost.effectiveUsd);
});

test('an outage after the next checkpoint costs nothing lost: hindsight stays on the cheaper cloud', () => {
  const yaml = twoClouds.replace('checkpointEvery: 100h', 'checkpointEvery: 1h');
  const late = { ...outage, start: T0 + 5 * H, end: T0 + 6 * H }; // at a checkpoint: nothing lost
  const h = simulateHindsight(input(scenario(yaml), [late]), { seed: 1 });
  assert.equal(h.jobs.interruptions.outage, 1);
  assert.equal(h.jobs.lostGpuHours, 0);
  // 5 h on nebius, then lambda (nebius is down when the job is placed again) until the outage ends at 6 h, when
  // skyfleet's hourly step moves it back to nebius (right on a checkpoint: nothing lost) for its last 32 GPU-h after a
  // 0.25 h warm-up (src/sim/job-migration.ts).
  assert.equal(h.cost.billedCents, 40 * 295 + 8 * 329 + (32 + 2) * 295);
});

test('without an outage hindsight tries the online policies only: it is the cheaper of them', () => {
  const x = input(scenario(twoClouds));
  const h = simulateHindsight(x, { seed: 1 });
  assert.equal(h.schedule, 'skyfleet');
  assert.equal(h.cost.billedCents, 80 * 295);
});

test('outage lookup: starts per location, the next start at or after an instant, the hours lost at a cut', () => {
  const s = scenario(twoClouds);
  const world = buildWorld(s, s.request.horizon);
  const starts = outageStartsByLocation(world, [outage, { ...outage, start: T0 + 20 * H, end: T0 + 21 * H }]);
  const k = world.locations.findIndex((l) => l.provider === 'nebius');
  assert.deepEqual([...starts[k]!], [T0 + 5.5 * H, T0 + 20 * H]);
  assert.equal(nextStart(starts[k]!, T0), T0 + 5.5 * H);
  assert.equal(nextStart(starts[k]!, T0 + 5.5 * H), T0 + 5.5 * H);
  assert.equal(nextStart(starts[k]!, T0 + 6 * H), T0 + 20 * H);
  assert.equal(nextStart(starts[k]!, T0 + 21 * H), Infinity);
  assert.equal(lostHours(5.5, 2), 1.5);
  assert.equal(lostHours(5.5, 0), 5.5);
});

test('startup with sampled outages: each run`s parts add up to its effective cost, the regret parts to the regret, to the cent', () => {
  const s = loadScenario('examples/startup.yaml');
  const world = buildWorld(s, s.request.horizon);
  const incidents = parseIncidents(readFileSync('data/cloud-incidents-2018-2020.csv', 'utf8'), 'x');
  assert.ok(incidents.ok);
  const runs = [];
  const sameMisses = new Set(['cheapest-first', 'skyfleet']); // policies that missed as many deadlines as hindsight
  for (const seed of [1, 2]) {
    const x = setupInput(s, world, { horizon: s.request.horizon, outages: 'sample', incidents: incidents.value }, seed);
    assert.ok(x.ok);
    const results = [
      simulate(x.value, cheapestFirstPolicy, { seed, world }),
      simulate(x.value, skyfleetPolicy, { seed, world }),
      simulateHindsight(x.value, { seed, world }),
    ];
    for (const r of results) {
      const b = r.breakdown;
      assert.ok(b, 'every simulated run has a breakdown');
      assert.equal(sumParts(b), b.effectiveCents, `${r.policy}: the parts add up to the effective cost`);
      assert.ok(Math.abs(b.effectiveCents / 100 - r.cost.effectiveUsd) <= 0.01, 'effective cents = effective USD');
      for (const k of BREAKDOWN_PARTS) assert.ok(b[k] >= 0 && Number.isSafeInteger(b[k]), `${r.policy} ${k}`);
      assert.ok(b.outageLossCents > 0 || r.jobs.interruptions.outage === 0);
      const bound = r.cost.effectiveUsd / 2 + 0.005; // any bound: the parts must add up whatever it is
      const own = boundBreakdown({
        effectiveUsd: bound,
        unservedUsd: 12.345,
        shortfallUsd: 3.21,
        unusedReservedUsd: 1.5,
      });
      assert.equal(sumParts(own), own.effectiveCents, "the bound's own parts add up to its effective cost");
      const g = regretParts(b, own);
      assert.equal(
        g.commitmentWasteCents +
          g.spotLossCents +
          g.outageLossCents +
          g.capacityLossCents +
          g.unservedCents +
          g.otherCents,
        g.regretCents,
      );
      assert.equal(g.regretCents, b.effectiveCents - Math.round(bound * 100));
      assert.equal(g.unservedCents, b.unservedCents - 1235, "queueing/unserved is the policy's minus the bound's");
      assert.equal(g.commitmentWasteCents, b.shortfallCents + b.unusedReservedCents - 321 - 150, 'part by part');
      assert.equal(g.otherCents, b.usefulCents - own.usefulCents, "other = useful spend − the bound's");
      runs.push(toSummary(r));
    }
    const [cf, sky, h] = results;
    // Lexicographic: no more deadline misses than either candidate, and no dearer than one that misses as few.
    for (const o of [cf!, sky!]) {
      assert.ok(h!.jobs.deadlineMisses <= o.jobs.deadlineMisses, `${o.policy}: no more misses`);
      if (o.jobs.deadlineMisses === h!.jobs.deadlineMisses) assert.ok(h!.cost.effectiveUsd <= o.cost.effectiveUsd);
      else sameMisses.delete(o.policy);
    }
    runs.push({ policy: 'offline-optimal', seed, effectiveUsd: 1e6 + seed, billedUsd: 9e5, attainment: 1 });
  }
  for (const r of summariseRegret(runs)) {
    if (r.policy === 'offline-optimal') {
      assert.equal(r.regretUsd, undefined);
      continue;
    }
    const g = r.regretUsd;
    assert.ok(g && r.breakdownUsd);
    const parts = g.commitmentWaste + g.spotLosses + g.queueingUnserved + g.outages + g.capacityLosses + g.other;
    assert.ok(Math.abs(parts - g.total) < 1e-6, `${r.policy}: the mean parts add up to the mean regret`);
    assert.ok(Math.abs(r.gapToBoundUsd!.mean - g.total) < 0.01, 'regret = the gap to the bound');
    if (sameMisses.has(r.policy)) assert.ok(r.gapToHindsightUsd!.mean >= 0, `${r.policy} is no cheaper than hindsight`);
  }
});

// One cloud, lambda us-east-1: A100-80GB at 2.79 USD/GPU-h running this job at 0.9 of an H100 (3.10 per H100-hour of
// work, 11.1 h) against H100 (10 h, dearer per unit of work). Due 10.5 h after it starts.
const slowCheap = `
name: deadline-or-cents
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: job, kind: training, gpus: [A100-80GB, H100], throughput: { A100-80GB: 0.9 }, count: 8, work: 80 GPU-h,
      checkpointEvery: 1h, tiers: [on-demand], deadline: 2027-01-01T10:30:00Z }
`;

test('hindsight is lexicographic: fewest deadline misses first, then cheapest — never a cheaper schedule that misses', () => {
  const x = input(scenario(slowCheap));
  const cf = simulate(x, cheapestFirstPolicy, { seed: 1 });
  const sky = simulate(x, skyfleetPolicy, { seed: 1 });
  // cheapest-first buys the cheaper work on A100 and misses; skyfleet prices the miss and meets the deadline on H100.
  assert.equal(cf.jobs.deadlineMisses, 1);
  assert.equal(sky.jobs.deadlineMisses, 0);
  assert.ok(cf.cost.effectiveUsd < sky.cost.effectiveUsd, 'the miss carries no money: cheapest-first is cheaper');
  const h = simulateHindsight(x, { seed: 1 });
  assert.equal(h.schedule, 'skyfleet');
  assert.equal(h.jobs.deadlineMisses, 0);
  assert.equal(h.cost.effectiveUsd, sky.cost.effectiveUsd);
  // betterSchedule: misses decide first; on equal misses the cheaper wins, and a tie keeps the first.
  assert.equal(betterSchedule(sky, cf), true);
  assert.equal(betterSchedule(cf, sky), false);
  assert.equal(betterSchedule(sky, sky), false);
  const dearer = { ...sky, cost: { ...sky.cost, effectiveUsd: sky.cost.effectiveUsd + 1 } };
  assert.equal(betterSchedule(sky, dearer), true);
});

test('the LP plan holds a job for a later bucket only while the hold still meets its deadline', () => {
  // A hand-made plan: the job's template runs on its H100 pool in bucket 1 (day 2) only. Without a deadline the replay
  // holds the job until day 2 starts; with one that a start on day 2 would miss, the job starts at once.
  const yaml = slowCheap.replace('gpus: [A100-80GB, H100], throughput: { A100-80GB: 0.9 }', 'gpus: [H100]');
  for (const [deadline, startH] of [
    ['2027-01-03T00:00:00Z', 24], // a start on day 2 (24 h + 10 h) meets it: held
    ['2027-01-02T06:00:00Z', 0], // it would not: placed now
  ] as const) {
    const s = scenario(yaml.replace('2027-01-01T10:30:00Z', deadline));
    const world = buildWorld(s, s.request.horizon);
    const pool = world.pools.findIndex((p) => p.gpu === 'H100');
    assert.ok(pool >= 0);
    const col = { name: 'x', cls: 'j0|8', template: 0, pool, b: 1, gh: 80, gpus: 8 };
    const plan = planFromBound(world, [col], Float64Array.of(1));
    const r = simulate(input(s), lpPlanPolicy(skyfleetPolicy, world, plan), { seed: 1, world });
    assert.equal(r.jobs.finished, 1);
    assert.equal(r.jobs.deadlineMisses, 0, deadline);
    assert.equal(r.jobs.completionHours.mean, startH + 10, `${deadline}: starts ${startH} h in`);
  }
});
