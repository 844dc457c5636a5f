/** The sandbox configuration reader: the bundled example loads; every problem has its code and file:line:col. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadSandboxConfigText } from './config.js';

const EXAMPLE = 'examples/sandbox-clouds.yaml';

test('examples/sandbox-clouds.yaml loads, with the providers and regions of examples/startup.yaml', () => {
  const r = loadSandboxConfigText(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
  assert.deepEqual(Object.keys(r.value.providers), ['aws', 'gcp', 'nebius', 'lambda']);
  assert.deepEqual(Object.keys(r.value.providers.aws?.regions ?? {}), ['us-east-1', 'us-west-2']);
  assert.equal(r.value.providers.aws?.regions['us-east-1']?.instanceTypes['p5.48xlarge']?.gpusPerInstance, 8);
  // Lambda sells no spot: no spot price, no spot capacity.
  for (const rc of Object.values(r.value.providers.lambda?.regions ?? {}))
    for (const t of Object.values(rc.instanceTypes)) assert.equal(t.spotPrice, undefined);
});

test('defaults: time scale 1, no spot capacity unless given', () => {
  const r = loadSandboxConfigText(
    'providers:\n  p:\n    regions:\n      r1:\n        instanceTypes:\n          t1: { gpu: H100, gpusPerInstance: 8, capacity: 2, price: 10 }\n',
    'x.yaml',
  );
  assert.ok(r.ok);
  assert.equal(r.value.timeScale, 1);
  assert.equal(r.value.providers.p?.regions.r1?.instanceTypes.t1?.spotCapacity, 0);
  assert.equal(r.value.providers.p?.provisioningSeconds, 60);
});

function problems(text: string): string[] {
  const r = loadSandboxConfigText(text, 'bad.yaml');
  assert.ok(!r.ok, 'expected problems');
  return r.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.code}`);
}

test('an unknown key, a wrong type and a negative capacity are placed at their line and column', () => {
  const text = [
    'timeScale: fast', // 1
    'providers:', // 2
    '  aws:', // 3
    '    regoins: {}', // 4
    '    regions:', // 5
    '      us-east-1:', // 6
    '        instanceTypes:', // 7
    '          p5: { gpu: H100, gpusPerInstance: 8, capacity: -1, price: 55 }', // 8
  ].join('\n');
  assert.deepEqual(problems(text), [
    'bad.yaml:1:12 schema.type',
    'bad.yaml:4:5 schema.unknown-key',
    'bad.yaml:8:58 value.negative',
  ]);
});

test('spot capacity without a spot price is sandbox.spot-without-price, at the capacity', () => {
  const text = [
    'providers:',
    '  aws:',
    '    regions:',
    '      us-east-1:',
    '        instanceTypes:',
    '          p5:',
    '            gpu: H100',
    '            gpusPerInstance: 8',
    '            capacity: 2',
    '            spotCapacity: 1',
    '            price: 55',
  ].join('\n');
  assert.deepEqual(problems(text), ['bad.yaml:10:27 sandbox.spot-without-price']);
});

test('YAML syntax errors, an empty file, a missing providers key, a bad provider name', () => {
  assert.deepEqual(problems('providers: [\n'), ['bad.yaml:2:1 yaml.syntax']);
  assert.deepEqual(problems('# nothing\n'), ['bad.yaml:1:1 file.empty']);
  assert.deepEqual(problems('timeScale: 2\n'), ['bad.yaml:1:1 schema.missing']);
  assert.equal(problems('providers:\n  AWS!: { regions: {} }\n')[0], 'bad.yaml:2:3 schema.format');
  assert.deepEqual(problems('providers:\n  a: { regions: {} }\n  a: { regions: {} }\n'), [
    'bad.yaml:3:3 yaml.duplicate-key',
  ]);
});

test('fuzz: any text gives a configuration or problems, each with its file, line and column; never a throw', () => {
  const lines = readFileSync(EXAMPLE, 'utf8').split('\n');
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 12 })), { maxLength: 4 }),
      (edits) => {
        const copy = [...lines];
        for (const [at, text] of edits) {
          const line = copy[at] ?? '';
          const cut = Math.floor(line.length / 2);
          copy[at] = line.slice(0, cut) + text + line.slice(cut);
        }
        const r = loadSandboxConfigText(copy.join('\n'), 'f.yaml');
        if (!r.ok) {
          assert.ok(r.issues.length > 0);
          for (const i of r.issues) {
            assert.equal(i.file, 'f.yaml');
            assert.ok(Number.isInteger(i.line) && (i.line ?? 0) >= 1 && Number.isInteger(i.col) && (i.col ?? 0) >= 1);
            assert.match(i.code, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
          }
        }
      },
    ),
    { numRuns: 300, seed: 12 },
  );
});
