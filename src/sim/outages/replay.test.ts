import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { eventProblems } from './events.js';
import { parseIncidents } from './incidents.js';
import { recordWindow, replayOutages } from './replay.js';

const parsed = parseIncidents(
  readFileSync(new URL('../../../data/cloud-incidents-2018-2020.csv', import.meta.url), 'utf8'),
  'inc.csv',
);
assert.ok(parsed.ok);
const INC = parsed.value;
const W = recordWindow(INC);
const DAY = 86_400_000;

test('the record window is 2018-01-01 to 2021-01-01', () => {
  assert.deepEqual(W, { start: Date.UTC(2018, 0, 1), end: Date.UTC(2021, 0, 1) });
});

test('replayed onto its own window, each EC2 incident lands at its real time in its region', () => {
  const ev = replayOutages(INC, { providers: ['aws'], start: W.start, end: W.end });
  assert.deepEqual(eventProblems(ev, W.start, W.end), []);
  const ec2 = INC.filter((i) => i.provider === 'aws' && i.computeRelated && (i.durationMin ?? 0) > 0);
  assert.equal(ec2.length, 67);
  for (const i of ec2) {
    const region = i.regions[0]!;
    const hit = ev.find((e) => e.region === region && e.start <= i.start && e.end >= i.start + i.durationMin! * 60_000);
    assert.ok(hit, `incident on line ${i.line} (${region}) not replayed`);
  }
  assert.ok(ev.every((e) => e.provider === 'aws' && e.region !== '*'));
  assert.ok(ev.length <= 67 && ev.length >= 60); // a few same-region incidents overlap and merge
});

test('the record repeats to fill a longer horizon, shifted by its window', () => {
  const start = Date.UTC(2026, 0, 1);
  const period = W.end - W.start;
  const one = replayOutages(INC, { providers: ['gcp'], start, end: start + period });
  const two = replayOutages(INC, { providers: ['gcp'], start, end: start + 2 * period });
  assert.deepEqual(two.slice(0, one.length), one);
  assert.deepEqual(
    two.slice(one.length).map((e) => ({ ...e, start: e.start - period, end: e.end - period })),
    one,
  );
});

test('region filter, unknown scope and borrowing', () => {
  const opts = { providers: ['aws'], start: W.start, end: W.end, regions: { aws: ['us-east-1'] } };
  const east = replayOutages(INC, opts);
  assert.ok(east.length > 0 && east.every((e) => e.region === 'us-east-1'));
  const gcpGlobal = replayOutages(INC, { providers: ['gcp'], start: W.start, end: W.end });
  const gcpDrop = replayOutages(INC, { providers: ['gcp'], start: W.start, end: W.end, unknownScope: 'drop' });
  assert.ok(gcpDrop.length < gcpGlobal.length);
  assert.equal(replayOutages(INC, { providers: ['oci'], start: W.start, end: W.end }).length, 0);
  const oci = replayOutages(INC, {
    providers: ['oci'],
    start: W.start,
    end: W.end,
    borrow: { oci: 'aws' },
    regions: { oci: ['us-ashburn-1', 'us-phoenix-1'] },
  });
  assert.ok(
    oci.length > 0 && oci.every((e) => e.provider === 'oci' && ['us-ashburn-1', 'us-phoenix-1'].includes(e.region)),
  );
});

test('replayed events are always well formed', () => {
  fc.assert(
    fc.property(
      fc.subarray(['aws', 'azure', 'gcp', 'oci'], { minLength: 1 }),
      fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.integer({ min: 1, max: 3000 }),
      fc.constantFrom('compute' as const, 'all' as const),
      (providers, start, days, kind) => {
        const end = start + days * DAY;
        const ev = replayOutages(INC, {
          providers,
          start,
          end,
          kind,
          borrow: { oci: 'azure' },
          regions: { oci: ['r1'] },
        });
        assert.deepEqual(eventProblems(ev, start, end), []);
      },
    ),
    { numRuns: 40 },
  );
});
