/** The pure renderers: structure, escaping, number formats, determinism, and the building blocks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderComparisonReport, renderSimulationReport } from '../../src/report/index.js';
import { summarise, type RunSummary } from '../../src/sim/metrics.js';
import { compact, esc, pct, usd } from '../../src/report/format.js';
import { niceTicks, timeTicks } from '../../src/report/svg.js';
import { servedFloor, shareLabels } from '../../src/report/availability.js';
import { textOn } from '../../src/report/palette.js';
import { EVIL_CONTRACT, EVIL_PROVIDER, EVIL_SCENARIO, handResult, tinyRun } from './fixture.js';

const count = (s: string, re: RegExp): number => s.match(new RegExp(re.source, 'g'))?.length ?? 0;
/** Every SVG chart in the page, as its source text. */
const charts = (html: string): string[] => html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? [];

test('a simulation report is one self-contained page with a titled chart per contract, spend and availability', () => {
  const html = renderSimulationReport({ scenario: 'tiny', result: handResult() });
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/,
  );
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(http|src=/i, 'nothing to load, nothing to run');
  assert.deepEqual(
    [...html.matchAll(/https?:\/\/[^"'\s<]+/g)].map((m) => m[0]),
    Array(charts(html).length).fill('http://www.w3.org/2000/svg'),
    'no address but the SVG namespace',
  );
  const svgs = charts(html);
  assert.deepEqual(
    svgs.map((s) => /data-chart="([^"]+)"/.exec(s)![1]),
    ['burn-down', 'spend', 'gpu-share', 'availability'],
  );
  for (const s of svgs) {
    const id = /id="([^"]+)"/.exec(s)![1]!;
    assert.match(
      s,
      new RegExp(
        `role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`,
      ),
    );
    assert.match(s, /class="axis x-axis"/);
    assert.ok(count(s, /class="mark/) > 0, `${id} has marks`);
    for (const m of s.matchAll(
      /<rect class="mark[^"]*" x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"/g,
    )) {
      const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
      assert.ok(w > 0 && h > 0, `${id}: a mark of size ${w}×${h}`);
      assert.ok(x >= 0 && y >= 0 && x + w <= 960.5, `${id}: a mark inside the chart (${x}, ${y}, ${w})`);
    }
  }
  assert.equal(count(html, /<ul class="legend">/), 4, 'a legend per chart');
  assert.match(html, /Share of GPU-hours/);
  assert.match(html, /Burned in the period \(USD\)/);
  assert.match(html, /Spend rate \(USD per 730 h month\)/);
  assert.match(html, /Date \(UTC\)/);
});

test('the burn-down marks the met period and the short one, with what was paid', () => {
  const html = renderSimulationReport({ scenario: 'tiny', result: handResult() });
  const burn = charts(html)[0]!;
  assert.equal(count(burn, /class="mark end-met"/), 1);
  assert.equal(count(burn, /class="mark shortfall"/), 1);
  assert.match(burn, /short \$800\.00, paid \$800\.00/);
  assert.equal(count(burn, /class="mark ramp"/), 1, 'one ramp line over both periods');
  assert.match(burn, /burned \$1,200\.00 of \$2,000\.00 \(60\.0%\), short \$800\.00, paid \$800\.00/);
});

