/**
 * Fuzz: scenario files for `validate`, `plan` and `simulate` — mutations of examples/startup.yaml (fields deleted, duplicated,
 * retyped, added; extreme numbers; odd strings; YAML or JSON; lines duplicated or cut) and random text. Whatever the
 * file, the command exits 0 or 2, with one `skyfleet: … [code]` line per problem and no stack trace, in bounded time.
 */
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { mutatedScenario, randomScenario, tweakedScenario, type FuzzFile } from './arbitraries.js';
import { assertWellBehaved, fcParams, runBuilt, scratch } from './harness.js';

const tmp = scratch();
after(() => tmp.remove());

async function check(file: FuzzFile, args: (path: string) => string[]): Promise<void> {
  const path = tmp.write(`scenario.${file.ext}`, file.text);
  const r = await runBuilt(args(path));
  assertWellBehaved(r, { input: `${file.label}\n${file.text}` });
}

describe('fuzz: scenario files', { concurrency: 2 }, () => {
  test('validate: a mutated startup.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedScenario, (f) => check(f, (p) => ['validate', p])),
      fcParams(20, 1),
    );
  });
  test('validate: random text, deep nesting, alias bombs, the example cut short', async () => {
    await fc.assert(
      fc.asyncProperty(randomScenario, (f) => check(f, (p) => ['validate', p])),
      fcParams(12, 2),
    );
  });
  test('plan: startup.yaml with a value changed', async () => {
    await fc.assert(
      fc.asyncProperty(tweakedScenario, fc.boolean(), fc.boolean(), (f, json, exact) =>
        check(f, (p) => ['plan', p, '--solver', exact ? 'auto' : 'greedy', ...(json ? ['--json'] : [])]),
      ),
      fcParams(12, 3),
    );
  });
  test('simulate: startup.yaml with a value changed', async () => {
    await fc.assert(
      fc.asyncProperty(tweakedScenario, (f) =>
        check(f, (p) => ['simulate', p, '--horizon', '1mo', '--no-progress', '--json']),
      ),
      fcParams(8, 10),
    );
  });
});
