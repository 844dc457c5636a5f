import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIssue } from '../core/issues.js';
import { catalog, codes } from './test-support/import.js';
import { readWorkloadFile } from './workload-file.js';

const read = (text: string, file = 'ft.yaml') => readWorkloadFile(text, file, { catalog: catalog() });

test('a workload file: the scenario workload as written, id from the file name, the task block as run parts', () => {
  const r = read(
    'kind: training\ngpus: [H100]\ncount: 16\nnodes: 2\nwork: 100 GPU-h\ntask:\n  run: torchrun x.py\n  envs: {A: 1}\n  secrets: {T: tok}\n  job_recovery: FAILOVER\n',
  );
  assert.ok(r.ok, r.ok ? '' : r.issues.map(formatIssue).join('\n'));
  if (!r.ok) return;
  const [t] = r.value.tasks;
  assert.deepEqual(t?.workload, { id: 'ft', kind: 'training', gpus: ['H100'], count: 16, nodes: 2, work: '100 GPU-h' });
  assert.deepEqual([t?.run.run, t?.run.envs, t?.run.numNodes, t?.run.gpusPerNode], ['torchrun x.py', { A: '1' }, 2, 8]);
  assert.deepEqual(t?.run.jobRecovery, { strategy: 'FAILOVER' });
  assert.equal(r.value.shown[0]?.secrets.T?.value, '<redacted>');
});

test("the scenario loader's own problems, placed in the file", () => {
  const r = read('kind: training\ngpus: [H10]\ncount: 8\nwork: 1 GPU-h\n');
  assert.ok(!r.ok);
  if (r.ok) return;
  assert.deepEqual(codes(r.issues), ['gpu.unknown']);
  assert.deepEqual([r.issues[0]?.line, r.issues[0]?.col], [2, 8]);
  const missing = read('kind: training\ngpus: [H100]\ncount: 8\n');
  assert.ok(!missing.ok && codes(missing.issues).includes('schema.missing'));
  const uneven = read('kind: training\ngpus: [H100]\ncount: 12\nnodes: 8\nwork: 1 GPU-h\n');
  assert.ok(!uneven.ok && codes(uneven.issues).includes('workload.nodes-uneven'));
  const badTask = read('kind: training\ngpus: [H100]\ncount: 8\nwork: 1 GPU-h\ntask:\n  rnu: x\n');
  assert.ok(!badTask.ok && badTask.issues[0]?.code === 'skypilot.unknown-field' && badTask.issues[0].line === 6);
  const two = read('kind: training\n---\nkind: batch\n');
  assert.ok(!two.ok && codes(two.issues).includes('skypilot.not-a-task'));
});
