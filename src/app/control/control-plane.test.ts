import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cents } from '../../core/money.js';
import { BLOCKLIST_TTL_MS } from '../../control/blocklist.js';
import { DOWN_AFTER_FAILED_POLLS, DOWN_AFTER_SILENCE_MS } from '../../control/health.js';
import { replay } from '../../control/state-machine.js';
import { ControlError } from './api.js';
import { ADMIN, h100Job, h100Service, harness, recordOf, teamToken, tickUntil } from './test-support/harness.js';

const research = teamToken('research');
const stateOf = async (h: ReturnType<typeof harness>, id: string) => (await recordOf(h, id)).state;

test('submit → placed on the cheapest offering → provisioning → running → succeeded; the event log replays', async () => {
  const h = harness();
  const { workload, created } = await h.cp.submit(research, { spec: h100Job('a') });
  assert.equal(created, true);
  // No poll yet: no live offering, so it waits, admitted, with the reason as data.
  assert.equal(workload.state, 'admitted');
  assert.equal(workload.waitingFor?.code, 'control.no-capacity');
  await h.cp.tick();
  const rec = (await h.store.getWorkload(workload.id))!;
  assert.equal(rec.state, 'provisioning');
  assert.equal(rec.placement?.provider, 'aws'); // 40 USD/h beats gcp's 44
  assert.equal(rec.placement?.instances, 1);
  assert.deepEqual(h.aws.created, [`${workload.id}/0`]);
  await tickUntil(h, async () => (await stateOf(h, workload.id)) === 'succeeded');
  const events = await h.store.listEvents(workload.id);
  const r = replay(events);
  assert.ok(r.ok && r.state === 'succeeded');
  assert.ok(
    events
      .filter((e) => e.from === 'running' && e.to === 'running')
      .every((e) => e.cause.code === 'control.checkpoint'),
  );
  assert.deepEqual(
    events.filter((e) => e.cause.code !== 'control.checkpoint').map((e) => e.to),
    ['submitted', 'admitted', 'placed', 'provisioning', 'running', 'succeeded'],
  );
  const ex = await h.cp.explain(research, workload.id);
  assert.equal(ex.chosen?.code, 'control.placed');
  assert.equal(ex.chosen?.params?.provider, 'aws');
});

test('a submission after a poll is placed at once by its own evaluation', async () => {
  const h = harness();
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: h100Job('a') });
  assert.equal(workload.state, 'placed');
});

test('cancel at each state: submitted work never launches, launched work is terminated, final work refuses (409)', async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.state, 'placed');
  assert.equal((await h.cp.cancel(research, a.id)).state, 'cancelled');
  const b = (await h.cp.submit(research, { spec: h100Job('b') })).workload;
  h.clock.advance(10_000);
  await h.cp.tick();
  assert.equal(await stateOf(h, b.id), 'provisioning');
  await h.cp.cancel(research, b.id);
  assert.equal(h.aws.liveByWorkload().get(b.id), undefined, 'the launch was terminated');
  const c = (await h.cp.submit(research, { spec: h100Job('c') })).workload;
  await tickUntil(h, async () => (await stateOf(h, c.id)) === 'running');
  await h.cp.cancel(research, c.id);
  assert.equal(h.aws.liveByWorkload().get(c.id), undefined);
  await assert.rejects(h.cp.cancel(research, c.id), (e: unknown) => e instanceof ControlError && e.status === 409);
  // a held one
  await h.store.putTeam({
    name: 'tiny',
    quotaGpus: { H100: 0 },
    monthlyBudgetCents: null,
    monthlyBudgetGpuHours: null,
  });
  const d = (await h.cp.submit(teamToken('tiny'), { spec: h100Job('d') })).workload;
  assert.equal(d.state, 'held');
  assert.equal((await h.cp.cancel(teamToken('tiny'), d.id)).state, 'cancelled');
  for (const id of [a.id, b.id, c.id, d.id]) assert.ok(replay(await h.store.listEvents(id)).ok);
  assert.ok(!h.aws.created.includes(`${a.id}/0`), 'cancelled before launch: never launched');
});

test('quota: work beyond the team quota is held with the reason, and released when GPUs free', async () => {
  const h = harness();
  await h.store.putTeam({
    name: 'research',
    quotaGpus: { H100: 8 },
    monthlyBudgetCents: null,
    monthlyBudgetGpuHours: null,
  });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.state, 'placed');
  const b = (await h.cp.submit(research, { spec: h100Job('b') })).workload;
  assert.equal(b.state, 'held');
  assert.equal(b.waitingFor?.code, 'control.quota');
  assert.deepEqual(b.waitingFor?.params?.gpus, [{ gpu: 'H100', quota: 8, held: 8, needs: 8 }]);
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'succeeded');
  await tickUntil(h, async () => (await stateOf(h, b.id)) === 'running');
  const events = await h.store.listEvents(b.id);
  assert.ok(events.some((e) => e.from === 'held' && e.to === 'admitted' && e.cause.code === 'control.released'));
});

