import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, one, rejected } from './test-support/import.js';

const task = (acc: string) => `resources:\n  accelerators: ${acc}\nrun: x\n`;

test("'H100:8', 'H100' and {H100: 8}: one GPU model, 8 (or 1) per node", () => {
  assert.deepEqual([one(task('H100:8')).w.gpus, one(task('H100:8')).w.count], [['H100'], 8]);
  assert.equal(one(task('H100')).w.count, 1);
  assert.deepEqual(one(task('{H100: 8}')).w.gpus, ['H100']);
  assert.equal(one(task('{H100: 8}')).w.count, 8);
});

test('names match the catalogue without regard to case; A100 and A100-80GB stay apart', () => {
  assert.deepEqual(one(task('h100:2')).w.gpus, ['H100']);
  assert.deepEqual(one(task('l40s:1')).w.gpus, ['L40S']);
  assert.deepEqual(one(task('A100:8')).w.gpus, ['A100']);
  assert.deepEqual(one(task('A100-80GB:8')).w.gpus, ['A100-80GB']);
  assert.deepEqual(one(task('A100-40GB:8')).w.gpus, ['A100'], 'an alias of the 40 GB model');
  for (const g of ['H200', 'B200', 'GB200', 'L4', 'A10G', 'MI300X']) assert.deepEqual(one(task(`${g}:1`)).w.gpus, [g]);
});

test('a set, written as a flow mapping {H100:8, A100:8} (keys with null values), is any of', () => {
  const { w } = one(task('{H100:8, A100-80GB:8}'));
  assert.deepEqual(w.gpus, ['H100', 'A100-80GB']);
  assert.equal(w.count, 8);
});

test('a list is an order of preference, kept in the order written', () => {
  assert.deepEqual(one(task('[A100-80GB:8, H100:8]')).w.gpus, ['A100-80GB', 'H100']);
  assert.deepEqual(one(task("['L4:1', 'A10G:1']")).w.gpus, ['L4', 'A10G']);
});

test('`gpus` is read as an alias of accelerators; both at once is refused', () => {
  assert.deepEqual(one('resources:\n  gpus: H100:4\nrun: x\n').w.gpus, ['H100']);
  assert.deepEqual(codes(rejected('resources:\n  gpus: H100:4\n  accelerators: H100:4\n')), ['skypilot.conflict']);
});

test('memory forms: every catalogue GPU with that much memory', () => {
  const { w } = one(task("'80GB+:4'"));
  assert.ok((w.gpus as string[]).includes('H100') && (w.gpus as string[]).includes('H200'));
  assert.ok(!(w.gpus as string[]).includes('A100'), 'A100 has 40 GB');
  assert.equal(w.count, 4);
  assert.ok(!(one(task("'amd:192GB+:8'")).w.gpus as string[]).includes('H200'), 'amd only');
});

test('a fractional count is rounded up to whole GPUs, with a warning', () => {
  const { w, warnings } = one(task('H100:0.5'));
  assert.equal(w.count, 1);
  assert.deepEqual(codes(warnings), ['skypilot.gpus-rounded']);
});

test('TPU, Trainium, Inferentia and Gaudi are refused with a code; a near miss gets a did-you-mean', () => {
  for (const a of ['tpu-v5e-8', 'tpu-v4-64', 'Trainium:16', 'Inferentia2:1', 'Gaudi2:8'])
    assert.deepEqual(codes(rejected(task(a))), ['skypilot.accelerator-unsupported'], a);
  const [typo] = rejected(task('H1000:8'));
  assert.equal(typo?.code, 'skypilot.gpu-unknown');
  assert.match(typo?.message ?? '', /did you mean 'H100'/);
  assert.equal(typo?.line, 2);
  assert.equal(typo?.col, 17);
});

test('unreadable forms are errors at the value', () => {
  for (const a of ["'H100:x'", "'H100:8:2'", "'H100:0'", "'H100:-1'", '[1, 2]', '{H100: lots}', "''", '[]', 'true'])
    assert.deepEqual(codes(rejected(task(a))), ['skypilot.accelerators-invalid'], a);
});

test('no accelerators: refused, unless the instance type has GPUs in the catalogue', () => {
  assert.deepEqual(codes(rejected('run: x\n')), ['skypilot.no-accelerators']);
  assert.deepEqual(codes(rejected('resources:\n  cpus: 4\nrun: x\n')), ['skypilot.no-accelerators']);
  const { w } = one('resources:\n  instance_type: p5.48xlarge\nrun: x\n');
  assert.deepEqual([w.gpus, w.count], [['H100'], 8]);
});

test('among several candidates, one skyfleet cannot place is left out with a warning; if none is left, refused', () => {
  const { w, warnings } = one(task('{L4, A10g, A40, tpu-v4-8}'));
  assert.deepEqual(w.gpus, ['L4', 'A10G']);
  assert.deepEqual(codes(warnings), ['skypilot.candidate-dropped', 'skypilot.candidate-dropped']);
  assert.match(warnings[0]?.message ?? '', /'A40' is not in skyfleet's catalogue.*left out of the candidates/);
  assert.deepEqual(codes(rejected(task('{A40, tpu-v4-8}'))), [
    'skypilot.gpu-unknown',
    'skypilot.accelerator-unsupported',
  ]);
  assert.deepEqual(codes(rejected(task('[H100:8, "H100:x"]'))), ['skypilot.accelerators-invalid']);
});
