/** `simulate --csv --period`: calendar rows cut from the ledger exactly in cents; they add up to the run's totals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { apportionCents } from '../../src/ledger/apportion.js';
import { calendarPeriods, periodRows, type CsvPeriod } from '../../src/sim/calendar.js';
import { centsText, simulationCsv } from '../../src/cli/render-sim.js';
import type { LedgerLine } from '../../src/ledger/ledger.js';
import type { SimResult } from '../../src/sim/result.js';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { input, scenario } from './support.js';

const DAY = 86_400_000;

test('apportionCents: the parts add up to the amount exactly, each within a cent of its exact share', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e15, max: 1e15 }),
      fc.array(fc.integer({ min: 0, max: 400 * DAY }), { minLength: 1, maxLength: 12 }),
      (cents, weights) => {
        const parts = apportionCents(cents, weights);
        assert.equal(
          parts.reduce((s, p) => s + p, 0),
          cents,
        );
        const total = weights.reduce((s, w) => s + w, 0);
        parts.forEach((p, i) => {
          assert.ok(Number.isSafeInteger(p));
          if (total > 0)
            assert.ok(
              Math.abs(p - (cents * weights[i]!) / total) < 1 + 1e-6 * Math.abs(cents),
              `${p} vs ${(cents * weights[i]!) / total}`,
            );
        });
        assert.deepEqual(apportionCents(cents, weights), parts);
      },
    ),
    { numRuns: 500 },
  );
  assert.deepEqual(apportionCents(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(apportionCents(-100, [1, 1, 1]), [-34, -33, -33]);
  assert.deepEqual(apportionCents(5, [0, 0]), [5, 0]);
});

test('calendar months, quarters and years in UTC, cut at the horizon', () => {
  const s = Date.UTC(2026, 11, 15),
    e = Date.UTC(2027, 2, 10);
  assert.deepEqual(
    calendarPeriods(s, e, 1).map((p) => [
      new Date(p.start).toISOString().slice(0, 10),
      new Date(p.end).toISOString().slice(0, 10),
    ]),
    [
      ['2026-12-15', '2027-01-01'],
      ['2027-01-01', '2027-02-01'],
      ['2027-02-01', '2027-03-01'],
      ['2027-03-01', '2027-03-10'],
    ],
  );
  assert.deepEqual(
    calendarPeriods(s, Date.UTC(2028, 4, 1), 3).map((p) => new Date(p.start).toISOString().slice(0, 7)),
    ['2026-12', '2027-01', '2027-04', '2027-07', '2027-10', '2028-01', '2028-04'],
  );
  assert.deepEqual(
    calendarPeriods(s, Date.UTC(2029, 0, 1), 12).map((p) => new Date(p.start).toISOString().slice(0, 10)),
    ['2026-12-15', '2027-01-01', '2028-01-01'],
  );
});

/** A result with random buckets over a random horizon, spend in usage/reserved/shortfall lines as the ledger books them. */
const fakeResult = fc
  .record({
    start: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }),
    cuts: fc.array(fc.integer({ min: 1, max: 200 * DAY }), { minLength: 1, maxLength: 12 }),
    charges: fc.array(
      fc.tuple(
        fc.nat(11),
        fc.constantFrom('aws', 'gcp'),
        fc.constantFrom('usage', 'reserved', 'shortfall'),
        fc.integer({ min: 0, max: 5e12 }),
      ),
      { maxLength: 30 },
    ),
  })
  .map(({ start, cuts, charges }) => {
    let t = start;
    const buckets = cuts.map((d) => {
      const b = { start: t, end: t + d };
      t += d;
      return b;
    });
    const lines: LedgerLine[] = charges.map(([b, provider, kind, cents]) => ({
      period: b % buckets.length,
      provider,
      kind: kind as LedgerLine['kind'],
      tier: kind,
      contract: '',
      cents,
      postings: 1,
    }));
    const periods = buckets.map((b, i) => {
      const spendCents: Record<string, number> = { aws: 0, gcp: 0 };
      for (const l of lines) if (l.period === i) spendCents[l.provider]! += l.cents;
      return {
        ...b,
        spendCents,
        gpuHours: { aws: (b.end - b.start) / 3.6e6, gcp: 0 },
        demandUnitHours: 0,
        servedUnitHours: 0,
      };
    });
    return { horizon: { start, end: t }, periods, ledger: { lines } } as unknown as SimResult;
  });

