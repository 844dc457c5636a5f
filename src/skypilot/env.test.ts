import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fill } from './env.js';
import { codes, one, rejected } from './test-support/import.js';

const vars = { envs: { SIZE: '8', BUCKET: 'ckpt' }, secrets: { TOKEN: 's3cr3t' } };

test('${VAR} and $VAR are filled from envs; unknown names stay as written', () => {
  assert.equal(fill('/model/llama-${SIZE}b', vars, false), '/model/llama-8b');
  assert.equal(fill('s3://$BUCKET/x', vars, false), 's3://ckpt/x');
  assert.equal(fill('$HOME/${NOPE}/$', vars, false), '$HOME/${NOPE}/$');
  assert.equal(fill('${SIZE', vars, false), '${SIZE');
  assert.equal(fill('$SIZEX', vars, false), '$SIZEX', 'the longest name is the name');
});

test('secrets fill too, and are masked in what is shown', () => {
  assert.equal(fill('x-${TOKEN}', vars, false), 'x-s3cr3t');
  assert.equal(fill('x-${TOKEN}', vars, true), 'x-<redacted>');
});

test('fill never throws and leaves text without $ alone', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const out = fill(s, vars, true);
      if (!s.includes('$')) assert.equal(out, s);
      assert.ok(!out.includes('s3cr3t') || s.includes('s3cr3t'));
    }),
  );
});

const base = 'resources:\n  accelerators: H100:1\nrun: echo $A\n';

test('envs: values become text; filled into file_mounts, workdir and service, not into run or setup', () => {
  const { run } = one(
    `${base}envs:\n  A: 1\n  B: two\n  C: true\nworkdir: /src/$B\nfile_mounts:\n  /d/\${B}: s3://b/$A\nsetup: echo $B\n`,
  );
  assert.deepEqual(run.envs, { A: '1', B: 'two', C: 'True' });
  assert.equal(run.workdir, '/src/two');
  assert.deepEqual(run.fileMounts, { '/d/two': 's3://b/1' });
  assert.equal(run.run, 'echo $A');
  assert.equal(run.setup, 'echo $B');
});

test('secrets are kept apart from envs, marked secret, and masked in what is shown', () => {
  const { run, shown } = one(`${base}secrets:\n  HF_TOKEN: hf_abc\nfile_mounts:\n  /m: s3://x/$HF_TOKEN\n`);
  assert.deepEqual(run.secrets, { HF_TOKEN: { value: 'hf_abc', secret: true } });
  assert.deepEqual(run.envs, {});
  assert.deepEqual(run.fileMounts, { '/m': 's3://x/hf_abc' });
  assert.deepEqual(shown.secrets, { HF_TOKEN: { value: '<redacted>', secret: true } });
  assert.ok(!JSON.stringify(shown).includes('hf_abc'));
});

test('an env or secret with no value is warned; --env/--secret fill or override', () => {
  const unset = one(`${base}envs:\n  A:\nsecrets:\n  T:\n`);
  assert.deepEqual(codes(unset.warnings), ['skypilot.value-unset', 'skypilot.value-unset']);
  const given = one(`${base}envs:\n  A:\nsecrets:\n  T:\n`, { envs: { A: 'a', C: 'c' }, secrets: { T: 't' } });
  assert.deepEqual(given.warnings, []);
  assert.deepEqual(given.run.envs, { A: 'a', C: 'c' });
  assert.equal(given.run.secrets.T?.value, 't');
});

test('bad env names and shapes are refused; managed secret references are warned', () => {
  assert.deepEqual(codes(rejected(`${base}envs:\n  1BAD: x\n`)), ['skypilot.invalid-value']);
  assert.deepEqual(codes(rejected(`${base}envs: [A]\n`)), ['skypilot.invalid-value']);
  assert.deepEqual(codes(one(`${base}secrets: ['secrets:HF_TOKEN']\n`).warnings), ['skypilot.not-honoured']);
});
