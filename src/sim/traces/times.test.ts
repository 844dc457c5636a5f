import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoSeconds, parseTimeCell } from './times.js';

test('ISO 8601 date-times: separators, fractions, zones; impossible dates refused', () => {
  const base = Date.UTC(2020, 5, 9, 18, 41, 1) / 1000;
  assert.equal(parseIsoSeconds('2020-06-09 18:41:01'), base);
  assert.equal(parseIsoSeconds('2020-06-09T18:41:01Z'), base);
  assert.equal(parseIsoSeconds('2020-06-09T18:41:01 UTC'), base);
  assert.equal(parseIsoSeconds('2020-06-09T20:41:01+02:00'), base);
  assert.equal(parseIsoSeconds('2020-06-09T16:41:01-0200'), base);
  assert.equal(parseIsoSeconds('2020-06-09 18:41'), base - 1);
  assert.equal(parseIsoSeconds('2020-06-09'), Date.UTC(2020, 5, 9) / 1000);
  assert.equal(parseIsoSeconds('2020-06-09 18:41:01.5000000')! - base, 0.5);
  const year50 = new Date(0);
  year50.setUTCFullYear(50, 0, 1);
  assert.equal(parseIsoSeconds('0050-01-01'), year50.getTime() / 1000, 'the year 50 as written, not 1950');
  for (const bad of [
    '2020-13-01',
    '2020-02-30',
    '2020-06-09 24:00:00',
    '2020-06-09 18:61',
    '9/6/2020',
    'yesterday',
    '',
    '2020-06-09+25:00',
  ])
    assert.equal(parseIsoSeconds(bad), undefined, bad);
});

test('time cells: offsets below 1e9 s, Unix seconds above, milliseconds-as-seconds and negatives refused', () => {
  assert.deepEqual(parseTimeCell('12.5', 1), { kind: 'offset', s: 12.5 });
  assert.deepEqual(parseTimeCell('1500', 0.001), { kind: 'offset', s: 1.5 });
  assert.deepEqual(parseTimeCell('1504521041', 1), { kind: 'absolute', s: 1504521041 });
  assert.deepEqual(parseTimeCell('1700000000000', 0.001), { kind: 'absolute', s: 1700000000 });
  assert.deepEqual(parseTimeCell('1700000000000', 1), { kind: 'bad', why: 'milliseconds' });
  assert.deepEqual(parseTimeCell('-1', 1), { kind: 'bad', why: 'negative' });
  assert.deepEqual(parseTimeCell('NaN', 1), { kind: 'bad', why: 'not-a-time' });
  assert.deepEqual(parseTimeCell('2020-06-09', 1), { kind: 'absolute', s: Date.UTC(2020, 5, 9) / 1000 });
});