test('budget: a team that spent its monthly budget is held, with the month, unit and amounts as data', async () => {
  const h = harness();
  await h.store.putTeam({
    name: 'research',
    quotaGpus: {},
    monthlyBudgetCents: cents(10_000),
    monthlyBudgetGpuHours: null,
  });
  await h.store.putUsage({
    id: 'u1',
    workloadId: 'old',
    team: 'research',
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    gpus: 8,
    instances: 1,
    pricing: 'on-demand',
    pricePerInstanceHourCents: cents(4000),
    start: Date.UTC(2026, 11, 1),
    end: Date.UTC(2026, 11, 1, 3),
  });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.state, 'held');
  assert.deepEqual(a.waitingFor, {
    code: 'control.budget',
    source: 'admission',
    params: { team: 'research', month: '2026-12', unit: 'usd', budget: 10_000, spent: 12_000 },
  });
  // Next month the budget is fresh: released at a tick.
  h.clock.t = Date.UTC(2027, 0, 1, 0, 1);
  await h.cp.tick();
  assert.notEqual(await stateOf(h, a.id), 'held');
});

test('preemption requeues from the last checkpoint, counts the lost work, and the next attempt resumes', async () => {
  const h = harness({ spot: 4 });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80, { tiers: ['spot'] }) })).workload;
  assert.equal(a.placement?.spot, true);
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'running');
  h.clock.advance(25 * 60_000); // two checkpoints (every 10 min) and 5 min more
  await h.cp.tick();
  assert.ok(h.aws.preempt(a.id));
  h.clock.advance(5_000);
  await h.cp.tick();
  const events = await h.store.listEvents(a.id);
  const pre = events.find((e) => e.to === 'preempted')!;
  const req = events.find((e) => e.cause.code === 'control.requeued')!;
  assert.equal(req.cause.params?.resumeFrom, pre.cause.params?.checkpoint);
  assert.ok((pre.cause.params?.lostWork as number) > 0, 'work since the checkpoint is counted as lost');
  const rec = (await h.store.getWorkload(a.id))!;
  assert.equal(rec.attempt, 1);
  assert.ok(['placed', 'provisioning'].includes(rec.state));
  assert.deepEqual(h.aws.created, [`${a.id}/0`, `${a.id}/1`]);
  assert.ok(replay(events).ok);
});

test(`provider that stops answering: declared down within ${DOWN_AFTER_FAILED_POLLS} polls, its work re-placed elsewhere`, async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80) })).workload;
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'running');
  h.aws.unreachable = true;
  const downAt = h.clock.now();
  let ticks = 0;
  while ((await h.store.getWorkload(a.id))!.placement?.provider !== 'gcp') {
    h.clock.advance(10_000);
    await h.cp.tick();
    ticks++;
    assert.ok(ticks <= DOWN_AFTER_FAILED_POLLS, 'not re-placed within the bound');
  }
  assert.ok(h.clock.now() - downAt <= DOWN_AFTER_SILENCE_MS);
  const fleet = await h.cp.fleet(ADMIN);
  assert.equal(fleet.providers.find((p) => p.name === 'aws')?.up, false);
  const lost = (await h.store.listEvents(a.id)).find((e) => e.to === 'lost')!;
  assert.equal(lost.cause.params?.reason, 'provider-down');
  // aws comes back: the old launch (attempt 0) has no owner any more and is terminated.
  h.aws.unreachable = false;
  h.clock.advance(10_000);
  const r = await h.cp.tick();
  assert.equal(r.terminated, 1);
  assert.equal(h.aws.liveByWorkload().get(a.id), undefined);
});

