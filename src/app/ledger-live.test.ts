/**
 * The ledger of a control plane's usage records (ledger-live.ts) against examples/startup.yaml's contracts (credits
 * with a USD commitment, a GPU-hour commitment, a reserved block): for any records (fast-check), the charges add up to
 * the bill per provider, contract, billing period, month and team (the ledger's own reconciliation), usage is billed
 * at the provider's price to within a cent a record, each team's view holds its own charges only and the teams'
 * bills add up to the fleet's usage bill, and the FOCUS 1.3 exports (fleet and team) pass the conformance rules with
 * BilledCost adding up to `billedUsd`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { UsageRecord } from '../control/records.js';
import type { Cents } from '../core/money.js';
import { checkFocus, contractCommitmentLines, costAndUsageLines } from '../ledger/focus/index.js';
import { ledgerFromUsage } from './ledger-live.js';
import { loadScenario } from './load-scenario.js';
import { repoFiles } from './test-support/files.js';

const fleet = loadScenario(repoFiles(), 'examples/startup.yaml');
const FROM = Date.UTC(2026, 11, 1);
const TO = Date.UTC(2027, 2, 1);
const NOW = Date.UTC(2027, 1, 15, 9, 30);
const HOUR = 3_600_000;

/** Offerings of the sandbox cloud for startup.yaml (examples/sandbox-clouds.yaml), with how they are bought. */
const OFFERS = [
  {
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    per: 8,
    pricing: 'on-demand',
    cents: 5504,
  },
  {
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    per: 8,
    pricing: 'committed',
    cents: 4678,
  },
  {
    provider: 'aws',
    region: 'us-west-2',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    per: 8,
    pricing: 'spot',
    cents: 1269,
  },
  {
    provider: 'gcp',
    region: 'us-central1',
    instanceType: 'a3-highgpu-8g',
    gpu: 'H100',
    per: 8,
    pricing: 'committed',
    cents: 7079,
  },
  {
    provider: 'gcp',
    region: 'us-central1',
    instanceType: 'g2-standard-4',
    gpu: 'L4',
    per: 1,
    pricing: 'on-demand',
    cents: 71,
  },
  {
    provider: 'nebius',
    region: 'us-central1',
    instanceType: 'gpu-h200-sxm_8gpu-128vcpu-1600gb',
    gpu: 'H200',
    per: 8,
    pricing: 'reserved',
    cents: 1840,
  },
  {
    provider: 'lambda',
    region: 'us-east-1',
    instanceType: 'gpu_8x_h100_sxm5',
    gpu: 'H100',
    per: 8,
    pricing: 'on-demand',
    cents: 2392,
  },
] as const;

const record = fc
  .record({
    offer: fc.constantFrom(...OFFERS),
    team: fc.constantFrom('research', 'vision', 'infra'),
    workload: fc.integer({ min: 1, max: 6 }),
    instances: fc.integer({ min: 1, max: 4 }),
    start: fc.integer({ min: FROM - 5 * 24 * HOUR, max: TO - HOUR }),
    minutes: fc.integer({ min: 1, max: 30 * 24 * 60 }),
    running: fc.boolean(),
  })
  .map(
    (r, i = 0): UsageRecord => ({
      id: `u-${r.start}-${r.minutes}-${i}`,
      workloadId: `w-${r.team}-${r.workload}`,
      team: r.team,
      provider: r.offer.provider,
      region: r.offer.region,
      instanceType: r.offer.instanceType,
      gpu: r.offer.gpu,
      gpus: r.offer.per * r.instances,
      instances: r.instances,
      pricing: r.offer.pricing,
      pricePerInstanceHourCents: r.offer.cents as Cents,
      start: r.start,
      end: r.running ? null : r.start + r.minutes * 60_000,
    }),
  );

const records = fc
  .array(record, { minLength: 1, maxLength: 25 })
  .map((rs) => rs.map((r, i) => ({ ...r, id: `u-${i}` })));

const kindOf = (id: string): string => (id.endsWith('-6') ? 'inference' : 'training');

function exportOf(r: ReturnType<typeof ledgerFromUsage>) {
  return {
    costAndUsage: [...costAndUsageLines(r.ledger, r.input, { account: 'startup' })].join(''),
    contractCommitment: [...contractCommitmentLines(r.input)].join(''),
  };
}

