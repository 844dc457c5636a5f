/**
 * Fuzz: SkyPilot task files. The corpus under test/fixtures/skypilot/ mutated (values retyped, fields deleted or
 * added, accelerators, clouds and counts swapped for odd ones, documents duplicated; then sometimes edited as text),
 * and random text. In process (hundreds of runs): the importer never throws, a rejected file gives problems with a
 * catalogued code and file:line:col each, an accepted file gives workloads the scenario loader accepts, and no secret
 * is shown unmasked. Through the built CLI (`validate`, with and without --json): exit 0 or 2, one problem per
 * stderr line, no stack trace, and `--json` prints { workloads, tasks, warnings }.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { isCode } from '../../src/core/codes.js';
import { formatIssue, type Issue } from '../../src/core/issues.js';
import { importText, scenarioAccepts } from '../skypilot/support.js';
import { anyValue, oddString, pathsOf } from './arbitraries.js';
import { assertWellBehaved, fcParams, REPO_ROOT, runBuilt, scratch } from './harness.js';

const DIR = join(REPO_ROOT, 'test/fixtures/skypilot');
const CORPUS = readdirSync(DIR)
  .filter((f) => f.endsWith('.sky.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(DIR, f), 'utf8') }));

/** Values a task file may hold where another one belongs. */
const skyValue: fc.Arbitrary<unknown> = fc.oneof(
  anyValue,
  fc.constantFrom(
    'H100:8',
    'h100',
    'A100-80GB:8',
    'tpu-v5e-8',
    'Trainium:16',
    'H100:0.25',
    'H100:1e9',
    '80GB+:8',
    'amd:1TB+',
    '{H100:8, A100:8}',
    '[H100:8',
    'aws/us-east-1/us-east-1a',
    'k8s/ctx',
    '*/eu-west-1',
    'awz',
    'aws//',
    '$HOME',
    '${NOPE}',
    '8+',
    '1TB',
    'FAILOVER',
    'secrets:HF_TOKEN',
    '0',
    '-1',
    // Forms met in SkyPilot's own files (docs/skypilot.md, "Checked against real task files").
    'gcp/us-*',
    'gcp/us-west2',
    'none',
    '1TB+',
    'A100:1 H100:1',
  ),
  fc.dictionary(fc.constantFrom('H100:8', 'A100', 'L4:1', 'tpu-v4', 'x'), fc.constantFrom(null, 1, 8, 0.5, -2, 'y')),
);
const fieldName = fc.oneof(
  fc.constantFrom(
    'resources',
    'accelerators',
    'any_of',
    'ordered',
    'num_nodes',
    'service',
    'replicas',
    'envs',
    'secrets',
  ),
  fc.constantFrom('infra', 'cloud', 'region', 'zone', 'use_spot', 'job_recovery', 'spot_recovery', 'gpus', 'name'),
  fc.string({ maxLength: 8 }),
);

type Mutation =
  | { kind: 'retype'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: skyValue }) },
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fieldName, value: skyValue }),
);