test('names are escaped everywhere (text, attributes, titles); the raw markup never appears', () => {
  const html = renderSimulationReport({ scenario: EVIL_SCENARIO, result: handResult() });
  for (const raw of [EVIL_SCENARIO, EVIL_PROVIDER, EVIL_CONTRACT, '<script>', '<ci>', '<1>'])
    assert.ok(!html.includes(raw), `raw ${raw}`);
  assert.match(
    html,
    /<title>skyfleet simulate: &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; co \(skyfleet, seed 7\)<\/title>/,
  );
  assert.ok(html.includes(`<th scope="row">${esc(EVIL_PROVIDER)}</th>`));
  assert.ok(html.includes(`<h3>${esc(EVIL_CONTRACT)} (aws): burn against the ramp</h3>`));
  assert.ok(html.includes('<text class="lane-label" x="102" y="') && html.includes(`>${esc(EVIL_PROVIDER)}</text>`));
  assert.match(html, /id="burn-0-c-1"/, 'ids keep only letters and digits');
  assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('numbers are formatted for people: money, shares, thousands, durations, UTC dates', () => {
  const html = renderSimulationReport({ scenario: 'tiny', result: handResult() });
  assert.match(html, /<dt>Billed<\/dt><dd>\$1\.23M<small>usage \$1\.15M · reserved \$0\.00<\/small>/);
  assert.match(html, /<dt>Inference served<\/dt><dd>98\.84%<small>2,135 of 2,160 replica-h/);
  assert.match(html, /<td class="n">\$1,000\.00<\/td><td class="n">\$1,500\.00<\/td><td class="n">150\.0%<\/td>/);
  assert.match(html, /<td class="n">\$1\.00M<\/td><td class="n">81\.0%<\/td><td class="n">333,333<\/td>/);
  assert.match(html, /5\.0 h\)<\/title>/, 'a 5-hour outage');
  assert.match(html, /1 outage, 12 min/, 'a 0.2-hour outage');
  assert.match(html, /2027-01-01 → 2027-04-01 \(UTC\), 12,345 events/);
  assert.doesNotMatch(html, /NaN|undefined|Infinity|\[object/);
  assert.equal(usd(16_825_296.02), '$16.83M');
  assert.equal(usd(41_234), '$41.2k');
  assert.equal(usd(1234.5), '$1,234.50');
  assert.equal(usd(-2e9), '-$2.00B');
  assert.equal(compact(1500), '1.5k');
  assert.equal(compact(2_000_000), '2M');
  assert.equal(compact(0.25), '0.25');
  assert.equal(pct(0.99972, 2), '99.97%');
  assert.equal(usd(Number.NaN), '–');
});

test('the same result renders to the same bytes', () => {
  const r = tinyRun();
  assert.equal(
    renderSimulationReport({ scenario: 'x', result: r }),
    renderSimulationReport({ scenario: 'x', result: r }),
  );
});

test('a real tiny run: burn-down with its shortfall, spend, GPU share, served share dipping in the outage bucket', () => {
  const r = tinyRun();
  const html = renderSimulationReport({ scenario: 'tiny-report', result: r });
  assert.equal(charts(html).length, 4);
  assert.match(html, /short \$3,467\.84, paid \$3,467\.84/); // period 2 burns 8 GPUs × 48 h × 3.99 USD (the service, on one gpu_8x_h100_sxm5) of its $5,000
  assert.match(html, /75\.000% of inference demand served \(9 of 12 H100-replica-hours\)/);
  assert.match(html, /1 outage, 3\.0 h/);
});

test('without contracts or inference the report says so instead of drawing empty charts', () => {
  const base = handResult();
  const html = renderSimulationReport({
    scenario: 'bare',
    result: {
      ...base,
      contracts: [],
      outages: [],
      periods: base.periods.map((p) => ({ ...p, demandUnitHours: 0, servedUnitHours: 0 })),
      inference: { demandUnitHours: 0, servedUnitHours: 0, attainment: null, spreadBreachUnitHours: 0 },
    },
  });
  assert.match(html, /The scenario has no commitment \(take-or-pay\) contracts in the horizon\./);
  assert.deepEqual(
    charts(html).map((s) => /data-chart="([^"]+)"/.exec(s)![1]),
    ['spend', 'gpu-share', 'availability'],
  );
  assert.match(html, /the scenario has no inference demand/);
  assert.doesNotMatch(html, /Served \(%\)/);
  assert.equal(count(html, />no outages</), 2);
});

const run = (
  policy: string,
  seed: number,
  effectiveUsd: number,
  attainment: number,
  extra: Partial<RunSummary> = {},
): RunSummary => ({ policy, seed, effectiveUsd, billedUsd: effectiveUsd * 0.9, attainment, ...extra });

test('a comparison report: cost and availability bars with 95% intervals, spend shares, the summary table', () => {
  const share = { aws: 0.75, [EVIL_PROVIDER]: 0.25 };
  const runs = [
    run('single:aws', 1, 2.5e7, 0.72, { spendShare: { aws: 1 } }),
    run('single:aws', 2, 2.6e7, 0.74, { spendShare: { aws: 1 } }),
    run('skyfleet', 1, 1.6e7, 0.9998, { spendShare: share, shortfallUsd: 0 }),
    run('skyfleet', 2, 1.7e7, 0.9996, { spendShare: share, shortfallUsd: 0 }),
    run('offline-optimal', 1, 1e7, 1),
    run('offline-optimal', 2, 1e7, 1),
  ];
  const html = renderComparisonReport({ scenario: 'startup', seeds: 2, summaries: summarise(runs), runs });
  const svgs = charts(html);
  assert.deepEqual(
    svgs.map((s) => /data-chart="([^"]+)"/.exec(s)![1]),
    ['policy-cost', 'policy-availability', 'policy-share'],
  );
  const [cost, avail, share2] = svgs as [string, string, string];
  assert.equal(count(cost, /class="mark bar"/), 6, 'effective and billed per policy (offline-optimal included)');
  assert.equal(count(cost, /class="mark ci"/), 4, 'an interval where two seeds differ; none for the flat bound');
  assert.equal(count(cost, /class="mark mean"/), 6);
  // skyfleet: mean 16.5M, t(0.975, 1) = 12.706, sd = 0.707M: half-width 12.706 × 0.5M = 6.35M.
  assert.match(cost, /\$16\.50M ±\u2060\$6\.35M/);
  // Shares get a logit-scale interval: asymmetric, inside [0%, 100%] (the Student-t one said 27.000% ±12.706%, and
  // skyfleet's 99.970% ±0.127% served reached 100.097%).
  assert.match(avail, /single:aws: 73\.000% \[58\.661%,\u00a083\.744%\] served/);
  assert.match(avail, /27\.000% \[16\.256%,\u00a041\.339%\] not served/, 'single:aws leaves 27% unserved, 16–41%');
  assert.match(avail, /skyfleet: 99\.970% \[97\.966%,\u00a0100\.000%\] served/);
  for (const s of summarise(runs))
    assert.ok(s.attainment!.hi === null || s.attainment!.hi <= 1, `${s.policy} served at most 100%`);
  assert.doesNotMatch(html, /100\.0\d*[1-9]\d*%/, 'no share above 100%');
  assert.equal(count(avail, /class="mark mean"/), 3, 'a dot even where nothing is unserved');
  assert.equal(count(share2, /<rect class="mark"/), 3, 'aws alone, then aws and the other provider');
  assert.match(html, /Not shown \(no per-provider spend\): offline-optimal\./);
  assert.ok(!html.includes(EVIL_PROVIDER) && html.includes(esc(EVIL_PROVIDER)));
  assert.match(html, /<th scope="row">skyfleet<\/th><td class="n">\$16\.50M ±\u2060\$6\.35M<\/td>/);
  assert.match(html, /<dt>Cheapest online policy<\/dt><dd>skyfleet<small>/);
  assert.match(html, /<dt>Lower bound \(offline-optimal\)<\/dt><dd>\$10\.00M/);
  assert.match(html, /All 6 runs/);
});

