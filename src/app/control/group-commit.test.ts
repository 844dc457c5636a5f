// Group commit of submissions: the submissions that arrive together are admitted, evaluated and recorded with their
// steps in one store transaction (createWorkloads with NewWorkload.steps); each answers only after it committed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewWorkload, WorkloadChange } from '../../control/ports.js';
import { replay } from '../../control/state-machine.js';
import { ControlError } from './api.js';
import { h100Job, harness, teamToken } from './test-support/harness.js';

const research = teamToken('research');

/** Counts the store's batch calls and their sizes. */
function countBatches(h: ReturnType<typeof harness>): { creates: number[]; applies: number[] } {
  const seen = { creates: [] as number[], applies: [] as number[] };
  h.store.beforeCreate = (ws: readonly NewWorkload[]) => {
    seen.creates.push(ws.length);
  };
  h.store.beforeApply = (cs: readonly WorkloadChange[]) => {
    seen.applies.push(cs.length);
  };
  return seen;
}

test('concurrent submissions are committed in one batch, each placed exactly once, never beyond capacity', async () => {
  const h = harness({ awsH100: 3, gcpH100: 3 });
  await h.cp.tick();
  const seen = countBatches(h);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => h.cp.submit(research, { spec: h100Job(`j${i}`) })),
  );
  assert.deepEqual(seen.creates, [8], 'one createWorkloads for the eight');
  assert.deepEqual(seen.applies, [], 'no second transaction: admission and placement were created with them');
  assert.equal(h.cp.batches, 1);
  const ids = results.map((r) => r.workload.id);
  assert.equal(new Set(ids).size, 8);
  assert.ok(results.every((r) => r.created));
  const placed = results.filter((r) => r.workload.state === 'placed');
  assert.equal(placed.length, 6, 'three instances on each provider, no more');
  assert.equal(placed.filter((r) => r.workload.placement?.provider === 'aws').length, 3);
  assert.equal(placed.filter((r) => r.workload.placement?.provider === 'gcp').length, 3);
  for (const r of results.filter((x) => x.workload.state !== 'placed')) {
    assert.equal(r.workload.state, 'admitted');
    assert.equal(r.workload.waitingFor?.code, 'control.no-capacity');
  }
  for (const id of ids) {
    const events = await h.store.listEvents(id);
    assert.ok(replay(events).ok);
    assert.equal(events.filter((e) => e.to === 'placed').length <= 1, true);
    assert.equal(events.filter((e) => e.to === 'submitted').length, 1);
  }
  assert.equal((await h.store.listWorkloads({ states: ['placed'] })).length, 6);
  // The next tick launches each placed one once.
  h.clock.advance(5_000);
  await h.cp.tick();
  assert.equal(h.aws.created.length + h.gcp.created.length, 6);
});

test('an idempotency key given twice in one batch makes one workload; both answer it as committed', async () => {
  const h = harness();
  await h.cp.tick();
  const seen = countBatches(h);
  const [a, b, c] = await Promise.all([
    h.cp.submit(research, { spec: h100Job('same'), idempotencyKey: 'k-1' }),
    h.cp.submit(research, { spec: h100Job('same'), idempotencyKey: 'k-1' }),
    h.cp.submit(teamToken('infra'), { spec: h100Job('same'), idempotencyKey: 'k-1' }),
  ]);
  assert.deepEqual(seen.creates, [3]);
  assert.equal(a?.created, true);
  assert.equal(b?.created, false);
  assert.equal(b?.workload.id, a?.workload.id);
  assert.equal(a?.workload.state, 'placed');
  assert.equal(b?.workload.state, 'placed', 'the replay answers the workload as the batch committed it');
  assert.equal(c?.created, true, 'the same key of another team is another workload');
  assert.notEqual(c?.workload.id, a?.workload.id);
  assert.equal((await h.store.listWorkloads({ team: 'research' })).length, 1);
  // Replayed later, alone: the same workload again.
  const again = await h.cp.submit(research, { spec: h100Job('same'), idempotencyKey: 'k-1' });
  assert.equal(again.created, false);
  assert.equal(again.workload.id, a?.workload.id);
});

