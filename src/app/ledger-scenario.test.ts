/** The ledger booked from a simulation bills what the simulator bills, to the cent, line by line (ledger-scenario.ts
 * throws otherwise), and its rows add up by provider, contract, billing period, month and team. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ledgerScenario } from './ledger-scenario.js';
import { prepareSimulation } from './prepare-simulation.js';
import { repoFiles } from './test-support/files.js';
import { STARTUP, STARTUP_30D } from './test-support/startup-request.js';

const run = (file: string, horizon: string, trace: boolean, policy = 'skyfleet', seed = 1) =>
  ledgerScenario(
    prepareSimulation(repoFiles(), file, {
      ...STARTUP_30D,
      horizon,
      ...(trace ? { trace: 'data/traces/philly_jobs.csv' } : {}),
    }),
    { policy, seed },
  );

test('startup, 90 days with the Philly trace: the ledger bills what the simulator bills, to the cent', () => {
  const { sim, ledger } = run(STARTUP, '90d', true);
  assert.deepEqual(ledger.problems, []);
  assert.equal(ledger.totals.billedCents, sim.cost.billedCents);
  assert.equal(ledger.totals.usageCents, sim.cost.usageCents);
  assert.equal(ledger.totals.reservedCents, sim.cost.reservedCents);
  assert.equal(ledger.totals.shortfallCents, sim.cost.shortfallCents);
  assert.ok(ledger.records > 1000, `records ${ledger.records}`);
  // The settled commitment periods are the simulator's.
  assert.deepEqual(
    ledger.commitments.map((c) => [c.contract, c.period, c.paidCents, c.carryOut]),
    sim.contracts.map((c) => [c.contract, c.period, c.paidCents, c.carryOut]),
  );
});

test('frontier-lab, 120 days, every simulated policy: the same bill as the simulator', () => {
  for (const policy of ['skyfleet', 'cheapest-first', 'skypilot-like']) {
    const { sim, ledger } = run('examples/frontier-lab.yaml', '120d', false, policy, 2);
    assert.equal(ledger.totals.billedCents, sim.cost.billedCents, policy);
    assert.deepEqual(ledger.problems, [], policy);
    assert.ok(ledger.teams.length > 1, policy);
  }
});