test('a refused launch blocklists the offering until it expires; the work goes elsewhere meanwhile', async () => {
  const h = harness();
  await h.cp.tick();
  // capacity vanishes between the poll and the launch
  h.aws.offeringsList[0]!.capacity = 0;
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.placement?.provider, 'aws');
  h.clock.advance(1_000);
  await h.cp.tick();
  const rec = (await h.store.getWorkload(a.id))!;
  assert.ok(rec.attempt >= 1);
  const fleet = await h.cp.fleet(ADMIN);
  assert.deepEqual(
    fleet.blocklist.map((b) => b.key),
    ['aws/us-east-1/p5.48xlarge'],
  );
  h.aws.offeringsList[0]!.capacity = 4;
  h.clock.advance(1_000);
  await h.cp.tick();
  assert.equal((await h.store.getWorkload(a.id))!.placement?.provider, 'gcp', 'the blocklisted offering is avoided');
  const b = (await h.cp.submit(research, { spec: h100Job('b') })).workload;
  assert.equal(b.placement?.provider, 'gcp');
  h.clock.advance(BLOCKLIST_TTL_MS);
  await h.cp.tick();
  assert.deepEqual((await h.cp.fleet(ADMIN)).blocklist, []);
  const c = (await h.cp.submit(research, { spec: h100Job('c') })).workload;
  assert.equal(c.placement?.provider, 'aws', 'after expiry the cheaper offering is used again');
});

test('restart mid-run: a new control plane over the same store adopts, never launches an attempt twice, loses nothing', async () => {
  const h = harness();
  await h.cp.tick();
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await h.cp.submit(research, { spec: h100Job(`j${i}`, 8, 40) })).workload.id);
  await h.cp.tick();
  // Crash between a launch and its record: launch one placed workload behind the control plane's back.
  const placed = (await h.store.listWorkloads({ states: ['placed'] }))[0];
  if (placed) {
    await h.aws
      .launch({
        clientToken: `${placed.id}/${placed.attempt}`,
        workloadId: placed.id,
        team: placed.team,
        region: placed.placement!.region,
        instanceType: placed.placement!.instanceType,
        instances: placed.placement!.instances,
        spot: false,
        resumeFrom: 0,
      })
      .catch(() => undefined);
  }
  const cp2 = h.restart();
  h.clock.advance(30_000);
  await cp2.tick();
  await tickUntil(h, async () => (await h.store.listWorkloads({ states: ['succeeded'] })).length === 6, 60_000);
  const tokens = [...h.aws.created, ...h.gcp.created];
  assert.equal(new Set(tokens).size, tokens.length, 'no client token launched twice');
  for (const id of ids) assert.ok(replay(await h.store.listEvents(id)).ok);
});

test('a crash between storing a submission and admitting it: the next tick admits and places it', async () => {
  const h = harness();
  await h.cp.tick();
  // The first of submit's two transactions, as a process killed right after it left it.
  const { workload } = await h.store.createWorkload({
    id: 'w-left-1',
    team: 'research',
    spec: h100Job('left'),
    idempotencyKey: 'k-left',
    at: h.clock.now(),
    cause: { code: 'control.submitted', source: 'api', params: { team: 'research' } },
  });
  assert.equal(workload.state, 'submitted');
  const cp2 = h.restart();
  await cp2.tick();
  assert.ok(['placed', 'provisioning'].includes(await stateOf(h, 'w-left-1')), await stateOf(h, 'w-left-1'));
  await tickUntil(h, async () => (await stateOf(h, 'w-left-1')) === 'succeeded', 60_000);
  assert.ok(replay(await h.store.listEvents('w-left-1')).ok);
});

test('optimistic concurrency: a change that meets a newer version is decided again and applied', async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  await h.cp.cancel(research, a.id); // frees nothing launched
  const b = (await h.cp.submit(research, { spec: h100Job('b') })).workload;
  // Someone else bumps b's version just before the cancel is applied: the cancel is re-read and retried.
  let bumped = false;
  h.store.beforeApply = async (changes) => {
    if (bumped || !changes.some((c) => c.id === b.id)) return;
    bumped = true;
    // another writer's change: b is placed again on another offering, version + 1
    const rec = (await h.store.inner.getWorkload(b.id))!;
    h.store.beforeApply = undefined;
    await h.store.inner.applyChanges([
      {
        id: b.id,
        expectedVersion: rec.version,
        state: 'admitted',
        placement: null,
        at: h.clock.now(),
        cause: { code: 'control.released', source: 'test' },
      },
    ]);
  };
  const res = await h.cp.cancel(research, b.id);
  assert.equal(res.state, 'cancelled');
  assert.ok(bumped);
});

