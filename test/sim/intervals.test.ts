/** Confidence intervals over seeds stay inside their metric's domain, contain the mean, and are deterministic;
 * a mean over nothing is null (JSON) / — (tables), never 0. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { interval, NON_NEGATIVE, SHARE, summarise, t975, type Domain, type RunSummary } from '../../src/sim/metrics.js';
import { ci, comparisonCsv, renderComparison } from '../../src/cli/render-sim.js';
import { money, pct } from '../../src/cli/format.js';

/** Values in [min, max] with the bounds themselves (and repeats) drawn often, as seeds of real metrics are. */
const values = (min: number, max: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof(fc.constant(min), fc.constant(max), fc.double({ min, max, noNaN: true })), {
    minLength: 0,
    maxLength: 40,
  });

function check(xs: number[], domain: Domain): void {
  const i = interval(xs, domain);
  if (xs.length === 0) {
    assert.equal(i, null);
    return;
  }
  assert.ok(i);
  assert.equal(i.n, xs.length);
  const lo = domain.min ?? -Infinity;
  const hi = domain.max ?? Infinity;
  assert.ok(
    i.mean >= lo - 1e-9 * Math.max(1, Math.abs(lo)) && i.mean <= hi + 1e-9 * Math.max(1, Math.abs(hi)),
    `mean ${i.mean}`,
  );
  if (xs.length === 1) {
    assert.equal(i.lo, null);
    assert.equal(i.hi, null);
    return;
  }
  assert.ok(i.lo !== null && i.hi !== null);
  assert.ok(i.lo >= lo && i.hi <= hi, `[${i.lo}, ${i.hi}] leaves [${lo}, ${hi}] for ${JSON.stringify(xs)}`);
  assert.ok(i.lo <= i.mean && i.mean <= i.hi, `[${i.lo}, ${i.hi}] misses the mean ${i.mean}`);
  assert.deepEqual(interval([...xs], domain), i, 'the same values give the same interval');
}

test('shares in [0, 1]: the interval stays in [0, 1] and contains the mean', () => {
  fc.assert(
    fc.property(values(0, 1), (xs) => check(xs, SHARE)),
    { numRuns: 500 },
  );
});

test('non-negative quantities (money, hours, counts): the interval never goes below 0 and contains the mean', () => {
  fc.assert(
    fc.property(values(0, 1e9), (xs) => check(xs, NON_NEGATIVE)),
    { numRuns: 500 },
  );
});

test('a gross margin (at most 100%, may be negative): the interval stays at or below 100%', () => {
  fc.assert(
    fc.property(values(-5, 1), (xs) => check(xs, { max: 1 })),
    { numRuns: 500 },
  );
});

test('without a domain: the Student-t interval, containing the mean, the same for the same values', () => {
  fc.assert(
    fc.property(values(-1e6, 1e6), (xs) => check(xs, {})),
    { numRuns: 300 },
  );
});

test('a value outside the domain widens it rather than being hidden: the interval still contains the mean', () => {
  const i = interval([-10, -12, -11], NON_NEGATIVE)!;
  assert.ok(i.lo! <= i.mean && i.mean <= i.hi!);
  assert.ok(i.mean < 0);
});

test('the README shortfall example ($3020.40 ±$4660.04) no longer reaches below $0', () => {
  const xs = [0, 0, 0, 0, 0, 0, 0, 0, 15_102, 15_102];
  const i = interval(xs, NON_NEGATIVE)!;
  assert.ok(Math.abs(i.mean - 3020.4) < 1e-9);
  assert.equal(i.lo, 0);
  assert.equal(i.method, 'truncated-t');
  assert.ok(i.hi! > i.mean);
  assert.equal(ci(i, money), '$3020.40 [$0.00, $7575.16]', 'as docs/simulator.md says');
});

test('served 99.9% over seeds: the interval is asymmetric below 100%, never above it', () => {
  const xs = [1, 1, 1, 0.995, 1, 1, 0.999, 1, 1, 1];
  const i = interval(xs, SHARE)!;
  assert.equal(i.method, 'logit-t');
  assert.ok(i.hi! < 1 && i.lo! < i.mean);
  assert.ok(i.hi! - i.mean < i.mean - i.lo!, 'the interval is shorter on the side of the bound');
  assert.match(ci(i, pct), /^99\.9% \[99\.\d%, 100\.0%\]$/);
});

