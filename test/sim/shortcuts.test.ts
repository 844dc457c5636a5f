/**
 * The simulator's speed shortcuts change no number: pruning candidates by the policy's floor (rank.ts), skipping
 * candidate lists known to have no room, the trace jobs shared across seeds (setup.ts) and the event heap read in
 * place give exactly the results of the exhaustive scan, to the cent, on the examples with the real traces (short
 * horizons, so that the test stays quick): a capacity-bound startup with sampled outages, and frontier-lab with
 * contracts, right of first refusal, spot and hourly inference shaped by the Azure trace, across bucket boundaries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { prepare, type SimCliOptions } from '../../src/cli/commands/simulate.js';
import { parsePolicy } from '../../src/sim/policies/index.js';
import { setupInput } from '../../src/sim/setup.js';
import { simulate } from '../../src/sim/simulate.js';
import type { SimPolicy } from '../../src/sim/policy.js';

const file = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const base: SimCliOptions = {
  seed: '1',
  trace: file('data/traces/philly_jobs.csv'),
  requestRate: '1',
  gpusPerJob: '1',
  jobRate: '1',
  traceKind: 'batch',
  repeat: true,
  outages: 'sample',
  progress: false,
};

function same(scenario: string, o: Partial<SimCliOptions>, policies: string[], seeds: number[]): void {
  const p = prepare(file(scenario), { ...base, ...o });
  for (const name of policies) {
    const policy = parsePolicy(name, p.world.providers);
    assert.ok(policy.ok && typeof policy.value !== 'string');
    for (const seed of seeds) {
      const input = setupInput(p.scenario, p.world, p.setup, seed);
      assert.ok(input.ok);
      const fast = simulate(input.value, policy.value as SimPolicy, { seed, world: p.world });
      const slow = simulate(input.value, policy.value as SimPolicy, { seed, world: p.world, exhaustive: true });
      assert.ok(fast.jobs.arrived > 1000 && fast.jobs.finished > 0, `${name}: the case exercises placement`);
      assert.deepEqual(fast, slow, `${scenario} ${name} seed ${seed}`);
    }
  }
}

test("startup, 10 weeks of the Philly trace with outages: every policy gives the exhaustive scan's results", () => {
  same(
    'examples/startup.yaml',
    { horizon: '10w' },
    ['single:aws', 'cheapest-first', 'skypilot-like', 'skyfleet'],
    [1, 2],
  );
});

test('frontier-lab, 5 weeks across a month boundary, 4× gangs, hourly inference from the Azure trace: same results', () => {
  same(
    'examples/frontier-lab.yaml',
    { horizon: '5w', gpusPerJob: '4', requests: file('data/traces/azure_llm_2023_conv_requests.csv') },
    ['skyfleet', 'cheapest-first', 'single:oci'],
    [3],
  );
});

test('trace jobs are built once per setup options when they do not depend on the seed', () => {
  const p = prepare(file('examples/startup.yaml'), { ...base, horizon: '2w' });
  const a = setupInput(p.scenario, p.world, p.setup, 1);
  const b = setupInput(p.scenario, p.world, p.setup, 2);
  assert.ok(a.ok && b.ok);
  assert.equal(a.value.jobs, b.value.jobs);
  assert.notDeepEqual(a.value.outages, b.value.outages); // the seed still drives the rest
  const r = prepare(file('examples/startup.yaml'), { ...base, horizon: '2w', jobRate: '0.5' });
  const c = setupInput(r.scenario, r.world, r.setup, 1);
  const d = setupInput(r.scenario, r.world, r.setup, 2);
  assert.ok(c.ok && d.ok);
  assert.notEqual(c.value.jobs.count, 0);
  assert.notDeepEqual([...c.value.jobs.arrival], [...d.value.jobs.arrival]); // resampled arrivals: one set per seed
});
