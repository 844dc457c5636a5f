/** A service placed as replica groups over HTTP, with the real control plane: one id, its groups in the view (which
 * fits the response schema), the same Idempotency-Key replayed answers it (the group count the control plane adds to
 * the spec is not the client's), cancel ends it, another team gets 404 for the service and its groups. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness as controlHarness } from '../app/control/test-support/harness.js';
import { createServerApp } from './app.js';
import { createLogger } from './logger.js';
import * as s from './schemas.js';
import { memoryAccounts } from './test-support/fake-control.js';
import { issueToken } from './tokens.js';

const json = async (r: Response): Promise<any> => JSON.parse(await r.text());

test('a service as replica groups over HTTP: one id, groups listed, idempotent replay, cancel, team isolation', async () => {
  const c = controlHarness({ fleetExtra: 'policies:\n  survivability: [ { tiers: [1], fraction: 50% } ]\n' });
  const accounts = memoryAccounts();
  const now = c.clock.now();
  const server = createServerApp({
    api: c.cp,
    accounts,
    clock: c.clock,
    logger: createLogger({ write: () => {} }),
  });
  for (const name of ['research', 'vision'])
    await accounts.putTeam({ name, quotaGpus: {}, monthlyBudgetCents: null, monthlyBudgetGpuHours: null });
  const research = (await issueToken(accounts, { team: 'research', admin: false }, now)).secret;
  const vision = (await issueToken(accounts, { team: 'vision', admin: false }, now)).secret;
  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      server.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  await c.cp.tick();
  const spec = {
    name: 'chat',
    workload: { kind: 'inference', gpus: ['H100'], gpusPerReplica: 8, priority: 1, demand: { us: '4 replicas' } },
    run: 'serve',
  };
  const first = await call('POST', '/v1/workloads', research, spec, { 'idempotency-key': 'svc-1' });
  assert.equal(first.status, 201);
  const body = s.submitResponseSchema.parse(await json(first));
  const svc = body.workloads[0];
  assert.ok(svc);
  assert.equal(body.workloads.length, 1, 'one workload to the user');
  assert.equal(svc.spec.replicaGroups, 2);
  const again = await call('POST', '/v1/workloads', research, spec, { 'idempotency-key': 'svc-1' });
  assert.equal(again.status, 200);
  assert.equal((await json(again)).workloads[0].id, svc.id);
  const got = s.workloadViewSchema.parse(await json(await call('GET', `/v1/workloads/${svc.id}`, research)));
  assert.deepEqual(
    got.groups?.map((g) => g.placement?.provider),
    ['aws', 'gcp'],
  );
  const group = s.workloadViewSchema.parse(await json(await call('GET', `/v1/workloads/${svc.id}.g1`, research)));
  assert.equal(group.spec.group?.service, svc.id);
  for (const id of [svc.id, `${svc.id}.g0`]) {
    assert.equal((await call('GET', `/v1/workloads/${id}`, vision)).status, 404);
    assert.equal((await call('POST', `/v1/workloads/${id}/cancel`, vision)).status, 404);
  }
  const cancelled = await call('POST', `/v1/workloads/${svc.id}/cancel`, research);
  assert.equal(cancelled.status, 200);
  const view = s.workloadViewSchema.parse(await json(cancelled));
  assert.equal(view.state, 'cancelled');
  assert.deepEqual(
    view.groups?.map((g) => g.state),
    ['cancelled', 'cancelled'],
  );
});
