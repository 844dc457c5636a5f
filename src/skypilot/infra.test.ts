import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, one, rejected } from './test-support/import.js';

const task = (res: string) => `resources:\n  accelerators: H100:8\n${res}run: x\n`;

test('infra: cloud, cloud/region, cloud/region/zone, wildcards', () => {
  assert.deepEqual(one(task('  infra: aws\n')).w.providers, ['aws']);
  assert.equal(one(task('  infra: aws\n')).w.regions, undefined);
  const r = one(task('  infra: aws/us-east-1\n')).w;
  assert.deepEqual([r.providers, r.regions], [['aws'], ['us-east-1']]);
  const z = one(task('  infra: aws/us-east-1/us-east-1a\n'));
  assert.deepEqual([z.w.providers, z.w.regions], [['aws'], ['us-east-1']]);
  assert.deepEqual(codes(z.warnings), ['skypilot.not-honoured'], 'the zone is warned');
  assert.equal(one(task("  infra: '*'\n")).w.providers, undefined);
  const wild = one(task("  infra: '*/us-east-1'\n")).w;
  assert.deepEqual(wild.regions, ['us-east-1']);
  assert.ok((wild.providers as string[]).includes('aws'));
  assert.deepEqual(one(task('  infra: AWS\n')).w.providers, ['aws'], 'clouds are case-insensitive');
});

test('cloud, region, zone (the older fields); a zone alone names its region', () => {
  const w = one(task('  cloud: gcp\n  region: us-central1\n')).w;
  assert.deepEqual([w.providers, w.regions], [['gcp'], ['us-central1']]);
  const z = one(task('  cloud: gcp\n  zone: us-central1-a\n'));
  assert.deepEqual([z.w.providers, z.w.regions], [['gcp'], ['us-central1']]);
  const region = one(task('  region: us-east-1\n')).w;
  assert.deepEqual(region.regions, ['us-east-1']);
  assert.ok((region.providers as string[]).includes('aws'), 'a region alone: the providers that have it');
});

test('infra with cloud/region/zone is refused, as SkyPilot refuses it', () => {
  assert.deepEqual(codes(rejected(task('  infra: aws\n  region: us-east-1\n'))), ['skypilot.conflict']);
});

test('k8s, ssh and clouds skyfleet does not broker: warned, the constraint dropped', () => {
  for (const res of [
    '  infra: k8s\n',
    '  infra: kubernetes/ctx/with/slash\n',
    '  cloud: runpod\n',
    '  infra: ssh/pool\n',
  ]) {
    const { w, warnings } = one(task(res));
    assert.equal(w.providers, undefined, res);
    assert.deepEqual(codes(warnings), ['skypilot.cloud-not-brokered'], res);
  }
});

test('a cloud that is no cloud: refused with a did-you-mean; a region typo likewise; an unknown region warned', () => {
  const [c] = rejected(task('  cloud: awz\n'));
  assert.equal(c?.code, 'skypilot.cloud-unknown');
  assert.match(c?.message ?? '', /did you mean 'aws'/);
  const [r] = rejected(task('  infra: aws/us-east1\n'));
  assert.equal(r?.code, 'skypilot.region-unknown');
  assert.match(r?.message ?? '', /did you mean 'us-east-1'/);
  const far = one(task('  infra: aws/mars-north-9\n'));
  assert.deepEqual(
    [far.w.providers, far.w.regions, codes(far.warnings)],
    [['aws'], undefined, ['skypilot.region-dropped']],
  );
  assert.deepEqual(codes(rejected(task('  infra: aws//x\n'))), ['skypilot.infra-invalid']);
});
