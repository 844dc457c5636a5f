import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IssuesError } from './errors.js';
import { importTask, importTaskFromText, validateFile } from './import-task.js';
import { repoFiles } from './test-support/files.js';

const TASK = 'resources:\n  accelerators: H100:8\nnum_nodes: 2\nrun: python train.py\n';

test('importTask reads a task file through the InputFiles port, with the bundled catalogue, and books the team', () => {
  const files = repoFiles({ 'train.sky.yaml': TASK });
  const r = importTask(files, 'train.sky.yaml', { team: 'research' });
  assert.equal(r.format, 'skypilot');
  assert.deepEqual(r.imported.tasks[0]?.workload, {
    id: 'train',
    kind: 'training',
    team: 'research',
    gpus: ['H100'],
    count: 16,
    nodes: 2,
    work: '16 GPU-h',
    tiers: ['reserved', 'committed', 'on-demand'],
  });
  assert.deepEqual(
    files.reads.map((x) => x.kind),
    ['task file', 'catalog'],
  );
});

test('importTaskFromText (the server passes a request body) and the two formats', () => {
  const files = repoFiles();
  const w = importTaskFromText(files, 'kind: batch\ngpus: [L4]\ncount: 1\nwork: 2 GPU-h\n', 'job.yaml', 'workload');
  assert.equal(w.imported.tasks[0]?.workload.kind, 'batch');
  assert.throws(
    () => importTaskFromText(files, 'resources:\n  accelerators: tpu-v4-8\n', 'x.sky.yaml', 'skypilot'),
    (e: unknown) => e instanceof IssuesError && e.issues[0]?.code === 'skypilot.accelerator-unsupported',
  );
});

test('validateFile: a scenario is validated as before, a task file imported', () => {
  const files = repoFiles({ 'train.yaml': TASK });
  const s = validateFile(files, 'examples/startup.yaml');
  assert.equal(s.format, 'scenario');
  assert.equal(validateFile(files, 'train.yaml').format, 'skypilot');
});

test('examples/finetune.sky.yaml imports: one 2-node gang of 8 GPUs, its secret unset (warned)', () => {
  const v = validateFile(repoFiles(), 'examples/finetune.sky.yaml');
  assert.ok(v.format === 'skypilot');
  if (v.format !== 'skypilot') return;
  const [t] = v.imported.tasks;
  assert.deepEqual([t?.workload.count, t?.workload.nodes, t?.run.gpusPerNode], [16, 2, 8]);
  assert.deepEqual(
    v.imported.warnings.map((w) => w.code),
    ['skypilot.value-unset'],
  );
});
