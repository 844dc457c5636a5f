/**
 * Patterns met in real SkyPilot task files (the audit over SkyPilot's own examples and docs, docs/skypilot.md
 * "Checked against real task files"): each case written here by hand, one test per pattern that the audit found
 * misread, refused without need, or reported in more than one line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, importText, one, rejected } from './test-support/import.js';

test('any_of with an entry that asks for no GPU: the entry is left out with a warning, the others kept', () => {
  const { w, warnings } = one(
    'resources:\n  any_of:\n    - infra: aws/us-east-1\n      accelerators: A100:8\n    - infra: gcp\n      accelerators: H100:8\n    - infra: aws\nrun: x\n',
  );
  assert.deepEqual([w.gpus, w.count, w.providers, w.regions], [['A100', 'H100'], 8, ['aws', 'gcp'], undefined]);
  const dropped = warnings.filter((i) => i.code === 'skypilot.candidate-dropped');
  assert.equal(dropped.length, 1);
  assert.match(dropped[0]?.message ?? '', /^any_of\[2\] is left out of the candidates: it asks for no accelerators$/);
  assert.deepEqual([dropped[0]?.line, dropped[0]?.col], [7, 7], 'placed at the entry');
  // Every entry without a GPU: the file is refused as a lone CPU task is.
  assert.deepEqual(codes(rejected('resources:\n  any_of:\n    - cpus: 4\n    - infra: aws\nrun: x\n')), [
    'skypilot.no-accelerators',
  ]);
});

test('an any_of / ordered entry with a TPU or an unknown GPU is left out when another entry can be placed', () => {
  const tpu = one('resources:\n  any_of:\n    - accelerators: tpu-v5e-8\n    - accelerators: H100:8\nrun: x\n');
  assert.deepEqual([tpu.w.gpus, codes(tpu.warnings)], [['H100'], ['skypilot.candidate-dropped']]);
  assert.match(tpu.warnings[0]?.message ?? '', /ordered|any_of\[0\].*TPU/);
  const k80 = one('resources:\n  ordered:\n    - accelerators: K80:1\n    - accelerators: T4:1\nrun: x\n');
  assert.deepEqual(k80.w.gpus, ['T4']);
  // Alone, the same entry is an error.
  assert.deepEqual(codes(rejected('resources:\n  any_of:\n    - accelerators: tpu-v5e-8\nrun: x\n')), [
    'skypilot.accelerator-unsupported',
  ]);
});

test('a real region outside the catalogue (gcp us-west2) is warned, not taken for a typo; in any_of its entry is left out', () => {
  const lone = one('resources:\n  accelerators: H100:8\n  infra: gcp/us-west2\nrun: x\n');
  assert.deepEqual([lone.w.providers, lone.w.regions], [['gcp'], undefined]);
  assert.deepEqual(codes(lone.warnings), ['skypilot.region-dropped']);
  assert.match(lone.warnings[0]?.message ?? '', /nearest it has: 'us-west1'/);
  const many = one(
    'resources:\n  accelerators: A100:8\n  any_of:\n    - infra: aws/us-east-1\n    - infra: gcp/us-west2\n    - infra: gcp/us-west1\nrun: x\n',
  );
  assert.deepEqual(
    [many.w.providers, many.w.regions],
    [
      ['aws', 'gcp'],
      ['us-east-1', 'us-west1'],
    ],
  );
  assert.deepEqual(codes(many.warnings), ['skypilot.candidate-dropped']);
  // Typos stay errors with a did-you-mean: the wrong cloud's spelling, a misspelt direction.
  for (const [infra, want] of [
    ['aws/us-east1', 'us-east-1'],
    ['gcp/us-wset1', 'us-west1'],
  ] as const) {
    const [e] = rejected(`resources:\n  accelerators: H100:8\n  infra: ${infra}\nrun: x\n`);
    assert.equal(e?.code, 'skypilot.region-unknown', infra);
    assert.match(e?.message ?? '', new RegExp(`did you mean '${want}'`), infra);
  }
});

test('a wildcard region (gcp/us-*) is every catalogue region it matches', () => {
  const { w, warnings } = one('resources:\n  accelerators: H100:8\n  infra: gcp/us-*\nrun: x\n');
  assert.deepEqual(w.providers, ['gcp']);
  assert.ok((w.regions as string[]).length > 1);
  assert.ok((w.regions as string[]).every((r) => r.startsWith('us-')));
  assert.deepEqual(codes(warnings), []);
  const none = one('resources:\n  accelerators: H100:8\n  infra: gcp/mars-*\nrun: x\n');
  assert.deepEqual([none.w.regions, codes(none.warnings)], [undefined, ['skypilot.region-dropped']]);
});

test('a template placeholder ({{ name }}, {{cloud}}) is one clear error, with nothing printed by the YAML library', () => {
  const warned: string[] = [];
  const listener = (w: Error) => warned.push(w.message);
  process.on('warning', listener);
  try {
    const issues = rejected('name: {{ name }}\nresources:\n  infra: {{cloud}}\n  accelerators: H100:8\nrun: x\n');
    assert.deepEqual(codes(issues), ['yaml.invalid']);
    assert.deepEqual([issues[0]?.line, issues[0]?.col], [1, 8]);
    assert.match(issues[0]?.message ?? '', /template placeholder/);
  } finally {
    process.off('warning', listener);
  }
  assert.deepEqual(warned, []);
});

test('job_recovery: a plugin field is warned, not refused; strategy none turns recovery off', () => {
  const plugin = one(
    'resources:\n  accelerators: A100:8\n  job_recovery:\n    strategy: EAGER_NEXT_REGION\n    max_restarts_on_errors: 3\n    checkpoint_dir: /ckpt\nrun: x\n',
  );
  assert.deepEqual(plugin.run.jobRecovery, { strategy: 'EAGER_NEXT_REGION', maxRestartsOnErrors: 3 });
  assert.deepEqual(codes(plugin.warnings), ['skypilot.not-honoured']);
  assert.match(plugin.warnings[0]?.message ?? '', /job_recovery\.checkpoint_dir/);
  for (const jr of ['none', '{strategy: none, max_restarts_on_errors: 2}']) {
    const off = one(`resources:\n  accelerators: A100:8\n  job_recovery: ${jr}\nrun: x\n`);
    assert.equal(off.run.jobRecovery, undefined, jr);
    assert.deepEqual(codes(off.warnings), [], jr);
  }
});

test('memory and cpus with units and "+" (1TB+, 512GB, 4x) are read, then warned', () => {
  for (const m of ['1TB+', '512GB', "'32+'", '4x', '64'])
    assert.deepEqual(
      codes(one(`resources:\n  accelerators: A100:8\n  memory: ${m}\n  cpus: 8+\nrun: x\n`).warnings),
      ['skypilot.not-honoured', 'skypilot.not-honoured'],
      m,
    );
  assert.deepEqual(codes(rejected('resources:\n  accelerators: A100:8\n  memory: lots\nrun: x\n')), [
    'skypilot.invalid-value',
  ]);
});

test('a chain without a header: the warning names the chain, never an empty field', () => {
  const r = importText(
    'name: a\nresources:\n  accelerators: H100:8\nrun: x\n---\nresources:\n  accelerators: L4:1\nrun: y\n',
  );
  assert.ok(r.ok);
  const [w] = r.value.warnings;
  assert.equal(w?.code, 'skypilot.not-honoured');
  assert.match(w?.message ?? '', /^the order of the file's 2 tasks is not honoured/);
  assert.deepEqual(w?.params, { field: 'chain' });
});

test('num_nodes written as $VAR: refused, and the message says SkyPilot does not fill it there', () => {
  const [e] = rejected('envs:\n  N: 2\nnum_nodes: $N\nresources:\n  accelerators: H100:8\nrun: x\n');
  assert.equal(e?.code, 'skypilot.invalid-value');
  assert.match(e?.message ?? '', /does not fill \$VAR references in num_nodes/);
});

test('clouds SkyPilot knows by another name (digitalocean) are not brokered, not unknown', () => {
  const { w, warnings } = one('resources:\n  accelerators: H100:8\n  infra: digitalocean\nrun: x\n');
  assert.deepEqual([w.providers, codes(warnings)], [undefined, ['skypilot.cloud-not-brokered']]);
});

test('GPU spellings seen in real files: H200-141GB is H200; names the catalogue lacks get a did-you-mean', () => {
  assert.deepEqual(one('resources:\n  accelerators: H200-141GB:8\nrun: x\n').w.gpus, ['H200']);
  const [mi] = rejected('resources:\n  accelerators: MI300:8\nrun: x\n');
  assert.equal(mi?.code, 'skypilot.gpu-unknown');
  assert.match(mi?.message ?? '', /did you mean 'MI300X'/);
});

test('accelerators on lines of their own (a YAML plain scalar): refused, saying how to write several', () => {
  const [e] = rejected('resources:\n  accelerators:\n    A100:1\n    H100:1\nrun: x\n');
  assert.equal(e?.code, 'skypilot.accelerators-invalid');
  assert.match(e?.message ?? '', /written as a set \{A100:1, H100:1\}/);
});

test('a GPU named with a form factor or a vendor prefix the catalogue lacks gets the base model as its did-you-mean', () => {
  for (const [name, want] of [
    ['H100-NVL', 'H100'],
    ['A100-PCIE', 'A100'],
    ['nvidia-tesla-t4', 'T4'],
  ] as const) {
    const [e] = rejected(`resources:\n  accelerators: ${name}:1\nrun: x\n`);
    assert.equal(e?.code, 'skypilot.gpu-unknown', name);
    assert.match(e?.message ?? '', new RegExp(`did you mean '${want}'`), name);
  }
});

test('numbers in envs are the text SkyPilot sets: LR: 2e-5 stays 2e-5, 1.0 stays 1.0 (PyYAML, YAML 1.1, str())', () => {
  const { run } = one(
    'envs:\n  W: yes\n  X: Off\n  Y: "yes"\n  LR: 2e-5\n  WD: 1.0\n  SMALL: 1.0e-5\n  STEPS: 1000\n  HALF: .5\n  HEX: 0x1F\n  Q: "2e-5"\n  V: 3.10\nresources:\n  accelerators: H100:8\nrun: x\n',
  );
  assert.deepEqual(run.envs, {
    W: 'True',
    X: 'False',
    Y: 'yes',
    LR: '2e-5',
    WD: '1.0',
    SMALL: '1e-05',
    STEPS: '1000',
    HALF: '0.5',
    HEX: '31',
    Q: '2e-5',
    V: '3.1',
  });
});
