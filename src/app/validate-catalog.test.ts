import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCatalog } from './describe-catalog.js';
import { IssuesError, UserError } from './errors.js';
import { loadCatalog } from './load-scenario.js';
import { repoFiles } from './test-support/files.js';
import { validateScenario } from './validate-scenario.js';

test('validate says what a scenario holds; a broken one is every problem at its line', () => {
  const s = validateScenario(repoFiles(), 'examples/startup.yaml');
  assert.ok(s.providers > 0 && s.contracts > 0 && s.workloads > 0);
  assert.equal(new Date(s.start).toISOString().slice(0, 10), '2026-12-01');
  assert.equal(new Date(s.end).toISOString().slice(0, 10), '2027-12-01');
  const files = repoFiles({ 'bad.yaml': 'name: x\nproviders: 3\n' });
  assert.throws(
    () => validateScenario(files, 'bad.yaml'),
    (e: unknown) => e instanceof IssuesError && e.issues.length > 0 && e.issues.every((i) => i.file === 'bad.yaml'),
  );
});

test('catalog: matches cheapest first per GPU-hour, at most `limit`, with the count of all matches', () => {
  const all = loadCatalog(repoFiles()).offerings.filter((x) => x.gpu === 'H100' && x.gpusPerInstance >= 1);
  const v = describeCatalog(repoFiles(), { gpu: 'h100', limit: '3' });
  assert.equal(v.matched, all.length);
  assert.equal(v.rows.length, 3);
  assert.ok(v.rows.every((x) => x.gpu === 'H100'));
  const prices = v.rows.map((x) => v.perGpu(x));
  assert.deepEqual(
    prices,
    [...prices].sort((a, b) => a - b),
  );
  assert.equal(Math.min(...all.map((x) => x.pricePerHour / x.gpusPerInstance)), prices[0]);
  const spot = describeCatalog(repoFiles(), { spot: true, maxPrice: '1', limit: '1000' });
  assert.ok(spot.rows.every((x) => x.spotPricePerHour !== undefined && spot.perGpu(x) <= 1));
});

test('catalog: the query is checked before the catalog is read', () => {
  const files = repoFiles();
  for (const [q, m] of [
    [{ limit: '0' }, /^--limit must be a positive integer, not "0"$/],
    [{ limit: '5', maxPrice: '-1' }, /^--max-price must be a positive number/],
  ] as const) {
    assert.throws(
      () => describeCatalog(files, q),
      (e: unknown) => e instanceof UserError && m.test(e.message),
    );
  }
  assert.equal(files.reads.length, 0);
  assert.throws(() => describeCatalog(repoFiles(), { gpu: 'Z9', limit: '5' }), /unknown GPU "Z9"; the catalog has/);
  assert.throws(() => describeCatalog(repoFiles(), { provider: 'ibm', limit: '5' }), /unknown provider "ibm"/);
});
