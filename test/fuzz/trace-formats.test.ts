/**
 * Fuzz, through the built command line: `simulate --trace` / `--requests` on generated trace files of every accepted
 * format, well formed and mutated (trace-arbitraries.ts: rows shuffled, duplicated, cut; cells extreme or odd; columns
 * dropped or renamed; CRLF, BOM; gzip, binary, JSON), and the same file given to the other flag. Exit 0 with a
 * report, or exit 2 with one `skyfleet: file:line:col: what [code]` line per problem; never a stack trace, exit 70 or
 * a hang (harness.ts assertWellBehaved). A run that succeeds prints the reader's notes as `skyfleet: …: note: …`
 * lines. The in-process property (trace-readers.test.ts) covers many more files; this one checks the whole path.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { STARTUP } from './arbitraries.js';
import { assertWellBehaved, fcParams, runBuilt, scratch } from './harness.js';
import { traceFile } from './trace-arbitraries.js';

const tmp = scratch();
after(() => tmp.remove());

test('simulate --trace / --requests: a generated trace file of any accepted format, mutated', async () => {
  await fc.assert(
    fc.asyncProperty(traceFile, async (f) => {
      const path = tmp.write('trace.csv', f.text);
      const r = await runBuilt([
        'simulate',
        STARTUP,
        '--horizon',
        '1mo',
        '--no-progress',
        '--outages',
        'none',
        f.flag,
        path,
      ]);
      assertWellBehaved(r, { input: `${f.label}\n${f.text}` });
      if (r.code === 0)
        for (const line of r.stderr.split('\n').filter(Boolean))
          assert.match(line, /^skyfleet: .+: note: .+ \[[a-z][a-z0-9.-]*\]$/, `only notes on stderr: ${line}`);
    }),
    fcParams(12, 13),
  );
});