test('without a bound the interval is the Student-t one, printed ±', () => {
  const i = interval([1, 2, 3, 4])!;
  assert.equal(i.method, 'student-t');
  const half = (3.182 * Math.sqrt(5 / 3)) / 2;
  assert.ok(Math.abs(i.lo! - (2.5 - half)) < 1e-12 && Math.abs(i.hi! - (2.5 + half)) < 1e-12);
  assert.equal(
    ci(i, (v) => v.toFixed(1)),
    `2.5 ±${half.toFixed(1)}`,
  );
});

test('t(0.975) beyond the table is not 1.96 (which made intervals over 31–1000 seeds too narrow)', () => {
  assert.equal(t975(30), 2.042);
  assert.ok(Math.abs(t975(40) - 2.021) < 5e-4, String(t975(40)));
  assert.ok(Math.abs(t975(60) - 2.0) < 5e-4, String(t975(60)));
  assert.ok(Math.abs(t975(120) - 1.98) < 5e-4, String(t975(120)));
  assert.ok(Math.abs(t975(999) - 1.962) < 5e-4, String(t975(999)));
});

test('one seed has no interval (null bounds), not a zero-width one', () => {
  const i = interval([5], NON_NEGATIVE)!;
  assert.deepEqual(i, { mean: 5, lo: null, hi: null, n: 1, method: 'none' });
  assert.equal(
    ci(i, (v) => v.toFixed(1)),
    '5.0',
  );
  assert.match(JSON.stringify(i), /"lo":null,"hi":null/);
});

const run = (policy: string, seed: number, extra: Partial<RunSummary> = {}): RunSummary => ({
  policy,
  seed,
  effectiveUsd: 100 + seed,
  billedUsd: 90 + seed,
  attainment: 1,
  shortfallUsd: 0,
  deadlineMisses: 0,
  lostGpuHours: 0,
  ...extra,
});

test('a mean over nothing: null in JSON, — in the table, an empty CSV cell; never 0', () => {
  // No job finished in any seed, no inference demand, a priced service without revenue.
  const runs = [1, 2].map((s) =>
    run('skyfleet', s, {
      meanCompletionHours: null,
      attainment: null,
      revenueUsd: 0,
      servingCostUsd: 0,
      grossMargin: null,
    }),
  );
  runs.push(
    run('offline-optimal', 1, {
      attainment: null,
      shortfallUsd: undefined,
      deadlineMisses: undefined,
      lostGpuHours: undefined,
    }),
  );
  const [sky, opt] = summarise(runs);
  assert.ok(sky && opt);
  assert.equal(sky.meanCompletionHours, null);
  assert.equal(sky.attainment, null);
  assert.equal(sky.grossMargin, null);
  assert.equal(opt.attainment, null);
  assert.equal('meanCompletionHours' in opt, false, 'a measure the policy lacks stays absent');
  const json = JSON.parse(JSON.stringify(sky)) as Record<string, unknown>;
  assert.equal(json.meanCompletionHours, null);
  assert.equal(json.attainment, null);
  const text = renderComparison('t', 2, [sky, opt], 1);
  const row = text.split('\n').find((l) => /^skyfleet +\$/.test(l))!;
  assert.doesNotMatch(row, /0\.0%|\bNaN\b/);
  assert.ok(row.includes('\u2014'), row);
  const csv = comparisonCsv(runs).split('\n')[1]!.split(',');
  assert.equal(csv[5], '', 'attainment cell is empty');
  assert.equal(csv[9], '', 'mean completion cell is empty');
  assert.equal(csv.at(-1), '', 'gross margin cell is empty');
});

test('mean job hours over seeds use only the seeds where some job finished', () => {
  const [s] = summarise([
    run('p', 1, { meanCompletionHours: 4 }),
    run('p', 2, { meanCompletionHours: null }),
    run('p', 3, { meanCompletionHours: 6 }),
  ]);
  assert.equal(s!.meanCompletionHours!.mean, 5);
  assert.equal(s!.meanCompletionHours!.n, 2);
});
