import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replay } from '../../control/state-machine.js';
import { ControlError } from './api.js';
import { REPLAN_EVERY_MS } from './control-plane.js';
import { h100Job, harness, teamToken, tickUntil } from './test-support/harness.js';

const research = teamToken('research');
const RULE_50 = 'policies:\n  survivability: [ { tiers: [1], fraction: 50% } ]\n';
const LONG = 100 * 3_600_000;

const chat = (demand: Record<string, string> = { us: '4 replicas' }, extra: Record<string, unknown> = {}) => ({
  name: 'chat',
  workload: { kind: 'inference', gpus: ['H100'], gpusPerReplica: 8, priority: 1, demand, ...extra },
  run: 'serve',
});

function spreadHarness(opts: { azureH100?: number } = {}) {
  const h = harness({ fleetExtra: RULE_50, ...opts });
  for (const p of [h.aws, h.gcp, h.azure]) if (p) p.runMs = LONG;
  return h;
}

const rec = async (h: ReturnType<typeof harness>, id: string) => {
  const r = await h.store.getWorkload(id);
  assert.ok(r, id);
  return r;
};

test('a tier-1 service under a 50% survivability rule is placed as two groups on two providers, one workload to its team', async () => {
  const h = spreadHarness();
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: chat() });
  assert.equal(workload.spec.replicaGroups, 2);
  assert.equal(workload.placement, null, 'the service holds no placement of its own');
  assert.equal(workload.state, 'placed', 'every group is placed');
  assert.deepEqual(
    workload.groups?.map((g) => [g.id, g.geo, g.placement?.provider, g.placement?.instances]),
    [
      [`${workload.id}.g0`, 'us', 'aws', 2],
      [`${workload.id}.g1`, 'us', 'gcp', 2],
    ],
  );
  const split = (await h.store.listEvents(workload.id)).find((e) => e.cause.code === 'control.split');
  assert.equal((split?.cause.params?.groups as unknown[] | undefined)?.length, 2);
  const g1 = await rec(h, `${workload.id}.g1`);
  const spread = (await h.cp.explain(research, g1.id)).rejections.find((r) => r.code === 'control.spread');
  assert.equal(spread?.params?.provider, 'aws', 'the cheaper aws holds its sibling');
  await tickUntil(h, async () => (await rec(h, workload.id)).state === 'running');
  const events = await h.store.listEvents(workload.id);
  assert.ok(replay(events).ok, 'the service moves through allowed transitions');
  assert.deepEqual(
    events.map((e) => e.to),
    ['submitted', 'admitted', 'admitted', 'placed', 'provisioning', 'running'],
  );
  // One service, one-replica-per-geo services stay whole.
  const small = (await h.cp.submit(research, { spec: chat({ us: '1 replica' }, { priority: 2 }) })).workload;
  assert.equal(small.spec.replicaGroups, undefined);
  assert.equal(small.groups, undefined);
  assert.equal(small.placement?.instances, 1);
});

test('a provider goes down: only its group is re-placed (off its sibling provider); the other keeps running', async () => {
  const h = spreadHarness({ azureH100: 4 });
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat() })).workload;
  const [a, b] = [`${svc.id}.g0`, `${svc.id}.g1`];
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running');
  assert.equal((await rec(h, a)).placement?.provider, 'aws');
  assert.equal((await rec(h, b)).placement?.provider, 'gcp');
  const gcpLaunch = (await rec(h, b)).placement?.launchId;
  h.aws.unreachable = true;
  await tickUntil(h, async () => (await rec(h, a)).placement?.provider === 'azure', 10_000, 20);
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running', 10_000, 40);
  const other = await rec(h, b);
  assert.equal(other.state, 'running');
  assert.equal(other.attempt, 0, 'the gcp group was never requeued');
  assert.equal(other.placement?.launchId, gcpLaunch, 'same launch throughout');
  const requeued = (await h.store.listEvents(b)).filter((e) => e.to === 'lost' || e.to === 'preempted');
  assert.deepEqual(requeued, [], 'the gcp group was never lost');
  const lost = (await h.store.listEvents(a)).find((e) => e.to === 'lost');
  assert.equal(lost?.cause.params?.reason, 'provider-down');
  const events = await h.store.listEvents(svc.id);
  assert.ok(replay(events).ok);
  assert.ok(events.some((e) => e.from === 'running' && e.cause.code === 'control.service-groups'));
  // The re-optimisation (aws back up) does not put the two groups together again.
  h.aws.unreachable = false;
  h.clock.advance(REPLAN_EVERY_MS);
  const r = await h.cp.tick();
  assert.equal(r.replanned, true);
  for (let i = 0; i < 5; i++) {
    h.clock.advance(30_000);
    await h.cp.tick();
  }
  const providers = [(await rec(h, a)).placement?.provider, (await rec(h, b)).placement?.provider];
  assert.equal(new Set(providers).size, 2, `${providers}`);
  assert.equal((await rec(h, svc.id)).state, 'running');
});

test('with no provider free of its sibling, a lost group waits (the spread holds) while the other serves', async () => {
  const h = spreadHarness();
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat() })).workload;
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running');
  h.aws.unreachable = true;
  await tickUntil(h, async () => (await rec(h, `${svc.id}.g0`)).state === 'admitted', 10_000, 20);
  for (let i = 0; i < 3; i++) {
    h.clock.advance(10_000);
    await h.cp.tick();
  }
  const g0 = await rec(h, `${svc.id}.g0`);
  assert.equal(g0.state, 'admitted');
  assert.equal(g0.placement, null);
  assert.equal((await rec(h, `${svc.id}.g1`)).state, 'running');
  const view = await h.cp.get(research, svc.id);
  assert.equal(view.state, 'admitted');
  assert.equal(view.waitingFor?.code, 'control.service-groups');
});