test('one seed: no intervals drawn, the means still are', () => {
  const runs = [run('cheapest-first', 1, 1.2e7, 1), run('skyfleet', 1, 1.1e7, 1)];
  const html = renderComparisonReport({ scenario: 's', seeds: 1, summaries: summarise(runs), runs });
  assert.equal(count(html, /class="mark ci"/), 0);
  assert.equal(count(charts(html)[0]!, /class="mark mean"/), 4);
  assert.match(html, /No policy in this comparison reports spend per provider\./);
  assert.match(html, /1 seed, no interval/);
});

test('building blocks: nice ticks, calendar ticks, the served axis floor and its labels, text colour on a fill', () => {
  assert.deepEqual(niceTicks(0, 185_650, 5), [0, 50_000, 100_000, 150_000, 200_000]);
  assert.deepEqual(niceTicks(0, 0.3, 5), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(niceTicks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  const T = Date.UTC(2026, 11, 1);
  assert.deepEqual(
    timeTicks(T, Date.UTC(2027, 11, 1)).map((t) => t.label),
    ['Jan 2027', 'Mar 2027', 'May 2027', 'Jul 2027', 'Sep 2027', 'Nov 2027'],
  );
  assert.deepEqual(
    timeTicks(T, Date.UTC(2033, 11, 1)).map((t) => t.label),
    ['2027', '2028', '2029', '2030', '2031', '2032', '2033'],
  );
  assert.deepEqual(
    timeTicks(T, T + 2 * 86_400_000).map((t) => t.label),
    [
      '1 Dec 00:00',
      '1 Dec 06:00',
      '1 Dec 12:00',
      '1 Dec 18:00',
      '2 Dec 00:00',
      '2 Dec 06:00',
      '2 Dec 12:00',
      '2 Dec 18:00',
      '3 Dec 00:00',
    ],
  );
  assert.equal(servedFloor(0.9997), 0.9995);
  assert.equal(servedFloor(1), 0.99);
  assert.equal(servedFloor(0), 0);
  assert.deepEqual(shareLabels([0.9995, 0.99975, 1]), ['99.950%', '99.975%', '100.000%']);
  assert.deepEqual(shareLabels([0.96, 0.98, 1]), ['96%', '98%', '100%']);
  assert.equal(textOn('#0072B2'), '#ffffff');
  assert.equal(textOn('#E69F00'), '#000000');
});