for (const period of ['month', 'quarter', 'year'] as CsvPeriod[]) {
  test(`--period ${period}: every provider's rows add up to its billed total to the cent; shortfall in the bucket's last ${period}`, () => {
    fc.assert(
      fc.property(fakeResult, (r) => {
        const rows = periodRows(r, period);
        for (const p of ['aws', 'gcp']) {
          const want = r.ledger.lines.filter((l) => l.provider === p).reduce((s, l) => s + l.cents, 0);
          assert.equal(
            rows.reduce((s, x) => s + x.spendCents[p]!, 0),
            want,
            p,
          );
          for (const x of rows) assert.ok(Number.isSafeInteger(x.spendCents[p]));
        }
        const gh = rows.reduce((s, x) => s + x.gpuHours.aws!, 0);
        assert.ok(Math.abs(gh - (r.horizon.end - r.horizon.start) / 3.6e6) < 1e-6 * gh + 1e-9);
        // Rows tile the horizon; all but the first start on the 1st of a month at 00:00 UTC.
        assert.equal(rows[0]!.start, r.horizon.start);
        assert.equal(rows.at(-1)!.end, r.horizon.end);
        rows.forEach((x, k) => {
          if (k > 0) {
            assert.equal(x.start, rows[k - 1]!.end);
            const d = new Date(x.start);
            assert.equal(d.getUTCDate() * 1e6 + d.getUTCHours() * 1e4 + d.getUTCMinutes(), 1e6);
          }
        });
        // A shortfall alone in a bucket lands whole in the period of the bucket's last instant.
        const sf = r.ledger.lines.find((l) => l.kind === 'shortfall' && l.cents > 0);
        if (sf && r.ledger.lines.filter((l) => l.period === sf.period && l.provider === sf.provider).length === 1) {
          const end = r.periods[sf.period]!.end - 1;
          const row = rows.find((x) => x.start <= end && end < x.end)!;
          assert.ok(row.spendCents[sf.provider]! >= sf.cents);
        }
      }),
      { numRuns: 300 },
    );
  });
}

test("bucket rows are the simulator's buckets, unchanged; money printed exactly from cents", () => {
  assert.equal(centsText(123_456_789_012_345), '1234567890123.45');
  assert.equal(centsText(5), '0.05');
  assert.equal(centsText(-199), '-1.99');
  const r = simulate(input(scenario(yaml)), skyfleetPolicy, { seed: 1 });
  const rows = simulationCsv(r).trim().split('\n').slice(1);
  assert.equal(rows.length, r.periods.length * Object.keys(r.cost.byProviderCents).length);
});

// One H100 replica on lambda from 10 Dec 2026 for 80 days in 40-day buckets: buckets cross month ends.
const yaml = `
name: months
horizon: { start: 2026-12-10, length: 80d, bucket: 40d }
providers:
  lambda: { quota: 16, regions: [us-east-1], interconnect: 8 }
workloads:
  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, tokensPerSecondPerReplica: 10k tokens/s, demand: { us: 10k tokens/s }, minProviders: 1 }
`;

test("a real run: calendar months of the CSV add up to the ledger's billed total to the cent", () => {
  const r = simulate(input(scenario(yaml)), skyfleetPolicy, { seed: 1 });
  assert.ok(r.periods.length >= 2 && r.cost.billedCents > 0);
  const csv = simulationCsv(r, 'month')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  assert.deepEqual([...new Set(csv.map((c) => c[0]!.slice(0, 10)))], ['2026-12-10', '2027-01-01', '2027-02-01']);
  const cents = csv.reduce((s, c) => {
    const [d, f] = c[3]!.split('.');
    return s + Number(d) * 100 + Number(f);
  }, 0);
  assert.equal(cents, r.cost.billedCents);
});

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const x = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: x.status, out: x.stdout, err: x.stderr };
}

test('an unknown --period is a usage error: exit 2, one line, the value escaped', () => {
  const r = cli(['simulate', 'examples/startup.yaml', '--outages', 'none', '--csv', '--period', 'week\u001b[31m']);
  assert.equal(r.code, 2, r.err);
  assert.equal(
    r.err,
    'skyfleet: --period must be one of bucket, month, quarter, year, not "week\\u001b[31m" [flag.invalid]\n',
  );
  assert.equal(r.out, '');
});

test('simulate --csv --period month on the startup example: the rows add up to the billed total of --json', () => {
  const args = ['simulate', 'examples/startup.yaml', '--outages', 'none', '--no-progress', '--seed', '3'];
  const csv = cli([...args, '--csv', '--period', 'month']);
  assert.equal(csv.code, 0, csv.err);
  const json = cli([...args, '--json']);
  const billed = (JSON.parse(json.out) as SimResult).cost.billedCents;
  const rows = csv.out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  assert.equal(rows.length, 12 * 4, '12 calendar months (Dec 2026 to Nov 2027) × 4 providers');
  assert.equal(
    rows.reduce((s, c) => {
      const [d, f] = c[3]!.split('.');
      return s + Number(d) * 100 + Number(f);
    }, 0),
    billed,
  );
});

test('simulate --csv with offline-optimal (an LP bound, no periods) is a usage error, not a text summary on stdout', () => {
  const r = cli([
    'simulate',
    'examples/startup.yaml',
    '--outages',
    'none',
    '--no-progress',
    '--policy',
    'offline-optimal',
    '--csv',
  ]);
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /^skyfleet: --csv needs a simulated policy: offline-optimal is an LP bound without spend per period \(use compare --csv\) \[flag\.invalid\]\n$/,
  );
});
