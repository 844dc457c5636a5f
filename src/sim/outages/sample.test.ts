import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createRng } from '../../core/rng.js';
import type { OutageEvent } from './events.js';
import { eventProblems, normalizeEvents } from './events.js';
import { parseIncidents } from './incidents.js';
import { sampleOutages } from './sample.js';
import { fitOutageStats, statsFor } from './stats.js';

const parsed = parseIncidents(
  readFileSync(new URL('../../../data/cloud-incidents-2018-2020.csv', import.meta.url), 'utf8'),
  'inc.csv',
);
assert.ok(parsed.ok);
const STATS = fitOutageStats(parsed.value);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function assertWellFormed(events: readonly OutageEvent[], start: number, end: number): void {
  assert.deepEqual(eventProblems(events, start, end), []);
}

const providers = fc.subarray(['aws', 'azure', 'gcp', 'oci', 'lambda'], { minLength: 1 });
const regions = {
  aws: ['us-east-1', 'us-west-2'],
  azure: ['eastus'],
  gcp: ['us-central1', 'europe-west4'],
  oci: ['us-ashburn-1'],
};

test('sampled outages: same seed same outages; sorted, non-overlapping per (provider, region), inside the horizon', () => {
  fc.assert(
    fc.property(
      providers,
      fc.integer(),
      fc.integer({ min: 1, max: 4 * 365 }),
      fc.constantFrom('compute' as const, 'all' as const),
      (ps, seed, days, kind) => {
        const opts = { providers: ps, regions, start: T0, end: T0 + days * DAY, kind };
        const a = sampleOutages(STATS, opts, createRng(seed));
        assert.deepEqual(a, sampleOutages(STATS, opts, createRng(seed)));
        assertWellFormed(a, opts.start, opts.end);
        assert.ok(
          a.every(
            (e) =>
              ps.includes(e.provider) &&
              (e.region === '*' || (regions as Record<string, string[]>)[e.provider]!.includes(e.region)),
          ),
        );
      },
    ),
    { numRuns: 60 },
  );
});

test("a provider's outages do not change when another provider is added", () => {
  const base = { regions, start: T0, end: T0 + 365 * DAY };
  const alone = sampleOutages(STATS, { ...base, providers: ['aws'] }, createRng(7));
  const both = sampleOutages(STATS, { ...base, providers: ['gcp', 'aws'] }, createRng(7)).filter(
    (e) => e.provider === 'aws',
  );
  assert.deepEqual(both, alone);
  assert.ok(alone.length > 0);
});

test('long-run rates and durations follow the fitted statistics', () => {
  const years = 200;
  const end = T0 + years * 365.25 * DAY;
  // AWS compute: every incident is regional (share 1), 17 regions observed → 68/3/17 per region per year.
  const aws = sampleOutages(
    STATS,
    { providers: ['aws'], regions: { aws: ['us-east-1'] }, start: T0, end },
    createRng(1),
  );
  const s = statsFor(STATS, 'aws').compute;
  const expected = ((s.perYear * s.regionalShare) / s.regionsObserved) * years;
  assert.ok(aws.every((e) => e.region === 'us-east-1'));
  assert.ok(Math.abs(aws.length - expected) < 4 * Math.sqrt(expected), `${aws.length} vs ${expected}`);
  // GCP all incidents, provider-wide only: rate perYear × (1 − share); median duration ≈ exp(mu).
  const gcp = sampleOutages(
    STATS,
    { providers: ['gcp'], start: T0, end, kind: 'all', maxDurationMin: 1e9 },
    createRng(2),
  );
  const g = statsFor(STATS, 'gcp').all;
  const gExpected = g.perYear * (1 - g.regionalShare) * years;
  assert.ok(gcp.every((e) => e.region === '*'));
  // Merging overlapping outages can only lower the count, by a few percent at this rate.
  assert.ok(
    gcp.length <= gExpected + 4 * Math.sqrt(gExpected) && gcp.length > 0.9 * gExpected,
    `${gcp.length} vs ${gExpected}`,
  );
  const mins = gcp.map((e) => (e.end - e.start) / 60_000).sort((a, b) => a - b);
  const median = mins[mins.length >> 1]!;
  assert.ok(
    Math.abs(Math.log(median) - g.duration.lognormal.mu) < 0.15,
    `median ${median} vs exp(mu) ${Math.exp(g.duration.lognormal.mu)}`,
  );
});

test('maxDurationMin caps every outage', () => {
  const ev = sampleOutages(
    STATS,
    { providers: ['azure'], regions, start: T0, end: T0 + 20 * 365 * DAY, maxDurationMin: 60 },
    createRng(3),
  );
  assert.ok(ev.length > 0 && ev.every((e) => e.end - e.start <= 60 * 60_000));
});

test('eventProblems finds each kind of problem', () => {
  const e = (provider: string, region: string, start: number, end: number) => ({ provider, region, start, end });
  assert.deepEqual(eventProblems([e('a', '*', 0, 5), e('a', 'r', 1, 2)], 0, 10), []);
  assert.equal(eventProblems([e('a', '*', 0, 5), e('a', '*', 5, 6)], 0, 10).length, 1); // touching
  assert.equal(eventProblems([e('a', '*', 3, 5), e('b', '*', 1, 2)], 0, 10).length, 1); // order
  assert.equal(eventProblems([e('a', '*', 3, 11)], 0, 10).length, 1); // horizon
  assert.equal(eventProblems([e('a', '*', 3, 3)], 0, 10).length, 1); // empty
});

test('normalizeEvents clips, merges and sorts', () => {
  const e = (provider: string, region: string, start: number, end: number) => ({ provider, region, start, end });
  assert.deepEqual(
    normalizeEvents(
      [
        e('b', '*', 5, 8),
        e('a', 'r', 0, 4),
        e('a', 'r', 3, 6),
        e('a', 'r', 6, 7),
        e('a', '*', -5, 1),
        e('a', 'r', 20, 30),
      ],
      0,
      25,
    ),
    [e('a', '*', 0, 1), e('a', 'r', 0, 7), e('b', '*', 5, 8), e('a', 'r', 20, 25)],
  );
});