test('a failing item fails alone: the batch falls back to one transaction per item and the others are placed', async () => {
  const ids = ['x-1', 'x-1', 'x-2'];
  const h = harness({ newId: () => ids.shift() ?? 'x-9' });
  await h.cp.tick();
  const seen = countBatches(h);
  const results = await Promise.allSettled([
    h.cp.submit(research, { spec: h100Job('a') }),
    h.cp.submit(research, { spec: h100Job('b') }),
    h.cp.submit(research, { spec: h100Job('c') }),
    // A spec that does not read fails at once, before it joins any batch.
    h.cp.submit(research, { spec: { name: 'bad', workload: { kind: 'training', gpus: ['H100'] } } }),
  ]);
  assert.deepEqual(seen.creates, [3, 1, 1, 1], 'refused whole (an id taken twice), then each alone');
  const [a, b, c, bad] = results;
  assert.equal(a?.status, 'fulfilled');
  assert.equal(a?.status === 'fulfilled' && a.value.workload.id, 'x-1');
  assert.equal(a?.status === 'fulfilled' && a.value.workload.state, 'placed');
  assert.equal(b?.status, 'rejected');
  assert.equal(b?.status === 'rejected' && (b.reason as { code?: string }).code, 'store.duplicate');
  assert.equal(c?.status === 'fulfilled' && c.value.workload.state, 'placed');
  assert.equal(c?.status === 'fulfilled' && c.value.workload.id, 'x-2');
  assert.equal(bad?.status, 'rejected');
  assert.ok(bad?.status === 'rejected' && bad.reason instanceof ControlError);
  assert.deepEqual(
    (await h.store.listWorkloads({})).map((w) => [w.id, w.state]),
    [
      ['x-1', 'placed'],
      ['x-2', 'placed'],
    ],
  );
  assert.equal((await h.store.listEvents('x-1')).filter((e) => e.to === 'submitted').length, 1);
});

test('a store failure rejects the batch, stores nothing and releases its reservations', async () => {
  const h = harness({ awsH100: 1, gcpH100: 0 });
  await h.cp.tick();
  let fail = true;
  h.store.beforeCreate = () => {
    if (fail) throw new Error('disk full');
  };
  const results = await Promise.allSettled([
    h.cp.submit(research, { spec: h100Job('a') }),
    h.cp.submit(research, { spec: h100Job('b') }),
  ]);
  assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'disk full'));
  fail = false;
  assert.deepEqual(await h.store.listWorkloads({}), [], 'nothing was stored');
  // The one instance was not left reserved by the failed batch: the next submission is placed on it.
  const again = await h.cp.submit(research, { spec: h100Job('c') });
  assert.equal(again.workload.state, 'placed');
});

test('each submission answers only after its batch has committed', async () => {
  const h = harness();
  await h.cp.tick();
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let applying = false;
  h.store.beforeCreate = async () => {
    applying = true;
    await gate;
  };
  const answered: string[] = [];
  const pending = [0, 1, 2].map((i) =>
    h.cp.submit(research, { spec: h100Job(`j${i}`) }).then(async (r) => {
      // By the time the answer arrives, the store already holds what it says.
      assert.equal((await h.store.getWorkload(r.workload.id))?.state, r.workload.state);
      answered.push(r.workload.id);
      return r;
    }),
  );
  while (!applying) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(answered, [], 'nobody answered while the commit was held');
  release();
  const results = await Promise.all(pending);
  assert.equal(answered.length, 3);
  assert.ok(results.every((r) => r.workload.state === 'placed'));
});

test('a batch holds at most maxSubmitBatch submissions, and the event loop turns between two batches', async () => {
  const h = harness({ maxSubmitBatch: 4 });
  await h.cp.tick();
  const seen = countBatches(h);
  const turns: number[] = [];
  let immediate = false;
  h.store.beforeCreate = (ws: readonly NewWorkload[]) => {
    seen.creates.push(ws.length);
    turns.push(immediate ? 1 : 0);
    if (!immediate) setImmediate(() => (immediate = true));
  };
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => h.cp.submit(research, { spec: h100Job(`b${i}`) })),
  );
  assert.deepEqual(seen.creates, [4, 4, 2]);
  assert.deepEqual(turns, [0, 1, 1], 'an immediate queued during the first batch ran before the second');
  assert.equal(new Set(results.map((r) => r.workload.id)).size, 10);
  assert.ok(results.every((r) => r.created));
});
