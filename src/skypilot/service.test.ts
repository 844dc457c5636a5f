import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codes, one, rejected } from './test-support/import.js';

const svc = (service: string, res = '  accelerators: L4:1\n') => `service:\n${service}resources:\n${res}run: serve\n`;

test('a service is an inference workload: replicas become the demand, GPUs per node × nodes per replica', () => {
  const { w, run } = one(svc('  readiness_probe: /health\n  replicas: 3\n'));
  assert.deepEqual(
    [w.kind, w.gpusPerReplica, w.demand, w.tiers],
    ['inference', 1, { us: 3 }, ['reserved', 'committed', 'on-demand']],
  );
  assert.deepEqual(run.service, { readinessProbe: { path: '/health' }, minReplicas: 3 });
});

test('replica_policy: min_replicas planned; max and target QPS kept and warned', () => {
  const { w, run, warnings } = one(
    svc(
      '  readiness_probe:\n    path: /v1/models\n    initial_delay_seconds: 600\n  replica_policy:\n    min_replicas: 2\n    max_replicas: 8\n    target_qps_per_replica: 3\n',
    ),
  );
  assert.deepEqual(w.demand, { us: 2 });
  assert.deepEqual(run.service, {
    readinessProbe: { path: '/v1/models', initialDelaySeconds: 600 },
    minReplicas: 2,
    maxReplicas: 8,
    targetQpsPerReplica: 3,
  });
  assert.deepEqual(codes(warnings), ['skypilot.not-honoured']);
});

test('the demand sits in the geography of the region asked for', () => {
  assert.deepEqual(one(svc('  replicas: 1\n', '  accelerators: H100:1\n  infra: gcp/europe-west4\n')).w.demand, {
    eu: 1,
  });
});

test('min_replicas 0: at least one replica, warned; replicas with replica_policy, or a policy without min, refused', () => {
  const zero = one(svc('  replica_policy:\n    min_replicas: 0\n'));
  assert.deepEqual([zero.w.demand, codes(zero.warnings)], [{ us: 1 }, ['skypilot.not-honoured']]);
  assert.deepEqual(codes(rejected(svc('  replicas: 2\n  replica_policy:\n    min_replicas: 1\n'))), [
    'skypilot.conflict',
  ]);
  assert.deepEqual(codes(rejected(svc('  replica_policy:\n    max_replicas: 3\n'))), ['skypilot.invalid-value']);
  assert.deepEqual(codes(rejected(svc('  replica_policy:\n    min_replicas: 3\n    max_replicas: 1\n'))), [
    'skypilot.invalid-value',
  ]);
  assert.deepEqual(codes(rejected(svc('  replicas: 1\n  readines_probe: /x\n'))), ['skypilot.unknown-field']);
});

test('${VAR} is filled in the service (post_data), secrets masked in what is shown', () => {
  const { run, shown } = one(
    'envs:\n  MODEL: qwen\nsecrets:\n  KEY: k3y\nservice:\n  readiness_probe:\n    path: /v1/chat\n    post_data: {model: $MODEL}\n    headers: {Authorization: Bearer $KEY}\n  replicas: 1\nresources:\n  accelerators: L4:1\nrun: x\n',
  );
  assert.deepEqual(run.service?.readinessProbe.postData, { model: 'qwen' });
  assert.equal(run.service?.readinessProbe.headers?.Authorization, 'Bearer k3y');
  assert.equal(shown.service?.readinessProbe.headers?.Authorization, 'Bearer <redacted>');
});

test('a multi-node replica spans nodes', () => {
  const { w } = one(
    svc('  replicas: 1\n', '  accelerators: H100:8\n').replace('run: serve', 'num_nodes: 2\nrun: serve'),
  );
  assert.deepEqual([w.gpusPerReplica, w.nodes, w.multiNode], [16, 2, true]);
});

test("the service port: service.ports, else the task's one port", () => {
  assert.equal(one(svc('  replicas: 1\n  ports: 9000\n')).run.service?.port, 9000);
  assert.equal(one(svc('  replicas: 1\n', '  accelerators: L4:1\n  ports: 8081\n')).run.service?.port, 8081);
});

test('a message about the service never quotes a secret filled into it', () => {
  const issues = rejected(
    'secrets:\n  KEY: topsecretvalue\nservice:\n  readiness_probe:\n    path: /x\n    timeout_seconds: $KEY\n  replicas: 1\nresources:\n  accelerators: L4:1\n',
  );
  assert.deepEqual(codes(issues), ['skypilot.invalid-value']);
  assert.ok(!issues[0]?.message.includes('topsecretvalue'), issues[0]?.message);
});
