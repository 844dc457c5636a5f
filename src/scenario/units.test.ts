import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Result } from '../core/issues.js';
import {
  addDuration,
  formatDuration,
  formatMoney,
  parseDuration,
  parseFraction,
  parseGpuHours,
  parseInstant,
  parseMoney,
  parseRate,
  parseReplicas,
  parseTokensPerSecond,
  parseAnnualChange,
} from './units.js';

const value = <T>(r: Result<T>): T => {
  assert.ok(r.ok, r.ok ? '' : r.issues.map((i) => i.message).join('; '));
  return r.value;
};
const code = (r: Result<unknown>): string => {
  assert.ok(!r.ok, 'expected a failure');
  assert.equal(r.issues.length, 1);
  assert.ok(r.issues[0]!.message.length > 10);
  return r.issues[0]!.code;
};

test('money: suffixes are exact decimals', () => {
  assert.equal(value(parseMoney('38B USD')), 38e9);
  assert.equal(value(parseMoney('2.5M USD')), 2_500_000);
  assert.equal(value(parseMoney('750k USD')), 750_000);
  assert.equal(value(parseMoney('1200 USD')), 1200);
  assert.equal(value(parseMoney('1.1M USD')), 1_100_000); // not 1100000.0000000002
  assert.equal(value(parseMoney('0 USD')), 0);
});

test('money: wrong units, negatives and garbage are rejected with a code', () => {
  assert.equal(code(parseMoney('38B EUR')), 'unit.wrong-unit');
  const eur = parseMoney('38B EUR');
  assert.ok(!eur.ok && /currency EUR/.test(eur.issues[0]!.message));
  assert.equal(code(parseMoney('38B')), 'unit.wrong-unit');
  assert.equal(code(parseMoney('5m USD')), 'unit.wrong-unit'); // `m` is ambiguous, not a scale
  assert.equal(code(parseMoney('-5 USD')), 'value.negative');
  assert.equal(code(parseMoney('NaN USD')), 'unit.invalid');
  assert.equal(code(parseMoney('USD')), 'unit.invalid');
  assert.equal(code(parseMoney(12 as unknown as string)), 'unit.invalid');
});

test('durations in hours; calendar arithmetic for y/mo on dates', () => {
  assert.equal(value(parseDuration('7y')), 7 * 8760);
  assert.equal(value(parseDuration('6mo')), 6 * 730);
  assert.equal(value(parseDuration('2w')), 336);
  assert.equal(value(parseDuration('30d')), 720);
  assert.equal(value(parseDuration('2h')), 2);
  assert.equal(value(parseDuration('30min')), 0.5);
  assert.equal(code(parseDuration('7 years')), 'unit.wrong-unit');
  assert.equal(code(parseDuration('7')), 'unit.wrong-unit');
  assert.equal(code(parseDuration('5m')), 'unit.wrong-unit');
  assert.equal(code(parseDuration('-1d')), 'value.negative');
  const jan31 = value(parseInstant('2027-01-31'));
  assert.equal(value(addDuration(jan31, '1mo')), value(parseInstant('2027-02-28')));
  assert.equal(value(addDuration(value(parseInstant('2024-02-29')), '1y')), value(parseInstant('2025-02-28')));
  assert.equal(value(addDuration(value(parseInstant('2025-11-01')), '7y')), value(parseInstant('2032-11-01')));
  assert.equal(value(addDuration(jan31, '1.5y')), value(parseInstant('2028-07-31')));
  assert.equal(value(addDuration(jan31, '2d')), value(parseInstant('2027-02-02')));
  assert.equal(code(addDuration(jan31, '0.5mo')), 'unit.invalid');
});

test('fractions: percent or bare, within 0..1', () => {
  assert.equal(value(parseFraction('20%')), 0.2);
  assert.equal(value(parseFraction(0.2)), 0.2);
  assert.equal(value(parseFraction('0.25')), 0.25);
  assert.equal(value(parseFraction('100%')), 1);
  assert.equal(code(parseFraction('120%')), 'value.out-of-range');
  assert.equal(code(parseFraction(1.5)), 'value.out-of-range');
  assert.equal(code(parseFraction('-5%')), 'value.negative');
  assert.equal(code(parseFraction('twenty')), 'unit.invalid');
  assert.equal(code(parseFraction(Number.NaN)), 'unit.invalid');
});

test('GPU-hours, rates, tokens/s, replicas', () => {
  assert.equal(value(parseGpuHours('500k GPU-h')), 500_000);
  assert.equal(value(parseRate('2.1 USD/GPU-h')), 2.1);
  assert.equal(value(parseTokensPerSecond('1.2M tokens/s')), 1_200_000);
  assert.equal(value(parseReplicas('12 replicas')), 12);
  assert.equal(code(parseGpuHours('500k hours')), 'unit.wrong-unit');
  assert.equal(code(parseRate('2.1 USD/h')), 'unit.wrong-unit');
  assert.equal(code(parseRate('2k USD/GPU-h')), 'unit.invalid');
  assert.equal(code(parseTokensPerSecond('-3 tokens/s')), 'value.negative');
});

test('dates: YYYY-MM-DD or ISO-8601 in UTC only', () => {
  assert.equal(value(parseInstant('2026-12-01')), Date.UTC(2026, 11, 1));
  assert.equal(value(parseInstant('2026-12-01T06:30:00Z')), Date.UTC(2026, 11, 1, 6, 30));
  assert.equal(value(parseInstant('2026-12-01T06:30:00.5Z')), Date.UTC(2026, 11, 1, 6, 30, 0, 500));
  assert.equal(code(parseInstant('2026-02-30')), 'date.invalid');
  assert.equal(code(parseInstant('2026-12-01T06:30:00+02:00')), 'date.invalid');
  assert.equal(code(parseInstant('2026-12-01T06:30:00')), 'date.invalid');
  assert.equal(code(parseInstant('01/12/2026')), 'date.invalid');
});

test('property: money format -> parse round-trips', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.nat(),
        fc.double({ min: 0, max: 1e13, noNaN: true }),
        fc.integer({ min: 0, max: 10_000 }).map((n) => n * 1e6),
      ),
      (usd) => {
        assert.equal(value(parseMoney(formatMoney(usd))), usd);
      },
    ),
  );
});

test('property: duration format -> parse round-trips', () => {
  const units = fc.constantFrom(8760, 730, 168, 24, 1);
  // Durations are 0 or between 1 minute and 100 years (docs/limits.md).
  const inRange = (h: number) => h === 0 || (h >= 1 / 60 && h <= 876_000);
  fc.assert(
    fc.property(
      fc.oneof(
        fc.tuple(fc.nat(100), units).map(([n, u]) => n * u),
        fc.double({ min: 0, max: 876_000, noNaN: true }).filter(inRange),
      ),
      (hours) => {
        assert.equal(value(parseDuration(formatDuration(hours))), hours);
      },
    ),
  );
});

test('a change per year', () => {
  const good: [string, number][] = [
    ['-15%/y', -0.15],
    ['+5%/y', 0.05],
    ['0%/y', 0],
    ['2.5 % / y', 0.025],
  ];
  for (const [t, v] of good) {
    const r = parseAnnualChange(t);
    assert.ok(r.ok && Math.abs(r.value - v) < 1e-12, t);
  }
  for (const [t, code] of [
    ['15%', 'unit.invalid'],
    ['-15%/month', 'unit.invalid'],
    ['-100%/y', 'value.out-of-range'],
    ['abc', 'unit.invalid'],
  ] as const) {
    const r = parseAnnualChange(t);
    assert.ok(!r.ok && r.issues[0]!.code === code, t);
  }
});