test("a team cannot see, cancel, explain or read the logs of another team's workload (404)", async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  const product = teamToken('product');
  const is404 = (e: unknown) => e instanceof ControlError && e.status === 404 && e.code === 'control.not-found';
  await assert.rejects(h.cp.get(product, a.id), is404);
  await assert.rejects(h.cp.cancel(product, a.id), is404);
  await assert.rejects(h.cp.explain(product, a.id), is404);
  await assert.rejects(h.cp.events(product, a.id), is404);
  await assert.rejects(h.cp.logs(product, a.id, 10), is404);
  assert.deepEqual(await h.cp.list(product, {}), []);
  assert.equal((await h.cp.list(ADMIN, {})).length, 1);
  await assert.rejects(
    h.cp.submit(product, { spec: h100Job('x'), team: 'research' }),
    (e: unknown) => e instanceof ControlError && e.status === 403,
  );
  await assert.rejects(
    h.cp.submit(ADMIN, { spec: h100Job('x') }),
    (e: unknown) => e instanceof ControlError && e.status === 400,
  );
});

test('submissions are read as a scenario reads a workload: bad specs 422 with the loader codes; impossible ones refused', async () => {
  const h = harness();
  const bad = (spec: unknown) =>
    h.cp.submit(research, { spec: { name: 'x', workload: spec as Record<string, unknown> } });
  await assert.rejects(bad({ kind: 'training', gpus: ['H100'], count: 8 }), (e: unknown) => {
    assert.ok(e instanceof ControlError && e.status === 422 && e.code === 'control.invalid-spec');
    assert.ok(JSON.stringify(e.params).includes('schema.missing'));
    return true;
  });
  await assert.rejects(bad({ kind: 'training', gpus: ['H1OO'], count: 8, work: '1 GPU-h' }), (e: unknown) => {
    assert.ok(e instanceof ControlError && JSON.stringify(e.params).includes('gpu.unknown'));
    return true;
  });
  // 4096 GPUs in one gang: no interconnect domain holds it.
  await assert.rejects(bad({ kind: 'training', gpus: ['H100'], count: 4096, work: '1 GPU-h' }), (e: unknown) => {
    assert.ok(e instanceof ControlError && e.code === 'control.no-candidate');
    return true;
  });
  const key = { spec: h100Job('a'), idempotencyKey: 'k1' };
  const first = await h.cp.submit(research, key);
  const again = await h.cp.submit(research, key);
  assert.equal(again.created, false);
  assert.equal(again.workload.id, first.workload.id);
});

test('secrets never leave: the view names them only', async () => {
  const h = harness();
  const { workload } = await h.cp.submit(research, { spec: { ...h100Job('a'), secrets: { HF_TOKEN: 'hunter2' } } });
  assert.equal(JSON.stringify(workload).includes('hunter2'), false);
  assert.deepEqual(workload.spec.secretNames, ['HF_TOKEN']);
});

test('re-optimisation: the planner burns a take-or-pay commitment the online price does not see, and the applier follows it', async () => {
  const contract = `contracts:
  - { id: gcp-commit, provider: gcp, start: 2026-12-01, term: 1y, commitment: { periods: [ { length: 1y, minimum: 5M USD } ] } }
`;
  const h = harness({ fleetExtra: contract });
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80) })).workload;
  const r = await h.cp.tick(); // the first tick re-optimises before it evaluates
  assert.equal(r.replanned, true);
  const rec = (await h.store.getWorkload(a.id))!;
  assert.equal(rec.placement?.provider, 'gcp');
  const placed = (await h.store.listEvents(a.id)).find((e) => e.cause.code === 'control.placed')!;
  assert.equal(placed.cause.params?.replanned, true);
  // Between re-optimisations a submission is placed by its own evaluation: the cheapest list price now.
  const b = (await h.cp.submit(research, { spec: h100Job('b', 8, 80) })).workload;
  assert.equal(b.placement?.provider, 'aws');
  assert.equal((await h.cp.tick()).replanned, false);
});

test('a gang never runs partially: 16 GPUs wait while only one 8-GPU instance is free anywhere, then launch whole', async () => {
  const h = harness({ awsH100: 1, gcpH100: 0 });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 16, 32) })).workload;
  assert.equal(a.state, 'admitted');
  const ex = await h.cp.explain(research, a.id);
  assert.ok(
    ex.rejections.some((r) => r.code === 'control.capacity' && r.params?.needs === 2 && r.params?.available === 1),
  );
  assert.equal(h.aws.created.length, 0);
  h.aws.offeringsList[0]!.capacity = 2;
  h.clock.advance(10_000);
  await h.cp.tick();
  const rec = (await h.store.getWorkload(a.id))!;
  assert.equal(rec.state, 'provisioning');
  assert.equal(rec.placement?.instances, 2);
  assert.equal(h.aws.created.length, 1, 'one launch of the whole gang');
});

