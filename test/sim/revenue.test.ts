/** Inference revenue and gross margin: a known answer computed by hand, and no revenue fields without a price. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { revenueSummary, summarise } from '../../src/sim/metrics.js';
import { toSummary } from '../../src/cli/commands/simulate.js';
import { comparisonCsv, renderComparison, renderSimulation } from '../../src/cli/render-sim.js';
import { renderSimulationReport } from '../../src/report/index.js';
import { input, scenario } from './support.js';

// Two 8-GPU H100 replicas (20k tokens/s at 10k tokens/s per replica) on lambda for 48 h, no outages. Each sits on
// one gpu_8x_h100_sxm5 (31.92 USD/h = 3.99 USD per GPU-h): the cheaper one-GPU gpu_1x_h100_pcie cannot hold one.
const yaml = (price: string): string => `
name: served
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 16, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, tokensPerSecondPerReplica: 10k tokens/s,${price}
      demand: { us: 20k tokens/s }, minProviders: 1 }
`;

const run = (price: string) => simulate(input(scenario(yaml(price))), skyfleetPolicy, { seed: 1 });

test('revenue and margin by hand: 96 replica-h × 10k tokens/s × 3600 s = 3.456B tokens at 1 USD/M; 768 GPU-h at 3.99 USD', () => {
  const r = run(' pricePerMillionTokens: 1 USD,');
  assert.equal(r.inference.attainment, 1);
  const v = r.revenue;
  assert.ok(v);
  assert.equal(v.services.length, 1);
  const s = v.services[0]!;
  assert.equal(s.id, 'chat');
  assert.equal(s.pricePerMillionTokens, 1);
  assert.equal(s.tokensPerSecondPerReplica, 10_000);
  assert.ok(Math.abs(s.servedUnitHours - 96) < 1e-9);
  assert.ok(Math.abs(s.tokensServed - 3.456e9) < 1e-3);
  assert.equal(s.revenueCents, 345_600); // 3,456 M tokens × 1 USD
  assert.equal(s.costCents, 306_432); // 2 instances × 8 GPUs × 48 h × 3.99 USD
  assert.equal(r.cost.usageCents, 306_432); // the service is all the usage there is
  assert.equal(s.marginCents, 39_168);
  assert.ok(Math.abs(s.grossMargin! - 39_168 / 345_600) < 1e-12);
  for (const k of [
    'servedUnitHours',
    'tokensServed',
    'revenueCents',
    'costCents',
    'marginCents',
    'grossMargin',
  ] as const)
    assert.equal(v[k], s[k]);

  const row = { ...toSummary(r), ...revenueSummary(r) };
  assert.equal(row.revenueUsd, 3_456);
  assert.equal(row.servingCostUsd, 3_064.32);
  const text = renderSimulation('served', row, r);
  assert.match(text, /INFERENCE REVENUE/);
  assert.match(text, /chat\s+\$1\.00\s+3\.46B\s+\$3456\.00\s+\$3064\.32\s+\$391\.68\s+11\.3%/);
  const sums = summarise([row, { ...row, seed: 2 }]);
  assert.equal(sums[0]!.revenueUsd!.mean, 3_456);
  assert.match(renderComparison('served', 2, sums, 0), /REVENUE\s+MARGIN/);
  assert.match(comparisonCsv([row]), /,revenue_usd,serving_cost_usd,gross_margin\n.*,3456\.00,3064\.32,0\.113333\n$/);
  assert.match(renderSimulationReport({ scenario: 'served', result: r }), /Inference revenue/);
});

test('a price is rounded to the cent once per service (half away from zero)', () => {
  // 3,456 M tokens × 0.333 USD = 1,150.848 USD → 115,085 cents.
  const v = run(' pricePerMillionTokens: 0.333 USD,').revenue!;
  assert.equal(v.revenueCents, 115_085);
  assert.equal(v.marginCents, 115_085 - 306_432);
  assert.ok(v.grossMargin! < 0);
});

test('without a price there are no revenue fields anywhere', () => {
  const r = run('');
  assert.equal('revenue' in r, false);
  assert.equal(JSON.stringify(r).includes('revenue'), false);
  const row = { ...toSummary(r), ...revenueSummary(r) };
  assert.deepEqual(revenueSummary(r), {});
  assert.equal('revenueUsd' in row || 'grossMargin' in row || 'servingCostUsd' in row, false);
  assert.doesNotMatch(renderSimulation('served', row, r), /REVENUE/);
  const sums = summarise([row]);
  assert.equal('revenueUsd' in sums[0]! || 'grossMargin' in sums[0]!, false);
  assert.doesNotMatch(renderComparison('served', 1, sums, 0), /REVENUE|MARGIN/);
  assert.doesNotMatch(comparisonCsv([row]), /revenue|margin/);
  assert.doesNotMatch(renderSimulationReport({ scenario: 'served', result: r }), /Inference revenue/);
});
