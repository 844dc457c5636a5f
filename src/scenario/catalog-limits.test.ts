/** The catalog and throughput CSV limits (docs/limits.md): GPU counts, prices, ratios, names, duplicate rows, rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../core/csv.js';
import { formatIssue, type Issue } from '../core/issues.js';
import { parseCatalogCsv } from './catalog-csv.js';
import { parseThroughputCsv } from './throughput-csv.js';

const HEADER =
  'cloud,instance_type,accelerator,accelerator_count,vcpus,memory_gib,price_usd_hr,spot_price_usd_hr,region,availability_zone';
const row = (count: string, price = '10', spot = '', name = 'box', zone = '') =>
  `acme,${name},H100,${count},96,1024,${price},${spot},us-x,${zone}`;
const catalog = (...rows: string[]) => parseCatalogCsv(`${HEADER}\n${rows.join('\n')}\n`, 'mine.csv');
const codes = (r: { ok: boolean; issues?: readonly Issue[] }) => (r.ok ? [] : (r.issues ?? []).map((i) => i.code));

test('accelerator_count: a whole number up to 1e8, or 1/n of a GPU (the bundled AWS g6f and Azure NVads rows)', () => {
  for (const ok of ['1', '8', '100000000', '0.5', '0.25', '0.125', '0.333333', '0.166667'])
    assert.deepEqual(codes(catalog(row(ok))), [], ok);
  assert.deepEqual(codes(catalog(row('1.5'))), ['csv.bad-gpu-count']);
  assert.deepEqual(codes(catalog(row('0.3'))), ['csv.bad-gpu-count']);
  assert.deepEqual(codes(catalog(row('0.001'))), ['csv.bad-gpu-count']);
  assert.deepEqual(codes(catalog(row('100000001'))), ['value.too-big']);
  assert.deepEqual(codes(catalog(row('1e300'))), ['value.too-big']);
  assert.deepEqual(codes(catalog(row('1e400'))), ['csv.bad-number']);
  assert.deepEqual(codes(catalog(row('0'))), ['value.not-positive']);
  assert.deepEqual(codes(catalog(row('-8'))), ['csv.bad-number']);
});

test('prices: finite, not negative, at most 1e6 USD per instance-hour', () => {
  assert.deepEqual(codes(catalog(row('8', '1000000', '1000000'))), []);
  assert.deepEqual(codes(catalog(row('8', '1000001'))), ['value.too-big']);
  assert.deepEqual(codes(catalog(row('8', '10', '1e7'))), ['value.too-big']);
  assert.deepEqual(codes(catalog(row('8', '-1'))), ['csv.bad-number']);
  assert.deepEqual(codes(catalog(row('8', 'Infinity'))), ['csv.bad-number']);
  assert.deepEqual(codes(catalog(row('8', 'NaN'))), ['csv.bad-number']);
});

test('duplicate rows: an exact repeat is merged, a conflicting one rejected at its line', () => {
  const same = catalog(row('8'), row('8'));
  assert.ok(same.ok && same.value.offerings.length === 1);
  const other = catalog(row('8'), row('8', '11'));
  assert.ok(!other.ok);
  assert.deepEqual(
    other.issues.map((i) => [i.code, i.line]),
    [['catalog.duplicate-row', 3]],
  );
  assert.match(other.issues[0]!.message, /acme box in us-x is already on line 2/);
  assert.deepEqual(codes(catalog(row('8'), row('4'))), ['catalog.duplicate-row']);
  // Another zone, or another instance type, is another offering.
  const zones = catalog(row('8', '10', '', 'box', 'z1'), row('8', '11', '', 'box', 'z2'), row('8', '11', '', 'box2'));
  assert.ok(zones.ok && zones.value.offerings.length === 3);
  // A row without a price (not purchasable) conflicts with one that has a price.
  assert.deepEqual(codes(catalog(row('8', ''), row('8', '10'))), ['catalog.duplicate-row']);
});

test('names in the catalog: no control characters', () => {
  const r = catalog(row('8', '10', '', 'box\u001b[2J'));
  assert.deepEqual(codes(r), ['name.invalid']);
  assert.ok(!r.ok && !formatIssue(r.issues[0]!).includes('\u001b'));
  assert.deepEqual(codes(parseCatalogCsv(`${HEADER}\n"acme\nforged",box,H100,8,96,1024,10,,us-x,\n`, 'm.csv')), [
    'name.invalid',
  ]);
});

test('at most 100 issues are listed for a catalog', () => {
  const r = catalog(...Array.from({ length: 500 }, (_, i) => row('x', '10', '', `b${i}`)));
  assert.ok(!r.ok);
  assert.equal(r.issues.length, 101);
  assert.equal(r.issues[100]!.code, 'issues.too-many');
});

test('rows: parseCsv stops at maxRecords with csv.too-many-rows, before splitting the rest', () => {
  const text = `a\n${'1\n'.repeat(10)}`;
  assert.ok(parseCsv(text, 'f.csv', { maxRecords: 10 }).ok);
  const over = parseCsv(text, 'f.csv', { maxRecords: 9 });
  assert.ok(!over.ok);
  assert.deepEqual(
    over.issues.map((i) => [i.code, i.line]),
    [['csv.too-many-rows', 11]],
  );
  assert.ok(parseCsv(text, 'f.csv').ok); // no limit by default (the trace readers)
});

test('throughput CSV: ratios up to 1000, safe GPU names, many rows of one GPU in linear time', () => {
  assert.ok(parseThroughputCsv('gpu,relative_to_H100\nB200,1000\n', 't.csv').ok);
  assert.deepEqual(codes(parseThroughputCsv('gpu,relative_to_H100\nB200,1001\n', 't.csv')), ['value.too-big']);
  assert.deepEqual(codes(parseThroughputCsv('gpu,relative_to_H100\nB200,1e400\n', 't.csv')), ['csv.bad-number']);
  assert.deepEqual(codes(parseThroughputCsv('gpu,relative_to_H100\n"B2\u001b00",2\n', 't.csv')), ['name.invalid']);
  const many = `gpu,relative_to_H100\n${'B200,2\n'.repeat(200_000)}`;
  const t = performance.now();
  const r = parseThroughputCsv(many, 't.csv');
  assert.ok(performance.now() - t < 10_000);
  assert.ok(r.ok && r.value.B200 === 2);
});
