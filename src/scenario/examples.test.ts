import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue } from '../core/issues.js';
import { loadScenarioText } from './load.js';
import { bundledRef, readRepoFile } from './test-support/ref.js';

function load(rel: string) {
  const r = loadScenarioText(readRepoFile(rel), rel, bundledRef());
  assert.ok(r.ok, r.ok ? '' : r.issues.map(formatIssue).join('\n'));
  return r.value;
}

test('examples/startup.yaml loads with zero issues', () => {
  const s = load('examples/startup.yaml');
  assert.equal(s.request.workloads.length, 11);
  assert.deepEqual(new Set(s.request.workloads.map((w) => w.kind)), new Set(['training', 'inference', 'batch']));
  assert.equal(s.request.bucketHours, 730);
  const gcp = s.snapshot.contracts.find((c) => c.id === 'gcp-cud')!;
  assert.equal(gcp.commitment?.unit, 'gpu-hours');
  assert.deepEqual(
    gcp.commitment?.periods.map((p) => p.minimum),
    [15_000, 30_000, 45_000, 60_000],
  );
  const block = s.snapshot.contracts.find((c) => c.id === 'nebius-cluster')!.reserved[0]!;
  assert.deepEqual(block.ramp, [
    { from: Date.UTC(2026, 11, 1), value: 64 },
    { from: Date.UTC(2027, 2, 1), value: 128 },
  ]);
  const chat = s.request.workloads.find((w) => w.id === 'chat');
  assert.ok(chat?.kind === 'inference');
  assert.deepEqual(chat.demand, [{ geo: 'us', replicas: 20 }]); // 400k tokens/s / 20k per replica
});

test('examples/frontier-lab.yaml loads with zero issues, at real scale', () => {
  const s = load('examples/frontier-lab.yaml');
  const aws = s.snapshot.contracts.find((c) => c.provider === 'aws')!;
  assert.equal(aws.start, Date.UTC(2025, 10, 1));
  assert.equal(aws.end, Date.UTC(2032, 10, 1));
  assert.equal(
    aws.commitment!.periods.reduce((t, p) => t + p.minimum, 0),
    38e9,
  );
  const azure = s.snapshot.contracts.find((c) => c.provider === 'azure')!;
  assert.deepEqual(azure.rightOfFirstRefusal, []);
  assert.ok(Math.abs(azure.commitment!.periods.reduce((t, p) => t + p.minimum, 0) - 250e9) < 1);
  const oci = s.snapshot.contracts.find((c) => c.provider === 'oci')!;
  assert.equal(oci.start, Date.UTC(2027, 0, 1));
  const gangs = s.request.workloads
    .filter((w) => w.kind === 'training')
    .map((w) => (w.kind === 'training' ? w.gpuCount : 0));
  assert.ok(Math.max(...gangs) >= 100_000 && Math.min(...gangs) >= 16_000);
  // Every big gang fits the interconnect domain of at least one provider meant to host it.
  const largestDomain = Math.max(...s.snapshot.providers.map((p) => p.interconnectDomainGpus));
  assert.ok(largestDomain >= Math.max(...gangs));
  const months = (s.request.horizon.end - s.request.horizon.start) / 3_600_000 / s.request.bucketHours;
  assert.ok(months <= 40, `${months} buckets`);
  const inferenceGpus = s.request.workloads.reduce(
    (t, w) => t + (w.kind === 'inference' ? w.gpusPerReplica * w.demand.reduce((u, d) => u + d.replicas, 0) : 0),
    0,
  );
  assert.ok(inferenceGpus >= 200_000, `${inferenceGpus} inference GPUs`);
});

test('JSON is YAML: the same scenario written as JSON loads the same', () => {
  const json = JSON.stringify({
    name: 'json',
    horizon: { start: '2026-01-01', length: '1y' },
    providers: { aws: { quota: 64 } },
    workloads: [{ id: 'w', kind: 'batch', gpus: ['H100'], count: 8, work: '1k GPU-h' }],
  });
  const r = loadScenarioText(json, 'x.json', bundledRef());
  assert.ok(r.ok);
  const w = r.value.request.workloads[0]!;
  assert.equal(w.team, 'default');
  assert.equal(w.class, 'batch');
  assert.equal(w.priority, 2);
  assert.deepEqual(w.tiers, ['reserved', 'committed', 'on-demand', 'spot']);
  assert.equal(r.value.snapshot.providers[0]!.interconnectDomainGpus, 8);
  assert.equal(r.value.snapshot.policy.maxSpendShare, 1);
});