/** Sum of BilledCost (the first column) of a Cost and Usage export, in cents. */
function billedCents(csv: string): number {
  const lines = csv.split('\r\n').filter((l) => l !== '');
  assert.ok(lines[0]?.startsWith('BilledCost,'));
  return lines.slice(1).reduce((s, l) => s + Math.round(Number(l.slice(0, l.indexOf(','))) * 100), 0);
}

test('usage records against the fleet: the ledger reconciles, bills the providers’ prices, and splits by team', () => {
  fc.assert(
    fc.property(records, (usage) => {
      const all = ledgerFromUsage({ fleet, usage, kindOf, from: FROM, to: TO, now: NOW });
      assert.deepEqual(all.ledger.problems, []);
      assert.equal(all.view.reconciles, true);
      assert.equal(all.view.source.kind, 'control-plane');
      // Usage at the provider's price: each record (cut at the window and the billing periods) rounds once.
      let usd = 0;
      let pieces = 0;
      for (const u of usage) {
        if (u.pricing === 'reserved') continue;
        const a = Math.max(u.start, FROM);
        const b = Math.min(u.end ?? NOW, TO);
        if (b <= a) continue;
        usd += (u.pricePerInstanceHourCents * u.instances * (b - a)) / HOUR / 100;
        pieces += 1 + all.input.periods.filter((p) => p.start > a && p.start < b).length;
      }
      assert.ok(Math.abs(all.ledger.totals.usageCents - usd * 100) <= pieces * 0.5 + 1e-6, 'usage at list of records');
      // The bill = usage + the reserved block + the forecast shortfall of the prorated commitments.
      const t = all.ledger.totals;
      assert.equal(t.billedCents, t.usageCents + t.reservedCents + t.shortfallCents);
      const fleetFocus = exportOf(all);
      assert.deepEqual(checkFocus(fleetFocus).slice(0, 3), []);
      assert.equal(billedCents(fleetFocus.costAndUsage), t.billedCents);
      assert.equal(all.view.billedUsd, (t.billedCents / 100).toFixed(2));
      // Each team: its own rows only; together the teams' usage bills are the fleet's.
      let teams = 0;
      for (const team of ['research', 'vision', 'infra']) {
        const mine = ledgerFromUsage({ fleet, usage, kindOf, from: FROM, to: TO, now: NOW, team });
        assert.ok(mine.ledger.usage.every((r) => r.team === team));
        assert.deepEqual(
          mine.view.teams.map((x) => x.team),
          all.view.teams.some((x) => x.team === team) ? [team] : [],
        );
        assert.equal(
          mine.view.months.reduce((s, m) => s + m.billedCents, 0),
          mine.ledger.totals.billedCents,
        );
        const focus = exportOf(mine);
        assert.deepEqual(checkFocus(focus).slice(0, 3), []);
        assert.equal(billedCents(focus.costAndUsage), mine.ledger.totals.billedCents);
        teams += mine.ledger.totals.billedCents;
      }
      assert.equal(teams, t.usageCents);
    }),
    { numRuns: 25, seed: 13 },
  );
});

test('a record outside the period, or of no length, books nothing; a running one counts up to now', () => {
  const base: UsageRecord = {
    id: 'u-1',
    workloadId: 'w-1',
    team: 'research',
    provider: 'lambda',
    region: 'us-east-1',
    instanceType: 'gpu_8x_h100_sxm5',
    gpu: 'H100',
    gpus: 8,
    instances: 1,
    pricing: 'on-demand',
    pricePerInstanceHourCents: 2392 as Cents,
    start: NOW - 2 * HOUR,
    end: null,
  };
  const run = (usage: UsageRecord[]) =>
    ledgerFromUsage({ fleet, usage, kindOf, from: FROM, to: TO, now: NOW }).ledger.totals.usageCents;
  assert.equal(run([base]), 2 * 2392);
  assert.equal(run([{ ...base, start: TO + HOUR, end: TO + 2 * HOUR }]), 0);
  assert.equal(run([{ ...base, end: base.start }]), 0);
});