function apply(docs: unknown[], m: Mutation): string {
  const paths = pathsOf(docs).filter((p) => p.length > 1);
  const path = paths[m.at % Math.max(1, paths.length)];
  if (!path) return 'none';
  let parent: unknown = docs;
  for (const seg of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
  const last = path[path.length - 1] as string | number;
  const obj = parent as Record<string | number, unknown>;
  // Values are copied: fast-check reuses constant objects, and one placed inside itself would make a cycle.
  if (m.kind === 'retype') obj[last] = structuredClone(m.value);
  else if (m.kind === 'delete') {
    if (Array.isArray(obj)) obj.splice(Number(last), 1);
    else delete obj[last];
  } else {
    const target = obj[last];
    if (target && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, unknown>)[m.key] = structuredClone(m.value);
    else obj[last] = { [m.key]: structuredClone(m.value) };
  }
  return `${m.kind} ${path.join('.')}`;
}

type Edit = { kind: 'cut' | 'dup-line' | 'insert'; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('cut' as const, 'dup-line' as const, 'insert' as const),
  at: fc.nat(),
  text: oddString,
});
function editText(text: string, e: Edit): string {
  const at = e.at % Math.max(1, text.length);
  if (e.kind === 'cut') return text.slice(0, at);
  if (e.kind === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  const lines = text.split('\n');
  const k = e.at % Math.max(1, lines.length);
  lines.splice(k, 0, lines[k] ?? '');
  return lines.join('\n');
}

interface FuzzTask {
  readonly text: string;
  readonly label: string;
}
const mutatedTask: fc.Arbitrary<FuzzTask> = fc
  .record({
    base: fc.constantFrom(...CORPUS),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    edits: fc.oneof({ weight: 3, arbitrary: fc.constant<Edit[]>([]) }, fc.array(edit, { minLength: 1, maxLength: 2 })),
  })
  .map(({ base, mutations, edits }) => {
    const docs = parseAllDocuments(base.text).map((d) => (Array.isArray(d) ? null : d.toJS()) as unknown);
    const labels = [base.name, ...mutations.map((m) => apply(docs, m))];
    let text = docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    for (const e of edits) {
      text = editText(text, e);
      labels.push(`${e.kind} at ${e.at}`);
    }
    return { text, label: labels.join('; ') };
  });
const randomTask: fc.Arbitrary<FuzzTask> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, label: 'random text' })),
  fc.dictionary(fieldName, skyValue, { maxKeys: 6 }).map((d) => ({ text: stringify(d), label: 'random mapping' })),
  fc.array(fc.dictionary(fieldName, skyValue, { maxKeys: 4 }), { maxLength: 4 }).map((ds) => ({
    text: ds.map((d) => stringify(d)).join('---\n'),
    label: 'random documents',
  })),
);

function placed(i: Issue, ctx: string): void {
  assert.ok(isCode(i.code), `uncatalogued code ${i.code}${ctx}`);
  assert.ok(i.file && (i.line ?? 0) >= 1 && (i.col ?? 0) >= 1, `no file:line:col: ${formatIssue(i)}${ctx}`);
  assert.ok(!formatIssue(i).includes('\n'), `a problem is one line${ctx}`);
}

function checkInProcess(t: FuzzTask): void {
  const ctx = `\n  input (${t.label}):\n${t.text.slice(0, 1500)}`;
  let r: ReturnType<typeof importText>;
  try {
    r = importText(t.text);
  } catch (e) {
    assert.fail(`the importer threw ${String(e)}${ctx}`);
  }
  if (!r.ok) {
    assert.ok(r.issues.length > 0, `a rejection says why${ctx}`);
    for (const i of r.issues) placed(i, ctx);
    return;
  }
  assert.ok(r.value.tasks.length >= 1, `at least one workload${ctx}`);
  assert.deepEqual(
    scenarioAccepts(r.value.tasks.map((x) => x.workload)),
    [],
    `the scenario loader accepts the workloads${ctx}`,
  );
  for (const w of r.value.warnings) placed(w, ctx);
  for (const s of r.value.shown)
    for (const v of Object.values(s.secrets)) assert.equal(v.value, '<redacted>', `a secret shown${ctx}`);
}

describe('fuzz: SkyPilot task files', { concurrency: 2 }, () => {
  test('in process: mutated corpus files', () => {
    fc.assert(fc.property(mutatedTask, checkInProcess), fcParams(400, 40));
  });
  test('in process: random text and mappings', () => {
    fc.assert(fc.property(randomTask, checkInProcess), fcParams(300, 41));
  });
  const tmp = scratch();
  after(() => tmp.remove());
  test('the built CLI: validate on mutated corpus files, text or --json', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedTask, fc.boolean(), async (t, json) => {
        const path = tmp.write('task.sky.yaml', t.text);
        const r = await runBuilt(['validate', path, ...(json ? ['--json'] : [])]);
        assertWellBehaved(r, { input: `${t.label}\n${t.text}` });
        if (r.code === 0 && json) {
          const out = JSON.parse(r.stdout) as Record<string, unknown>;
          assert.deepEqual(Object.keys(out), ['workloads', 'tasks', 'warnings']);
          assert.equal(r.stderr, '');
        }
      }),
      fcParams(12, 42),
    );
  });
});
