/**
 * The corpus of task files under test/fixtures/skypilot/: each is imported through the use case (as `skyfleet
 * validate --json` does) and compared with its golden output beside it (`<name>.golden.json`: the `--json` view,
 * or the printed problem lines of a rejected file). `SKYFLEET_UPDATE_GOLDEN=1` rewrites the goldens. Every imported
 * workload is accepted by the scenario loader, and no secret value of a fixture appears in what is printed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { IssuesError } from '../../src/app/errors.js';
import { importView, validateFile } from '../../src/app/import-task.js';
import { repoFiles } from '../../src/app/test-support/files.js';
import { formatIssue } from '../../src/core/issues.js';
import { REPO_ROOT } from '../cli/helpers.js';
import { scenarioAccepts } from './support.js';

const DIR = 'test/fixtures/skypilot';
const fixtures = readdirSync(join(REPO_ROOT, DIR))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function outputOf(file: string): unknown {
  try {
    const v = validateFile(repoFiles(), file);
    if (v.format === 'scenario') return { format: 'scenario' };
    return importView(v.imported);
  } catch (e) {
    if (e instanceof IssuesError) return { errors: e.issues.map(formatIssue) };
    throw e;
  }
}

describe('SkyPilot corpus', () => {
  test('the corpus holds the cases the importer must cover', () => {
    assert.ok(fixtures.length >= 15, `${fixtures.length} fixtures`);
    for (const want of [
      'llm-finetune',
      'serve-autoscale',
      'anyof-set',
      'ordered',
      'chain',
      'spot-recovery',
      'err-tpu',
      'err-typo-field',
    ])
      assert.ok(
        fixtures.some((f) => f.startsWith(want)),
        want,
      );
  });
  for (const f of fixtures) {
    test(f, () => {
      const file = `${DIR}/${f}`;
      const out = outputOf(file);
      const golden = join(REPO_ROOT, DIR, f.replace(/\.ya?ml$/, '.golden.json'));
      const text = `${JSON.stringify(out, null, 2)}\n`;
      if (process.env.SKYFLEET_UPDATE_GOLDEN === '1') writeFileSync(golden, text);
      assert.equal(
        text,
        readFileSync(golden, 'utf8'),
        `${f}: the output differs from its golden (SKYFLEET_UPDATE_GOLDEN=1 rewrites it)`,
      );
      assert.equal(
        f.startsWith('err-'),
        'errors' in (out as object),
        `${f}: err-* files are rejected, the others read`,
      );
      if ('workloads' in (out as object)) {
        const workloads = (out as { workloads: Record<string, unknown>[] }).workloads;
        assert.ok(workloads.length >= 1);
        assert.deepEqual(scenarioAccepts(workloads), [], `${f}: the scenario loader accepts the workloads`);
      }
      // No secret value of the fixture is printed.
      const source = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const m of source.matchAll(/^\s+([A-Z_]*(?:TOKEN|KEY|SECRET)[A-Z_]*):\s*(\S+)\s*$/gm))
        assert.ok(!text.includes(m[2]!), `${f}: the value of ${m[1]} is printed`);
    });
  }
});
