/**
 * The sandbox adapter passes the Provider contract (against a sandbox in this process on 127.0.0.1:0), and keeps
 * the promises of its own: bounded calls, a dropped or refused connection as provider.unreachable, a provider down,
 * quotas, slow answers still answered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LaunchRequest, ProviderError } from '../control/ports.js';
import { connectSandbox } from './sandbox-provider.js';
import { providerContract } from './test-support/provider-contract.js';
import { fault, sandboxSubject, withSandbox } from './test-support/sandbox-harness.js';

providerContract('sandbox (aws, in-process)', () => sandboxSubject('aws'));
providerContract('sandbox (lambda: no spot, one region)', () => sandboxSubject('lambda'));

async function rejectsWith(p: Promise<unknown>, code: string, retryable: boolean): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ProviderError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.retryable, retryable);
    return true;
  });
}

/** The first launch request of workload `workloadId`: one g6.xlarge (L4) on demand in aws us-east-1 unless `part` says otherwise. */
function launchRequest(workloadId: string, part: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    clientToken: `${workloadId}/1`,
    workloadId,
    team: 't',
    region: 'us-east-1',
    instanceType: 'g6.xlarge',
    instances: 1,
    spot: false,
    resumeFrom: 0,
    ...part,
  };
}

test('nobody listening: provider.unreachable, retryable', async () => {
  const gone = await sandboxSubject('aws', undefined, 2_000);
  await gone.close();
  await rejectsWith(gone.provider.offerings(), 'provider.unreachable', true);
});

test('dropped responses (reset, then hang) are provider.unreachable; restore brings answers back', () =>
  withSandbox(
    async (s) => {
      await fault(s.sandbox.url, 'aws', { action: 'drop', mode: 'reset', count: 1 });
      await rejectsWith(s.provider.offerings(), 'provider.unreachable', true);
      assert.ok((await s.provider.offerings()).length > 0, 'only one response was dropped');
      await fault(s.sandbox.url, 'aws', { action: 'drop', mode: 'hang' });
      await rejectsWith(s.provider.listLaunches(), 'provider.unreachable', true);
      await fault(s.sandbox.url, 'aws', { action: 'restore' });
      assert.deepEqual(await s.provider.listLaunches(), []);
    },
    { timeoutMs: 300 },
  ));

test('slow responses still answer within the timeout', () =>
  withSandbox(async (s) => {
    await fault(s.sandbox.url, 'aws', { action: 'slow', ms: 50 });
    assert.ok((await s.provider.offerings()).length > 0);
  }));

test('a provider down: every call is provider.down (retryable) and its launches are lost', () =>
  withSandbox(async (s) => {
    const l = await s.provider.launch(launchRequest('w', { run: 'sleep 60' }));
    await fault(s.sandbox.url, 'aws', { action: 'down' });
    await rejectsWith(s.provider.offerings(), 'provider.down', true);
    await rejectsWith(s.provider.listLaunches(), 'provider.down', true);
    await fault(s.sandbox.url, 'aws', { action: 'up' });
    const after = (await s.provider.listLaunches()).find((x) => x.launchId === l.launchId);
    assert.equal(after?.state, 'lost');
  }));

test('quotas: a region quota refuses a launch past it (provider.quota), and offerings count it', () =>
  withSandbox(async (s) => {
    const west = (await s.provider.offerings()).find((o) => o.region === 'us-west-2');
    assert.equal(west?.available, 2, '16 GPUs of quota = 2 instances of 8, though capacity is 4');
    await rejectsWith(
      s.provider.launch(launchRequest('q', { region: 'us-west-2', instanceType: 'p5.48xlarge', instances: 3 })),
      'provider.quota',
      true,
    );
  }));

test('capacity removed by the fault API: launches there get provider.capacity', () =>
  withSandbox(async (s) => {
    await fault(s.sandbox.url, 'aws', { action: 'capacity', region: 'us-east-1', instanceType: 'g6.xlarge', set: 0 });
    const g6 = (await s.provider.offerings()).find((o) => o.instanceType === 'g6.xlarge');
    assert.equal(g6?.available, 0);
    await rejectsWith(s.provider.launch(launchRequest('c')), 'provider.capacity', true);
    await fault(s.sandbox.url, 'aws', {
      action: 'capacity',
      region: 'us-east-1',
      instanceType: 'g6.xlarge',
      set: null,
    });
    const back = (await s.provider.offerings()).find((o) => o.instanceType === 'g6.xlarge');
    assert.equal(back?.available, 6);
  }));

test('a malformed launch request is provider.bad-request, not retryable', () =>
  withSandbox(async (s) => {
    await rejectsWith(s.provider.launch(launchRequest('x', { clientToken: '' })), 'provider.bad-request', false);
  }));

test('a launch request over the sandbox body limit is provider.bad-request before anything is sent', () =>
  withSandbox(async (s) => {
    await rejectsWith(
      s.provider.launch(launchRequest('big', { run: 'x'.repeat(1024 * 1024 + 1) })),
      'provider.bad-request',
      false,
    );
    assert.deepEqual(await s.provider.listLaunches(), []);
  }));

test('connectSandbox: one adapter per provider the sandbox serves; none reachable is provider.unreachable', async () => {
  const s = await sandboxSubject('aws');
  try {
    const providers = await connectSandbox(s.sandbox.url);
    assert.deepEqual(
      providers.map((p) => p.name),
      ['aws', 'lambda'],
    );
    const lambda = providers[1];
    assert.ok(lambda && (await lambda.offerings()).every((o) => o.provider === 'lambda'));
  } finally {
    await s.close();
  }
  await rejectsWith(connectSandbox(s.sandbox.url, { timeoutMs: 2_000 }), 'provider.unreachable', true);
});