test('a region that goes down: its launches are lost, the offering blocklisted, the work re-placed elsewhere at once', async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80) })).workload;
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'running');
  h.clock.advance(15 * 60_000);
  await h.cp.tick();
  h.aws.downRegions.add('us-east-1');
  h.clock.advance(10_000);
  await h.cp.tick();
  const rec = (await h.store.getWorkload(a.id))!;
  assert.equal(rec.placement?.provider, 'gcp');
  assert.equal(rec.attempt, 1);
  const lost = (await h.store.listEvents(a.id)).find((e) => e.to === 'lost')!;
  assert.equal(lost.cause.params?.reason, 'reported-lost');
  assert.equal(lost.cause.params?.checkpoint, 1, 'one checkpoint (10 min) was reported before the loss');
  assert.ok((lost.cause.params?.lostWork as number) > 0);
  assert.deepEqual(
    (await h.cp.fleet(ADMIN)).blocklist.map((b) => b.key),
    ['aws/us-east-1/p5.48xlarge'],
  );
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'succeeded');
});

test('an inference service is placed as one launch of the instances its demand needs', async () => {
  const h = harness();
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: h100Service('chat') });
  assert.equal(workload.state, 'placed');
  assert.equal(workload.placement?.instances, 2);
  assert.equal(workload.placement?.spot, false, 'a service is never put on spot');
});

test('logs come from the provider once launched; before that 409', async () => {
  const h = harness();
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  await assert.rejects(h.cp.logs(research, a.id, 10), (e: unknown) => e instanceof ControlError && e.status === 409);
  h.clock.advance(1_000);
  await h.cp.tick();
  assert.match(await h.cp.logs(research, a.id, 10), /^log of aws-l1/);
});

test('usage is recorded from the providers, and a GPU-hour budget holds work once used up', async () => {
  const h = harness();
  await h.store.putTeam({ name: 'research', quotaGpus: {}, monthlyBudgetCents: null, monthlyBudgetGpuHours: 8 });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 16) })).workload;
  await tickUntil(h, async () => (await stateOf(h, a.id)) === 'succeeded');
  const usage = await h.store.listUsage({ team: 'research' });
  assert.equal(usage.length, 1);
  assert.equal(usage[0]!.workloadId, a.id);
  assert.notEqual(usage[0]!.end, null);
  const b = (await h.cp.submit(research, { spec: h100Job('b') })).workload;
  assert.equal(b.state, 'held');
  assert.equal(b.waitingFor?.params?.unit, 'gpu-hours');
});

test('the plan applier: a placement that meets a newer version is evaluated again and committed in the same tick', async () => {
  const h = harness();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload; // admitted, waiting: nothing polled yet
  let raced = 0;
  h.store.beforeApply = async (changes) => {
    const mine = changes.find((c) => c.id === a.id && c.state === 'placed');
    if (!mine || raced > 0) return;
    raced++;
    // Another writer notes a new reason on the same workload first: version + 1.
    const rec = (await h.store.inner.getWorkload(a.id))!;
    await h.store.inner.applyChanges([
      {
        id: a.id,
        expectedVersion: rec.version,
        state: 'admitted',
        waitingFor: { code: 'control.no-capacity', source: 'test' },
        at: h.clock.now(),
        cause: { code: 'control.no-capacity', source: 'test' },
      },
    ]);
  };
  const r = await h.cp.tick();
  assert.equal(raced, 1);
  assert.ok(r.conflicts >= 1);
  const rec = (await h.store.getWorkload(a.id))!;
  assert.ok(['placed', 'provisioning'].includes(rec.state), rec.state);
  assert.equal(h.aws.created.length, 1);
  assert.ok(replay(await h.store.listEvents(a.id)).ok);
});

test('cancel of admitted work that waits for capacity', async () => {
  const h = harness({ awsH100: 0, gcpH100: 0 });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.state, 'admitted');
  assert.equal(a.waitingFor?.code, 'control.no-capacity');
  assert.equal((await h.cp.cancel(research, a.id)).state, 'cancelled');
  h.clock.advance(1_000);
  await h.cp.tick();
  assert.equal(await stateOf(h, a.id), 'cancelled');
  assert.equal(h.aws.created.length + h.gcp.created.length, 0);
});

test('a submission recorded but never admitted (the process ended in between) is admitted and placed by the next tick', async () => {
  const h = harness();
  await h.store.createWorkload({
    id: 'w-orphan',
    team: 'research',
    spec: h100Job('a'),
    idempotencyKey: null,
    at: h.clock.now(),
    cause: { code: 'control.submitted', source: 'api', params: { team: 'research' } },
  });
  await h.cp.tick();
  assert.equal(await stateOf(h, 'w-orphan'), 'provisioning');
  assert.ok(replay(await h.store.listEvents('w-orphan')).ok);
});
