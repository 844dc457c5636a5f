/** `skyfleet validate` on SkyPilot task files, as a user runs it: exit codes, the YAML and --json outputs, warnings
 * on stderr, one-line errors with file:line:col, --env/--secret, and secrets never printed. */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { assertUserError, runCli, shown, tempDir } from './helpers.js';

const FX = 'test/fixtures/skypilot';
const tmp = tempDir('skyfleet-sky-');
after(() => tmp.remove());

describe('skyfleet validate: SkyPilot task files', { concurrency: 3 }, () => {
  test('a task file: the workloads in the scenario format (YAML), warnings on stderr, exit 0', async () => {
    const args = ['validate', `${FX}/llm-finetune.sky.yaml`];
    const r = await runCli(args);
    assert.equal(r.code, 0, shown(args, r));
    assert.match(
      r.stdout,
      /^# test\/fixtures\/skypilot\/llm-finetune\.sky\.yaml: SkyPilot task file, 1 workload in the scenario format/,
    );
    assert.match(r.stdout, /\nworkloads:\n {2}- id: llama-8b-finetune\n {4}kind: training\n/);
    assert.match(r.stdout, /\n {4}count: 16\n {4}nodes: 2\n/);
    assert.ok(
      !r.stdout.includes('hf_examplexxxx') && !r.stderr.includes('hf_examplexxxx'),
      'the secret is never printed',
    );
    assert.match(r.stdout, /HF_TOKEN:\n\s+value: <redacted>\n\s+secret: true/);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.length >= 1);
    for (const l of lines)
      assert.match(
        l,
        /^skyfleet: warning: test\/fixtures\/skypilot\/llm-finetune\.sky\.yaml:\d+:\d+: .+ \[skypilot\.[a-z-]+\]/,
      );
  });

  test('--json: { workloads, tasks, warnings } with the scenario field names', async () => {
    const args = ['validate', `${FX}/serve-autoscale.sky.yaml`, '--json'];
    const r = await runCli(args);
    assert.equal(r.code, 0, shown(args, r));
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as {
      workloads: Record<string, unknown>[];
      tasks: Record<string, unknown>[];
      warnings: { code: string; file: string; line: number; col: number; message: string }[];
    };
    assert.deepEqual(Object.keys(out), ['workloads', 'tasks', 'warnings']);
    const [w] = out.workloads;
    assert.deepEqual([w?.kind, w?.gpusPerReplica, w?.nodes, w?.demand], ['inference', 1, 1, { us: 2 }]);
    assert.deepEqual(w?.gpus, ['L40S', 'A10G', 'L4']);
    assert.ok(Array.isArray(w?.tiers));
    assert.equal(out.warnings[0]?.code, 'skypilot.not-honoured');
    assert.equal(out.warnings[0]?.file, `${FX}/serve-autoscale.sky.yaml`);
    assert.ok(!r.stdout.includes('hf_servexxxx'), 'the secret is never printed');
  });

  test('a chain gives one workload per task', async () => {
    const args = ['validate', `${FX}/chain.sky.yaml`, '--json'];
    const r = await runCli(args);
    assert.equal(r.code, 0, shown(args, r));
    const out = JSON.parse(r.stdout) as { workloads: { id: string; count: number }[] };
    assert.deepEqual(
      out.workloads.map((w) => [w.id, w.count]),
      [
        ['preprocess', 1],
        ['train', 32],
        ['train-pipeline-2', 1],
      ],
    );
  });

  test('a TPU, a typo, a syntax error: exit 2, one line each, file:line:col and a code', async () => {
    for (const [f, code, where] of [
      ['err-tpu.sky.yaml', 'skypilot.accelerator-unsupported', '3:17'],
      ['err-typo-field.sky.yaml', 'skypilot.unknown-field', '2:1'],
      ['err-syntax.sky.yaml', 'yaml.syntax', '4:1'],
    ] as const) {
      const args = ['validate', `${FX}/${f}`];
      const r = await runCli(args);
      assertUserError(args, r);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, shown(args, r));
      assert.ok(r.stderr.startsWith(`skyfleet: ${FX}/${f}:${where}: `), shown(args, r));
      assert.ok(r.stderr.includes(`[${code}]`), shown(args, r));
    }
  });

  test('detected by content without .sky.yaml; --env fills an unset env; a bad --env is a flag error', async () => {
    const path = tmp.write(
      'train.yaml',
      'resources:\n  accelerators: H100:8\nenvs:\n  WANDB_PROJECT:\nrun: python train.py\n',
    );
    const plain = await runCli(['validate', path, '--json']);
    assert.equal(plain.code, 0, shown(['validate', path], plain));
    assert.equal(
      (JSON.parse(plain.stdout) as { warnings: { code: string }[] }).warnings[0]?.code,
      'skypilot.value-unset',
    );
    const filled = await runCli(['validate', path, '--json', '--env', 'WANDB_PROJECT=x']);
    assert.deepEqual((JSON.parse(filled.stdout) as { warnings: unknown[] }).warnings, []);
    const bad = ['validate', path, '--env', 'NOEQUALS'];
    const r = await runCli(bad);
    assertUserError(bad, r);
    assert.match(r.stderr, /\[flag\.invalid\]/);
  });

  test('a skyfleet workload file is read by the same command', async () => {
    const args = ['validate', `${FX}/finetune.workload.yaml`, '--json'];
    const r = await runCli(args);
    assert.equal(r.code, 0, shown(args, r));
    const out = JSON.parse(r.stdout) as { workloads: { id: string; work: string }[] };
    assert.deepEqual([out.workloads[0]?.id, out.workloads[0]?.work], ['finetune-7b', '400 GPU-h']);
    assert.ok(!r.stdout.includes('wandb-secret-value'));
  });
});
