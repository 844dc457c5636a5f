import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCatalogCsv } from './catalog-csv.js';
import { median, parseThroughputCsv } from './throughput-csv.js';
import { bundledRef, readRepoFile } from './test-support/ref.js';

const HEADER =
  'cloud,instance_type,accelerator,accelerator_count,vcpus,memory_gib,price_usd_hr,spot_price_usd_hr,region,availability_zone';

test('the bundled catalog parses; rows without a price (p5e) are skipped', () => {
  const { catalog } = bundledRef();
  const dataRows = readRepoFile('data/gpu-catalog.csv').trim().split('\n').length - 1;
  assert.equal(dataRows, 1991);
  assert.equal(catalog.offerings.length, 1991 - 14);
  assert.ok(!catalog.offerings.some((o) => o.instanceType === 'p5e.48xlarge'));
  const p5 = catalog.offerings.find((o) => o.instanceType === 'p5.48xlarge' && o.region === 'ap-northeast-1');
  assert.equal(p5?.gpu, 'H100');
  assert.equal(p5?.gpusPerInstance, 8);
  assert.equal(p5?.pricePerHour, 68.8);
  const oci = catalog.offerings.find((o) => o.instanceType === 'BM.GPU.GB300.4');
  assert.deepEqual(oci, {
    provider: 'oci',
    instanceType: 'BM.GPU.GB300.4',
    gpu: 'GB300',
    region: 'global',
    gpusPerInstance: 4,
    pricePerHour: 72,
  });
  const frac = catalog.offerings.find((o) => o.instanceType === 'g6f.large');
  assert.equal(frac?.gpusPerInstance, 0.125);
});

test('a user catalog: quoted cells, CRLF, extra columns; a bad number is reported at its line and column', () => {
  const good = `${HEADER},note\r\nacme,"big,box",H100,8,96,1024,20.5,,us-x,,"a note, quoted"\r\n`;
  const r = parseCatalogCsv(good, 'mine.csv');
  assert.ok(r.ok);
  assert.deepEqual(r.value.offerings, [
    { provider: 'acme', instanceType: 'big,box', gpu: 'H100', region: 'us-x', gpusPerInstance: 8, pricePerHour: 20.5 },
  ]);
  const bad = `${HEADER}\nacme,box,H100,8,96,1024,twelve,,us-x,\nacme,box2,H100,0,96,1024,1,-2,us-x,\n`;
  const b = parseCatalogCsv(bad, 'mine.csv');
  assert.ok(!b.ok);
  assert.deepEqual(
    b.issues.map((i) => [i.code, i.line, i.col, i.file]),
    [
      ['csv.bad-number', 2, 25, 'mine.csv'],
      ['value.not-positive', 3, 16, 'mine.csv'],
      ['csv.bad-number', 3, 28, 'mine.csv'],
    ],
  );
  const missing = parseCatalogCsv('cloud,instance_type\nx,y\n', 'm.csv');
  assert.ok(!missing.ok && missing.issues.every((i) => i.code === 'csv.missing-column' && i.line === 1));
});

test('throughput: the median per GPU, H100 = 1', () => {
  const { throughput } = bundledRef();
  assert.equal(throughput.H100, 1);
  // B200 rows: 1.459 2.264 2.119 2.076 1.763 1.343 2.330 3.790 -> median (2.076 + 2.119) / 2
  assert.equal(throughput.B200, (2.076 + 2.119) / 2);
  assert.ok(throughput.GB300! > throughput.GB200! && throughput.GB200! > throughput.B200!);
  assert.equal(median([3, 1, 2]), 2);
  const bad = parseThroughputCsv('gpu,relative_to_H100\nB200,2\nB300,x\n', 't.csv');
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.issues.map((i) => [i.code, i.line, i.col]),
    [['csv.bad-number', 3, 6]],
  );
});
