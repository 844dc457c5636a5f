import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseIncidents } from './incidents.js';
import { fitDurations, fitOutageStats, quantile, statsFor } from './stats.js';

function stats() {
  const r = parseIncidents(
    readFileSync(new URL('../../../data/cloud-incidents-2018-2020.csv', import.meta.url), 'utf8'),
    'inc.csv',
  );
  assert.ok(r.ok);
  return { incidents: r.value, stats: fitOutageStats(r.value) };
}
const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('fitted stats match the hand-checked numbers', () => {
  const { stats: s } = stats();
  assert.deepEqual(
    s.fitted.map((p) => p.provider),
    ['aws', 'azure', 'gcp'],
  );
  const aws = statsFor(s, 'aws');
  const azure = statsFor(s, 'azure');
  const gcp = statsFor(s, 'gcp');
  assert.equal(aws.source, 'fitted');
  assert.deepEqual([aws.all.count, gcp.all.count, azure.all.count], [380, 442, 211]);
  assert.deepEqual([aws.compute.count, gcp.compute.count, azure.compute.count], [68, 37, 14]);
  assert.equal(aws.yearsObserved, 3);
  near(aws.all.perYear, 380 / 3, 1e-12, 'aws per year');
  near(aws.compute.perYear, 68 / 3, 1e-12, 'aws compute per year');
  assert.deepEqual(aws.all.byYear, { 2018: 140, 2019: 122, 2020: 118 });
  assert.deepEqual(azure.all.byYear, { 2018: 119, 2019: 78, 2020: 14 });
  // Medians from data/README-traces.md: AWS 125 min, GCP 102 (101.5), Azure 269.
  assert.equal(aws.all.duration.quantilesMin.p50, 125);
  assert.equal(gcp.all.duration.quantilesMin.p50, 101.5);
  assert.equal(azure.all.duration.quantilesMin.p50, 269);
  assert.deepEqual([aws.all.duration.n, gcp.all.duration.n, azure.all.duration.n], [377, 441, 211]);
  // ln(minutes) mean and population sd, computed independently (Python) with durations floored at 1 minute.
  near(aws.all.duration.lognormal.mu, 4.7762, 1e-4, 'aws mu');
  near(aws.all.duration.lognormal.sigma, 1.0321, 1e-4, 'aws sigma');
  near(gcp.all.duration.lognormal.mu, 4.756, 1e-4, 'gcp mu');
  near(gcp.all.duration.lognormal.sigma, 1.2984, 1e-4, 'gcp sigma');
  near(azure.all.duration.lognormal.mu, 5.5746, 1e-4, 'azure mu');
  near(azure.all.duration.lognormal.sigma, 1.0513, 1e-4, 'azure sigma');
  // Scope: AWS names a region for 317 incidents and 63 are global; GCP leaves 312 unknown.
  assert.deepEqual([aws.all.regional, aws.all.global, aws.all.unknownScope], [317, 63, 0]);
  assert.deepEqual([gcp.all.regional, gcp.all.global, gcp.all.unknownScope], [28, 102, 312]);
  near(gcp.all.regionalShare, 28 / 130, 1e-12, 'gcp regional share');
  assert.equal(aws.compute.regionalShare, 1); // every EC2 incident names its region
  assert.equal(aws.all.regionsObserved, 18);
});

test('providers absent from the data get the mean of the fitted ones, said in the stats', () => {
  const { stats: s } = stats();
  const oci = statsFor(s, 'oci');
  assert.equal(oci.source, 'assumed');
  assert.match(oci.note, /oci.*mean of aws, azure, gcp/);
  const fitted = ['aws', 'azure', 'gcp'].map((p) => statsFor(s, p));
  const mean = (f: (x: (typeof fitted)[number]) => number) => fitted.reduce((a, x) => a + f(x), 0) / 3;
  near(
    oci.compute.perYear,
    mean((x) => x.compute.perYear),
    1e-12,
    'perYear',
  );
  near(
    oci.compute.duration.lognormal.mu,
    mean((x) => x.compute.duration.lognormal.mu),
    1e-12,
    'mu',
  );
  near(
    oci.all.regionalShare,
    mean((x) => x.all.regionalShare),
    1e-12,
    'share',
  );
});

test('yearsObserved override changes the rate only', () => {
  const { incidents } = stats();
  const s = fitOutageStats(incidents, { yearsObserved: { azure: 2 } });
  const azure = statsFor(s, 'azure');
  near(azure.all.perYear, 211 / 2, 1e-9, 'azure per year over two years');
  assert.equal(azure.all.duration.quantilesMin.p50, 269);
});

test('quantile and lognormal fit on small hand-made samples', () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantile([], 0.5), 0);
  const f = fitDurations([Math.E, Math.E ** 3, 0.2]); // 0.2 counts as 1 minute in the fit: ln = 0, 1, 3
  assert.ok(Math.abs(f.lognormal.mu - 4 / 3) < 1e-12);
  assert.ok(
    Math.abs(f.lognormal.sigma - Math.sqrt(((0 - 4 / 3) ** 2 + (1 - 4 / 3) ** 2 + (3 - 4 / 3) ** 2) / 3)) < 1e-12,
  );
  assert.equal(f.quantilesMin.p50, Math.E);
});
