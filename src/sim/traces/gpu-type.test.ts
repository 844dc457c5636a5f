import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapGpuTypes, matchGpuType } from './gpu-type.js';

const MODELS = ['A100', 'A100-80GB', 'B200', 'GB300', 'H100', 'H200'];

test('a trace GPU type maps exactly, then ignoring case and punctuation, then by a unique prefix', () => {
  assert.equal(matchGpuType('H100', MODELS), 'H100');
  assert.equal(matchGpuType('h100', MODELS), 'H100');
  assert.equal(matchGpuType('a100_80gb', MODELS), 'A100-80GB');
  assert.equal(matchGpuType('A100', MODELS), 'A100'); // exact beats the longer A100-80GB
  assert.equal(matchGpuType('GB3', MODELS), 'GB300');
  assert.equal(matchGpuType('H', MODELS), undefined); // H100 and H200: ambiguous
  assert.equal(matchGpuType('K80', MODELS), undefined);
  assert.equal(matchGpuType('--', MODELS), undefined);
});

test('every type of a trace is mapped, the empty type to none; an unknown type to none, noted with its code and count', () => {
  const ok = mapGpuTypes(['', 'b200', 'H100'], [3, 2, 1], MODELS);
  assert.deepEqual(ok, { models: ['', 'B200', 'H100'], notes: [] });
  const unknown = mapGpuTypes(['', 'K80', 'H'], [1, 12, 1], MODELS);
  assert.deepEqual(unknown.models, ['', '', '']);
  assert.deepEqual(
    unknown.notes.map((i) => i.code),
    ['trace.unknown-gpu-type', 'trace.unknown-gpu-type'],
  );
  assert.match(unknown.notes[0]!.message, /gpu_type "K80" \(12 jobs\) names no GPU model .*A100, A100-80GB, B200/);
});
