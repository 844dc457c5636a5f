/** Known answers computed by hand, determinism, conservation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/core/rng.js';
import { simulate } from '../../src/sim/simulate.js';
import { buildWorld } from '../../src/sim/world.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { cheapestFirstPolicy } from '../../src/sim/policies/cheapest-first.js';
import { setupInput } from '../../src/sim/setup.js';
import { parseIncidents } from '../../src/sim/outages/incidents.js';
import { loadScenario } from '../../src/cli/load.js';
import { readFileSync } from 'node:fs';
import { H, T0, input, scenario } from './support.js';

const tiny = (
  extra = '',
  job = '{ id: job, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }',
): string => `
name: tiny
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8 }
${extra}
workloads:
  - ${job}
`;

test('one job, no trouble: 8 H100 for 10 h at the list price (3.29 USD/GPU-h: lambda gpu_1x_h100_pcie)', () => {
  const r = simulate(input(scenario(tiny())), skyfleetPolicy, { seed: 1 });
  assert.equal(r.cost.billedCents, 80 * 329);
  assert.equal(r.jobs.finished, 1);
  assert.equal(r.jobs.completionHours.mean, 10);
  assert.equal(r.jobs.lostGpuHours, 0);
  assert.ok(r.ledger.reconciles);
});

test('a price change: at -50%/y, a job in the second year of the horizon is billed at half the list price', () => {
  const yaml = `
name: trend
horizon: { start: 2027-01-01, length: 2y, bucket: 1y }
providers:
  lambda: { quota: 8, regions: [us-east-1], interconnect: 8, priceChange: -50%/y }
workloads:
  - { id: late, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [on-demand], start: 2028-01-01 }
`;
  const r = simulate(input(scenario(yaml)), skyfleetPolicy, { seed: 1 });
  assert.equal(r.jobs.finished, 1);
  // 80 GPU-h at 3.29 USD × (1 − 50%): the price that holds in the bucket starting 2028-01-01.
  assert.equal(r.cost.billedCents, (80 * 329) / 2);
});

test('one outage: 5.5 h in, the provider fails for 1 h; half an hour of work (4 GPU-h) is lost and redone', () => {
  const outage = { provider: 'lambda', region: '*', start: T0 + 5.5 * H, end: T0 + 6.5 * H };
  const r = simulate(input(scenario(tiny()), [outage]), skyfleetPolicy, { seed: 1 });
  // 5.5 h billed before the outage, then 5 h of the remaining 40 H100 GPU-h after recovery: 10.5 h × 8 GPUs.
  assert.equal(r.cost.billedCents, 84 * 329);
  assert.equal(r.jobs.interruptions.outage, 1);
  assert.ok(Math.abs(r.jobs.lostGpuHours - 4) < 1e-9);
  assert.ok(Math.abs(r.jobs.redoneGpuHours - 4) < 1e-9);
  assert.ok(Math.abs(r.jobs.completionHours.mean - 11.5) < 1e-9);
});

test('one shortfall: a 1,000 USD minimum with 263.20 USD burned pays 736.80 USD at the period end', () => {
  const contract = `contracts:
  - { id: c1, provider: lambda, start: 2027-01-01, term: 2d, commitment: { periods: [ { length: 2d, minimum: 1000 USD } ] } }`;
  const job =
    '{ id: job, kind: training, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [committed] }';
  const r = simulate(input(scenario(tiny(contract, job))), skyfleetPolicy, { seed: 1 });
  assert.equal(r.cost.usageCents, 26_320);
  assert.equal(r.cost.shortfallCents, 100_000 - 26_320);
  assert.equal(r.cost.billedCents, 100_000);
  assert.equal(r.contracts.length, 1);
  assert.equal(r.contracts[0]!.paidCents, 73_680);
  assert.ok(r.ledger.reconciles);
});

test('spot preemptions: the run replays the exponential clock of the seed, losing the work since the last checkpoint', () => {
  const yaml = `
name: spot
horizon: { start: 2027-01-01, length: 3d, bucket: 1d }
providers:
  aws: { quota: 8, regions: [us-east-1], interconnect: 8, spot: { preemptionsPerHour: 0.5, capacityShare: 100% } }
workloads:
  - { id: job, kind: batch, gpus: [H100], count: 8, work: 80 GPU-h, checkpointEvery: 1h, tiers: [spot] }
`;
  const s = scenario(yaml);
  const world = buildWorld(s, s.request.horizon);
  const spot = world.pools.find((p) => p.tier === 'spot' && p.gpu === 'H100')!;
  for (const seed of [1, 2, 3]) {
    // By hand: draw τ per run from the same stream; a run shorter than what is left loses τ − ⌊τ⌋ hours.
    const clock = createRng(seed).fork('spot').fork('aws');
    let left = 10;
    let hours = 0;
    let lost = 0;
    let pre = 0;
    for (;;) {
      const tau = clock.exponential(0.5);
      if (tau >= left) {
        hours += left;
        break;
      }
      hours += tau;
      pre++;
      lost += tau - Math.floor(tau);
      left -= Math.floor(tau);
    }
    const r = simulate(input(s), skyfleetPolicy, { seed, world });
    assert.equal(r.jobs.interruptions.preemption, pre, `seed ${seed}`);
    assert.ok(Math.abs(r.jobs.lostGpuHours - 8 * lost) < 1e-6, `seed ${seed}`);
    assert.equal(r.cost.billedCents, Math.round(8 * hours * spot.listPricePerGpuHour * 100), `seed ${seed}`);
  }
});

const startup = loadScenario('examples/startup.yaml');
const incidents = parseIncidents(readFileSync('data/cloud-incidents-2018-2020.csv', 'utf8'), 'x');

function startupInput(seed: number) {
  const world = buildWorld(startup, startup.request.horizon);
  const r = setupInput(
    startup,
    world,
    { horizon: startup.request.horizon, outages: 'sample', incidents: incidents.ok ? incidents.value : [] },
    seed,
  );
  assert.ok(r.ok);
  return { world, input: r.value };
}

test('determinism: the same seed gives the same numbers, to the cent', () => {
  const a = startupInput(7);
  const b = startupInput(7);
  const x = simulate(a.input, skyfleetPolicy, { seed: 7, world: a.world });
  const y = simulate(b.input, skyfleetPolicy, { seed: 7, world: b.world });
  assert.deepEqual(x, y);
  assert.ok(x.outages.length > 0, 'the seed draws outages');
  const z = simulate(startupInput(8).input, skyfleetPolicy, { seed: 8 });
  assert.notDeepEqual(z.outages, x.outages);
});

test('conservation: per capacity group, GPU-hours used + idle = capacity; never above capacity; the ledger reconciles', () => {
  for (const policy of [skyfleetPolicy, cheapestFirstPolicy]) {
    const { world, input: inp } = startupInput(3);
    const r = simulate(inp, policy, { seed: 3, world });
    assert.equal(r.capacity.overCapacity, 0);
    for (const g of r.capacity.groups) {
      const err = Math.abs(g.usedGpuHours + g.idleGpuHours - g.capacityGpuHours);
      assert.ok(
        err <= 1e-6 * Math.max(1, g.capacityGpuHours),
        `${policy.name} ${g.id}: ${g.usedGpuHours} + ${g.idleGpuHours} != ${g.capacityGpuHours}`,
      );
    }
    assert.deepEqual(r.ledger.problems, []);
    assert.equal(r.cost.billedCents, r.cost.usageCents + r.cost.reservedCents + r.cost.shortfallCents);
    assert.equal(
      r.ledger.lines.reduce((s, l) => s + l.cents, 0),
      r.cost.billedCents,
    );
  }
});
