/**
 * Fuzz: CSV inputs — price catalogs (`catalog --catalog`, `validate --catalog`) and traces (`simulate --trace`,
 * `--requests`, `--incidents`): cells replaced by odd strings and extreme numbers, columns dropped or added, rows
 * duplicated or deleted, headers renamed, CRLF and byte-order marks, random text. Exit 0 or 2, one line per
 * problem, no stack trace, in bounded time.
 */
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { catalogCsv, STARTUP, traceCsv } from './arbitraries.js';
import { assertWellBehaved, fcParams, runBuilt, scratch } from './harness.js';

const tmp = scratch();
after(() => tmp.remove());

describe('fuzz: CSV files', { concurrency: 2 }, () => {
  test('catalog --catalog and validate --catalog: a mutated catalog', async () => {
    await fc.assert(
      fc.asyncProperty(catalogCsv, fc.boolean(), async (f, viaValidate) => {
        const path = tmp.write('catalog.csv', f.text);
        const r = await runBuilt(
          viaValidate ? ['validate', STARTUP, '--catalog', path] : ['catalog', '--catalog', path, '--limit', '5'],
        );
        assertWellBehaved(r, { input: `${f.label}\n${f.text}` });
      }),
      fcParams(16, 4),
    );
  });
  test('simulate --trace / --requests / --incidents: a mutated trace', async () => {
    await fc.assert(
      fc.asyncProperty(traceCsv, async (f) => {
        const path = tmp.write('trace.csv', f.text);
        const outages = f.flag === '--incidents' ? ['--outages', 'replay'] : ['--outages', 'none'];
        const r = await runBuilt(['simulate', STARTUP, '--horizon', '1mo', '--no-progress', ...outages, f.flag, path]);
        assertWellBehaved(r, { input: `${f.label}\n${f.text}` });
      }),
      fcParams(12, 5),
    );
  });
});
