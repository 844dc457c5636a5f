/** The compare report's "where the money goes" chart: one stacked bar per policy with a breakdown, the parts in
 * order and adding up to the bar, the bound as a dashed line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderComparisonReport } from '../../src/report/index.js';
import type { RunSummary } from '../../src/sim/metrics.js';
import { summarise } from '../../src/sim/metrics.js';
import { boundBreakdown, type MoneyBreakdown } from '../../src/sim/money-breakdown.js';
import { summariseRegret } from '../../src/sim/regret.js';
import type { Cents } from '../../src/core/money.js';

const c = (n: number): Cents => n as Cents;
const breakdown = (useful: number, shortfall: number, outage: number, unserved: number): MoneyBreakdown => ({
  effectiveCents: c(useful + shortfall + outage + unserved),
  usefulCents: c(useful),
  shortfallCents: c(shortfall),
  unusedReservedCents: c(0),
  spotLossCents: c(0),
  outageLossCents: c(outage),
  capacityLossCents: c(0),
  unservedCents: c(unserved),
});
const run = (policy: string, b: MoneyBreakdown): RunSummary => ({
  policy,
  seed: 1,
  effectiveUsd: b.effectiveCents / 100,
  billedUsd: (b.effectiveCents - b.unservedCents) / 100,
  attainment: 1,
  breakdown: b,
});

test('where the money goes: a stacked bar per policy, the parts adding up to it, the bound as a dashed line', () => {
  const runs = [
    run('cheapest-first', breakdown(800_000_00, 150_000_00, 20_000_00, 30_000_00)),
    run('hindsight', breakdown(800_000_00, 150_000_00, 0, 30_000_00)),
    { policy: 'offline-optimal', seed: 1, effectiveUsd: 600_000, billedUsd: 600_000, attainment: 1 },
  ];
  const regret = summariseRegret(runs);
  const html = renderComparisonReport({ scenario: 's', seeds: 1, summaries: summarise(runs), runs, regret });
  const svg = /<svg[^>]*data-chart="policy-money"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  assert.ok(svg, 'the chart is there');
  const parts = [...svg.matchAll(/data-part="([a-zA-Z]+)"/g)].map((m) => m[1]);
  assert.deepEqual(parts, [
    'useful',
    'commitmentWaste',
    'outages',
    'unserved',
    'useful',
    'commitmentWaste',
    'unserved',
  ]);
  assert.match(svg, /cheapest-first: \$1\.00M = useful spend \$800\.0k \+ commitment waste/);
  assert.match(svg, /class="mark bound"/);
  assert.match(svg, /offline-optimal lower bound: \$600\.0k/);
  const g = regret.find((r) => r.policy === 'cheapest-first')?.regretUsd;
  assert.deepEqual(g, {
    total: 400_000,
    commitmentWaste: 150_000,
    spotLosses: 0,
    queueingUnserved: 30_000,
    outages: 20_000,
    capacityLosses: 0,
    other: 200_000,
  });
  assert.equal(regret.find((r) => r.policy === 'cheapest-first')?.gapToHindsightUsd?.mean, 20_000);
  // With the bound's own money (its LP reports commitment waste and unserved work), each part is compared to the
  // bound's: waste 150k − 100k, unserved 30k − 10k, useful 800k − 490k.
  const own = boundBreakdown({
    effectiveUsd: 600_000,
    unservedUsd: 10_000,
    shortfallUsd: 60_000,
    unusedReservedUsd: 40_000,
  });
  const withOwn = summariseRegret([...runs.slice(0, 2), { ...runs[2]!, breakdown: own }]);
  assert.deepEqual(withOwn.find((r) => r.policy === 'cheapest-first')?.regretUsd, {
    total: 400_000,
    commitmentWaste: 50_000,
    spotLosses: 0,
    queueingUnserved: 20_000,
    outages: 20_000,
    capacityLosses: 0,
    other: 310_000,
  });
  assert.equal(withOwn.find((r) => r.policy === 'offline-optimal')?.breakdownUsd?.commitmentWaste, 100_000);
  assert.equal(withOwn.find((r) => r.policy === 'offline-optimal')?.regretUsd, undefined);
});

test('without a regret summary the report has no money chart (and says nothing false)', () => {
  const runs = [run('skyfleet', breakdown(100, 0, 0, 0))];
  const html = renderComparisonReport({ scenario: 's', seeds: 1, summaries: summarise(runs), runs });
  assert.doesNotMatch(html, /policy-money/);
});
