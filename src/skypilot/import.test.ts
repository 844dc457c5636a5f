import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseId } from './import.js';
import { codes, importText, one, rejected } from './test-support/import.js';

const T = 'resources:\n  accelerators: H100:1\nrun: x\n';

test('a chain: a header {name} and one workload per task; unnamed tasks are <chain>-<index>', () => {
  const r = importText(`name: pipe\n---\nname: prep\n${T}---\n${T}---\nname: prep\n${T}`);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.value.name, 'pipe');
  assert.deepEqual(
    r.value.tasks.map((t) => t.workload.id),
    ['prep', 'pipe-1', 'prep-2'],
  );
  assert.deepEqual(codes(r.value.warnings), ['skypilot.not-honoured'], 'the order of a chain is warned');
});

test('without a header every document is a task; a lone task is named after itself, or the file', () => {
  const r = importText(`${T}---\n${T}`, {}, 'dir/train.sky.yaml');
  assert.ok(r.ok && r.value.tasks.map((t) => t.workload.id).join() === 'train-0,train-1');
  assert.equal(one(`name: ft\n${T}`).w.id, 'ft');
  assert.equal(baseId('a/b/My Task.sky.yaml'), 'My-Task');
  assert.equal(baseId('x/.sky.yaml'), 'task');
});

test('a job group (execution: parallel) gives one workload per job, warned', () => {
  const r = importText(`name: grp\nexecution: parallel\n---\nname: a\n${T}---\nname: b\n${T}`);
  assert.ok(r.ok);
  if (r.ok) {
    assert.deepEqual(
      r.value.tasks.map((t) => t.workload.id),
      ['a', 'b'],
    );
    assert.deepEqual(codes(r.value.warnings), ['skypilot.not-honoured']);
  }
});

test('an unknown top-level field is refused, as SkyPilot refuses it, with a did-you-mean and its place', () => {
  const [e] = rejected(`${T}nun_nodes: 2\n`);
  assert.equal(e?.code, 'skypilot.unknown-field');
  assert.match(e?.message ?? '', /unknown field 'nun_nodes' in the task \(did you mean 'num_nodes'\?\)/);
  assert.deepEqual([e?.file, e?.line, e?.col], ['task.sky.yaml', 4, 12]);
});

test('fields skyfleet reads but does not honour are named in warnings with their place', () => {
  const { warnings } = one(
    `${T}event_callback: echo done\nconfig:\n  jobs:\n    bucket: s3://x\nvolumes:\n  /v: vol\n`,
  );
  assert.deepEqual(
    warnings.map((w) => [w.code, w.line, w.col]),
    [
      ['skypilot.not-honoured', 4, 17],
      ['skypilot.not-honoured', 5, 1],
      ['skypilot.not-honoured', 8, 1],
    ],
  );
});

test('malformed files: one clear problem each, with its place', () => {
  assert.deepEqual(codes(rejected('')), ['file.empty']);
  assert.deepEqual(codes(rejected('# only a comment\n')), ['file.empty']);
  assert.deepEqual(codes(rejected('resources: [\n')), ['yaml.syntax']);
  assert.deepEqual(codes(rejected(`${T}run: y\n`)), ['yaml.duplicate-key']);
  assert.deepEqual(codes(rejected('- a\n- b\n')), ['skypilot.not-a-task']);
  assert.deepEqual(codes(rejected('just text\n')), ['skypilot.not-a-task']);
  assert.deepEqual(codes(rejected(`name: My Task\n${T}`)), ['skypilot.name-invalid']);
  assert.deepEqual(codes(rejected(`${T}run: [a]\n`.replace('run: x\n', ''))), ['skypilot.invalid-value']);
  assert.deepEqual(codes(rejected(`${'['.repeat(100)}`)), ['yaml.too-deep']);
  assert.deepEqual(codes(rejected(`resources: 5\nrun: x\n`)), ['skypilot.invalid-value']);
});

test('the workload is exactly what the scenario loader accepts (a team is passed through)', () => {
  const { w } = one(T, { team: 'research' });
  assert.deepEqual(w, {
    id: 'task',
    kind: 'training',
    team: 'research',
    gpus: ['H100'],
    count: 1,
    nodes: 1,
    work: '1 GPU-h',
    tiers: ['reserved', 'committed', 'on-demand'],
  });
});

test('a chain step that asks for no GPU is not imported, with a warning; a file with no GPU task is refused', () => {
  const r = importText(`name: prep\nresources:\n  cpus: 8+\nrun: x\n---\nname: train\n${T}`);
  assert.ok(r.ok);
  if (r.ok) {
    assert.deepEqual(
      r.value.tasks.map((t) => t.workload.id),
      ['train'],
    );
    assert.ok(codes(r.value.warnings).includes('skypilot.task-skipped'));
  }
  assert.deepEqual(codes(rejected('name: a\nrun: x\n---\nname: b\nrun: y\n')), ['skypilot.no-accelerators']);
});

test('a header and 1,000 tasks are read (one workload each); one document more is refused', () => {
  const chain = (n: number) => `name: big\n${`---\n${T}`.repeat(n)}`;
  const r = importText(chain(1000));
  assert.ok(r.ok && r.value.tasks.length === 1000 && r.value.tasks[999]?.workload.id === 'big-999');
  assert.deepEqual(codes(rejected(chain(1001))), ['value.too-big']);
});
