/**
 * The reports as a person sees them: rendered by headless Chromium (the npm package @sparticuz/chromium's, or
 * Debian's when that one cannot start; through playwright-core, nothing downloaded). Each chart's
 * SVG has drawn marks of non-zero size, nothing is logged as an error, nothing is fetched, and a full-page screenshot
 * is left in os.tmpdir() to look at. Without Chromium the test fails with the way to install it, unless
 * SKYFLEET_SKIP_BROWSER=1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSimulationReport } from '../../src/report/index.js';
import { browserMissing, inspect, mergeArgs, type PageFacts } from './browser.js';
import { EVIL_SCENARIO, handResult } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'skyfleet-report-'));

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /report written to /);
}

function chartsDrawn(f: PageFacts, kinds: readonly string[]): void {
  assert.deepEqual(f.consoleErrors, [], 'no console errors');
  assert.deepEqual(f.requests, [], 'the report fetches nothing');
  assert.equal(f.scripts, 0, 'no scripts');
  assert.equal(f.overflowX, false, 'nothing overflows the page sideways');
  for (const kind of kinds)
    assert.ok(
      f.charts.some((c) => c.kind === kind),
      `a ${kind} chart is there`,
    );
  for (const c of f.charts) {
    assert.ok(c.width > 500 && c.height > 100, `${c.id} is laid out (${c.width}×${c.height})`);
    assert.ok(c.title.length > 0, `${c.id} has a title`);
    assert.ok(c.drawn > 0, `${c.id} has drawn marks`);
    assert.equal(c.drawn, c.marks, `${c.id}: every mark has a non-zero size`);
    assert.equal(c.emptyRects, 0, `${c.id}: no empty rects`);
  }
}

test('the reports render in headless Chromium with every chart drawn', { timeout: 240_000 }, async (t) => {
  if (process.env.SKYFLEET_SKIP_BROWSER === '1') {
    t.skip('SKYFLEET_SKIP_BROWSER=1: the reports were not rendered in a browser');
    return;
  }
  const missing = browserMissing();
  if (missing) assert.fail(missing);
  const sim = join(dir, 'sim', 'report.html');
  const cmp = join(dir, 'cmp', 'compare.html');
  const evil = join(dir, 'evil.html');
  cli(['simulate', 'examples/startup.yaml', '--seed', '1', '--no-progress', '--report', sim]);
  cli([
    'compare',
    'examples/startup.yaml',
    '--policies',
    'single:aws,skyfleet,offline-optimal',
    '--seeds',
    '2',
    '--workers',
    '2',
    '--no-progress',
    '--report',
    cmp,
  ]);
  writeFileSync(evil, renderSimulationReport({ scenario: EVIL_SCENARIO, result: handResult() }));
  const [s, c, e] = await inspect([
    { file: sim, name: 'simulate' },
    { file: cmp, name: 'compare' },
    { file: evil, name: 'escaping' },
  ]);

  chartsDrawn(s!, ['burn-down', 'spend', 'gpu-share', 'availability']);
  assert.equal(
    s!.charts.filter((x) => x.kind === 'burn-down').length,
    2,
    'one burn-down per contract (aws-credits, gcp-cud)',
  );
  chartsDrawn(c!, ['policy-cost', 'policy-availability', 'policy-money', 'policy-share']);
  chartsDrawn(e!, ['burn-down', 'spend', 'gpu-share', 'availability']);
  assert.equal(e!.title, `skyfleet simulate: ${EVIL_SCENARIO} (skyfleet, seed 7)`, 'hostile names come out as text');
  t.diagnostic(`rendered by ${s!.browser}; screenshots: ${s!.screenshot} ${c!.screenshot} ${e!.screenshot}`);
});

test('without Chromium the browser test fails and says how to get it (it does not skip silently)', () => {
  const why = browserMissing('/nonexistent/chromium', '@sparticuz/no-such-chromium');
  assert.match(
    why ?? '',
    /^Chromium not found: the npm package @sparticuz\/no-such-chromium is not installed \(`npm ci` installs it.*no Chromium at \/nonexistent\/chromium \(`apt-get install -y chromium`\).*SKYFLEET_SKIP_BROWSER=1/,
  );
  assert.equal(
    browserMissing('/nonexistent/chromium'),
    undefined,
    'the npm package is a devDependency: installed by npm ci',
  );
  assert.equal(
    browserMissing(process.execPath, '@sparticuz/no-such-chromium'),
    undefined,
    "Debian's Chromium alone is enough",
  );
});

test('the flags of both lists, the first of a name winning', () => {
  assert.deepEqual(
    mergeArgs(["--headless='shell'", '--no-sandbox', '--a=1'], ['--headless', '--no-sandbox', '--a=2', '--b']),
    ["--headless='shell'", '--no-sandbox', '--a=1', '--b'],
  );
});