test('geographies and minProviders: each geography served in it, by as many providers as asked', async () => {
  const h = spreadHarness({ azureH100: 4 });
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat({ us: '3 replicas' }, { priority: 2, minProviders: 3 }) }))
    .workload;
  assert.equal(svc.spec.replicaGroups, 3);
  assert.deepEqual(
    svc.groups?.map((g) => [g.placement?.provider, g.placement?.instances]),
    [
      ['aws', 1],
      ['gcp', 1],
      ['azure', 1],
    ],
  );
  // A geography no pool of the fleet serves: refused at once, as a service no pool can take.
  await assert.rejects(
    h.cp.submit(research, { spec: chat({ us: '2 replicas', eu: '2 replicas' }) }),
    (e: unknown) => e instanceof ControlError && e.code === 'control.no-candidate',
  );
});

test('cancel of a service ends every group and its launches; cancelling a group cancels its service', async () => {
  const h = spreadHarness();
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat() })).workload;
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running');
  assert.equal(h.aws.liveByWorkload().size + h.gcp.liveByWorkload().size, 2);
  const done = await h.cp.cancel(research, svc.id);
  assert.equal(done.state, 'cancelled');
  assert.deepEqual(
    done.groups?.map((g) => g.state),
    ['cancelled', 'cancelled'],
  );
  assert.equal(h.aws.liveByWorkload().size + h.gcp.liveByWorkload().size, 0, 'both launches terminated');
  await assert.rejects(h.cp.cancel(research, svc.id), (e: unknown) => e instanceof ControlError && e.status === 409);
  const other = (await h.cp.submit(research, { spec: chat() })).workload;
  assert.equal((await h.cp.cancel(research, `${other.id}.g1`)).id, other.id);
  assert.equal((await rec(h, other.id)).state, 'cancelled');
  assert.equal((await rec(h, `${other.id}.g0`)).state, 'cancelled');
  for (const id of [svc.id, `${svc.id}.g0`, other.id]) assert.ok(replay(await h.store.listEvents(id)).ok);
});

test("a team sees neither another team's service nor its groups; its own logs come from every group", async () => {
  const h = spreadHarness();
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat() })).workload;
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running');
  const other = teamToken('product');
  const hidden = (e: unknown) => e instanceof ControlError && e.status === 404;
  for (const id of [svc.id, `${svc.id}.g0`, `${svc.id}.g1`]) {
    await assert.rejects(h.cp.get(other, id), hidden);
    await assert.rejects(h.cp.cancel(other, id), hidden);
    await assert.rejects(h.cp.logs(other, id, 10), hidden);
    await assert.rejects(h.cp.events(other, id), hidden);
    await assert.rejects(h.cp.explain(other, id), hidden);
  }
  assert.deepEqual(await h.cp.list(other, {}), []);
  const logs = await h.cp.logs(research, svc.id, 10);
  assert.match(logs, new RegExp(`== ${svc.id}\\.g0 ==\\nlog of aws`));
  assert.match(logs, new RegExp(`== ${svc.id}\\.g1 ==\\nlog of gcp`));
  const ex = await h.cp.explain(research, svc.id);
  assert.equal(ex.state, 'running');
});

test("a team's quota counts a service's groups once", async () => {
  const h = spreadHarness();
  await h.store.putTeam({
    name: 'research',
    quotaGpus: { H100: 40 },
    monthlyBudgetCents: null,
    monthlyBudgetGpuHours: null,
  });
  await h.cp.tick();
  const svc = (await h.cp.submit(research, { spec: chat() })).workload; // 32 H100 in two groups
  assert.deepEqual(
    svc.groups?.map((g) => g.state),
    ['placed', 'placed'],
  );
  const job = (await h.cp.submit(research, { spec: h100Job('j') })).workload; // 8 more: 40, within the quota
  assert.equal(job.state, 'placed');
  const over = (await h.cp.submit(research, { spec: h100Job('k') })).workload;
  assert.equal(over.state, 'held');
  assert.deepEqual((over.waitingFor?.params?.gpus as { held: number }[] | undefined)?.[0]?.held, 40);
});

test('groups not created with the service (a crash between the two commits) are created by the next tick; a restart duplicates nothing', async () => {
  const h = spreadHarness();
  await h.cp.tick();
  h.store.beforeCreate = (ws) => {
    if (ws.some((w) => w.spec.group !== undefined)) throw new Error('crash before the groups were written');
  };
  const svc = (await h.cp.submit(research, { spec: chat() })).workload;
  assert.equal(svc.state, 'admitted');
  assert.deepEqual(svc.groups, []);
  h.store.beforeCreate = undefined;
  h.restart();
  h.clock.advance(10_000);
  await h.cp.tick();
  assert.deepEqual(
    (await h.cp.get(research, svc.id)).groups?.map((g) => g.placement?.provider),
    ['aws', 'gcp'],
  );
  h.restart();
  await tickUntil(h, async () => (await rec(h, svc.id)).state === 'running');
  assert.equal(await h.store.getWorkload(`${svc.id}.g2`), undefined);
  const tokens = [...h.aws.created, ...h.gcp.created];
  assert.deepEqual(tokens.sort(), [`${svc.id}.g0/0`, `${svc.id}.g1/0`]);
  const splits = (await h.store.listEvents(svc.id)).filter((e) => e.cause.code === 'control.split');
  assert.equal(splits.length, 1);
  assert.ok(replay(await h.store.listEvents(svc.id)).ok);
});
