import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from './detect.js';

test('.sky.yaml is a SkyPilot task whatever it holds', () => {
  assert.equal(detectFormat('train.sky.yaml', 'providers: {}\n'), 'skypilot');
  assert.equal(detectFormat('TRAIN.SKY.YML', ''), 'skypilot');
});

test('otherwise the top-level keys decide; anything else is a scenario', () => {
  assert.equal(detectFormat('s.yaml', 'name: x\nhorizon:\n  start: 2026-01-01\n'), 'scenario');
  assert.equal(detectFormat('s.yaml', 'resources:\n  accelerators: H100\nworkloads: []\n'), 'scenario');
  assert.equal(detectFormat('t.yaml', 'name: x\nresources:\n  accelerators: H100:8\n'), 'skypilot');
  assert.equal(detectFormat('t.yaml', 'run: python x.py\n'), 'skypilot');
  assert.equal(detectFormat('t.yaml', 'name: chain\n---\nnum_nodes: 2\n'), 'skypilot');
  assert.equal(detectFormat('w.yaml', 'kind: training\ngpus: [H100]\ncount: 8\n'), 'workload');
  assert.equal(detectFormat('x.json', '{"name": "x", "providers": {}}'), 'scenario');
  assert.equal(detectFormat('x.yaml', 'name: x\n'), 'scenario');
  assert.equal(detectFormat('x.yaml', '  run: indented\n'), 'scenario', 'only keys at column 0 count');
});
