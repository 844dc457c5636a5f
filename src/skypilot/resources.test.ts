import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, one, rejected } from './test-support/import.js';

test('use_spot: true → the spot tier only, a batch job; false or absent → reserved, committed, on-demand, training', () => {
  assert.deepEqual(one('resources:\n  accelerators: H100:8\n  use_spot: true\nrun: x\n').w.tiers, ['spot']);
  assert.equal(one('resources:\n  accelerators: H100:8\n  use_spot: true\nrun: x\n').w.kind, 'batch');
  assert.equal(one('resources:\n  accelerators: H100:8\nrun: x\n').w.kind, 'training');
  assert.deepEqual(
    one('resources:\n  accelerators: H100:8\n  use_spot: yes\nrun: x\n').w.tiers,
    ['spot'],
    'YAML 1.1 yes',
  );
  assert.deepEqual(one('resources:\n  accelerators: H100:8\nrun: x\n').w.tiers, ['reserved', 'committed', 'on-demand']);
  assert.deepEqual(codes(rejected('resources:\n  accelerators: H100:8\n  use_spot: maybe\n')), [
    'skypilot.invalid-value',
  ]);
});

test('num_nodes: a gang of nodes × GPUs per node, with nodes kept', () => {
  const { w, run } = one('resources:\n  accelerators: H100:8\nnum_nodes: 2\nrun: x\n');
  assert.deepEqual([w.kind, w.count, w.nodes, w.work], ['training', 16, 2, '16 GPU-h']);
  assert.deepEqual([run.numNodes, run.gpusPerNode], [2, 8]);
  for (const n of ['0', '-1', '1.5', 'two'])
    assert.deepEqual(
      codes(rejected(`resources:\n  accelerators: H100:8\nnum_nodes: ${n}\n`)),
      ['skypilot.invalid-value'],
      n,
    );
});

test('any_of: each entry over the base; providers, regions and GPUs unite; spot on some → spot among the tiers', () => {
  const { w } = one(
    'resources:\n  accelerators: A100:8\n  any_of:\n    - infra: gcp/us-central1\n    - infra: azure\n      use_spot: true\n      accelerators: H100:8\nrun: x\n',
  );
  assert.deepEqual(w.gpus, ['A100', 'H100']);
  assert.deepEqual(w.providers, ['gcp', 'azure']);
  assert.equal(w.regions, undefined, 'one entry may run in any region of azure');
  assert.deepEqual(w.tiers, ['reserved', 'committed', 'on-demand', 'spot']);
});

test('ordered: GPUs in the order of preference; any_of with ordered is refused', () => {
  const { w } = one(
    'resources:\n  ordered:\n    - accelerators: H200:8\n    - accelerators: H100:8\n      cloud: aws\nrun: x\n',
  );
  assert.deepEqual(w.gpus, ['H200', 'H100']);
  assert.equal(w.providers, undefined);
  assert.deepEqual(
    codes(rejected('resources:\n  any_of: [{accelerators: H100:8}]\n  ordered: [{accelerators: H100:8}]\n')),
    ['skypilot.conflict'],
  );
  assert.deepEqual(codes(rejected('resources:\n  accelerators: [H100:8, A100:8]\n  ordered: [{cloud: aws}]\n')), [
    'skypilot.conflict',
  ]);
});

test('candidates of another gang size are left out with a warning', () => {
  const { w, warnings } = one('resources:\n  accelerators: {H100: 8, A100: 16}\nrun: x\n');
  assert.deepEqual([w.gpus, w.count], [['H100'], 8]);
  assert.deepEqual(codes(warnings), ['skypilot.candidate-dropped']);
});

test('job_recovery (a strategy or a mapping) is kept; spot_recovery is read as job_recovery with a warning', () => {
  assert.deepEqual(one('resources:\n  accelerators: H100:1\n  job_recovery: failover\nrun: x\n').run.jobRecovery, {
    strategy: 'FAILOVER',
  });
  const m = one(
    'resources:\n  accelerators: H100:1\n  job_recovery:\n    strategy: EAGER_NEXT_REGION\n    max_restarts_on_errors: 2\n    recover_on_exit_codes: 33\nrun: x\n',
  );
  assert.deepEqual(m.run.jobRecovery, {
    strategy: 'EAGER_NEXT_REGION',
    maxRestartsOnErrors: 2,
    recoverOnExitCodes: [33],
  });
  const legacy = one('resources:\n  accelerators: H100:1\n  spot_recovery: FAILOVER\nrun: x\n');
  assert.deepEqual(legacy.run.jobRecovery, { strategy: 'FAILOVER' });
  assert.deepEqual(codes(legacy.warnings), ['skypilot.legacy-field']);
  assert.deepEqual(
    codes(rejected('resources:\n  accelerators: H100:1\n  spot_recovery: FAILOVER\n  job_recovery: FAILOVER\n')),
    ['skypilot.conflict'],
  );
  assert.deepEqual(
    codes(rejected('resources:\n  accelerators: H100:1\n  job_recovery: {max_restarts_on_errors: -1}\n')),
    ['skypilot.invalid-value'],
  );
});

test('disk_size, image_id, ports and labels are kept for the control plane', () => {
  const { run, warnings } = one(
    "resources:\n  accelerators: H100:1\n  disk_size: 2TB\n  image_id: docker:vllm/vllm-openai:latest\n  ports: [8000, '9000-9010']\n  labels: {team: ml}\nrun: x\n",
  );
  assert.deepEqual(
    [run.diskSizeGb, run.imageId, run.ports, run.labels],
    [2048, 'docker:vllm/vllm-openai:latest', ['8000', '9000-9010'], { team: 'ml' }],
  );
  assert.deepEqual(warnings, []);
  assert.equal(one('resources:\n  accelerators: H100:1\n  disk_size: 256\nrun: x\n').run.diskSizeGb, 256);
  assert.deepEqual(codes(rejected('resources:\n  accelerators: H100:1\n  disk_size: big\n')), [
    'skypilot.invalid-value',
  ]);
});

test('cpus, memory (with 8+ forms) are read and warned; other resource fields skyfleet does not honour are warned', () => {
  const { warnings } = one(
    "resources:\n  accelerators: H100:1\n  cpus: 8+\n  memory: '32+'\n  disk_tier: best\n  autostop: 10\nrun: x\n",
  );
  assert.deepEqual(codes(warnings), [
    'skypilot.not-honoured',
    'skypilot.not-honoured',
    'skypilot.not-honoured',
    'skypilot.not-honoured',
  ]);
  assert.deepEqual(
    warnings.map((w) => w.line),
    [3, 4, 5, 6],
  );
  assert.deepEqual(codes(rejected('resources:\n  accelerators: H100:1\n  cpus: lots\n')), ['skypilot.invalid-value']);
  assert.deepEqual(codes(rejected('resources:\n  accelerators: H100:1\n  memory: -4\n')), ['skypilot.invalid-value']);
});

test('an unknown resources field is refused with a did-you-mean, in any_of entries too', () => {
  const [e] = rejected('resources:\n  accelerator: H100:1\n');
  assert.equal(e?.code, 'skypilot.unknown-field');
  assert.match(e?.message ?? '', /did you mean 'accelerators'/);
  assert.deepEqual(codes(rejected('resources:\n  accelerators: H100:1\n  any_of:\n    - clod: aws\n')), [
    'skypilot.unknown-field',
  ]);
});
