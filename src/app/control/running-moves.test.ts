/** Running work the re-optimisation moves (running-moves.ts): a hand-made fleet, the memory store, the fake providers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replay } from '../../control/state-machine.js';
import type { WorkloadRecord } from '../../control/records.js';
import { h100Job, h100Service, harness, recordOf, teamToken, tickUntil, type Harness } from './test-support/harness.js';

const research = teamToken('research');
const TEN_MIN = 10 * 60_000;

/** Room for 4 instances on aws's H100 pool, cheaper than gcp's: the move's target frees. */
function freeAwsH100(h: Harness): void {
  const aws = h.aws.offeringsList.find((o) => o.gpu === 'H100');
  assert.ok(aws);
  aws.capacity = 4;
}

/** Submits `spec`, ticks until it runs, then lets it run `ranMs` more (a checkpoint every 10 min on the fakes). */
async function running(h: Harness, spec: ReturnType<typeof h100Job>, ranMs: number): Promise<WorkloadRecord> {
  const { workload } = await h.cp.submit(research, { spec });
  await tickUntil(h, async () => (await recordOf(h, workload.id)).state === 'running');
  h.clock.advance(ranMs);
  await h.cp.tick();
  return recordOf(h, workload.id);
}

/** Advances past the re-optimisation's cadence and ticks: the tick re-plans. */
async function replanTick(h: Harness): Promise<void> {
  h.clock.advance(TEN_MIN);
  const r = await h.cp.tick();
  assert.equal(r.replanned, true);
}

test('a running gang moves whole to a cheaper pool that freed, from its checkpoint, through the applier', async () => {
  const h = harness({ awsH100: 0 }); // aws (40 USD/h an instance) has no room: the gang runs on gcp (44)
  await h.cp.tick();
  const before = await running(h, h100Job('big', 16, 160), 25 * 60_000);
  assert.equal(before.placement?.provider, 'gcp');
  assert.equal(before.placement?.instances, 2);
  assert.ok(before.checkpoint && before.checkpoint.workDone > 0, 'it has checkpointed');
  freeAwsH100(h);
  await replanTick(h);
  const after = await recordOf(h, before.id);
  assert.equal(after.placement?.provider, 'aws');
  assert.equal(after.placement?.instances, 2, 'the whole gang moves');
  assert.equal(after.attempt, before.attempt + 1);
  assert.equal(h.gcp.liveByWorkload().get(before.id), undefined, 'the old launch was stopped');
  assert.equal(h.aws.liveByWorkload().get(before.id), 1, 'one launch of the whole gang on the new pool');
  const events = await h.store.listEvents(before.id);
  const moved = events.find((e) => e.cause.code === 'control.migrated');
  assert.ok(moved, 'a move event');
  assert.equal(moved.from, 'running');
  assert.equal(moved.to, 'placed');
  assert.equal(moved.cause.params?.checkpoint, after.checkpoint?.workDone, 'it resumes from its last checkpoint');
  assert.ok((after.checkpoint?.workDone ?? 0) >= (before.checkpoint?.workDone ?? 0));
  assert.deepEqual(h.aws.created, [`${before.id}/1`], 'the new attempt, launched with its own client token');
  assert.ok((moved.cause.params?.lostWork as number) > 0, 'the work since the checkpoint is recorded as lost');
  assert.ok((moved.cause.params?.savingUsd as number) > 0);
  await tickUntil(h, async () => (await recordOf(h, before.id)).state === 'succeeded');
  assert.ok(replay(await h.store.listEvents(before.id)).ok);
});

test('a running job moves onto a reserved block when it frees', async () => {
  const block = `contracts:
  - id: aws-block
    provider: aws
    start: 2026-12-01
    term: 1y
    reserved:
      - { id: aws-h100, gpu: H100, region: us-east-1, count: 8, rate: 3 USD/GPU-h }
`;
  const h = harness({ fleetExtra: block });
  await h.cp.tick();
  const first = (await h.cp.submit(research, { spec: h100Job('first', 8, 8) })).workload;
  assert.match(first.placement?.pool ?? '', /reserved/, 'the first job takes the block');
  h.aws.runFor.set(first.id, 20 * 60_000);
  const second = (await h.cp.submit(research, { spec: h100Job('second', 8, 80) })).workload;
  const from = second.placement?.pool ?? '';
  assert.doesNotMatch(from, /reserved/, 'the block is taken: the second job runs on a dearer pool');
  await tickUntil(h, async () => (await recordOf(h, first.id)).state === 'succeeded');
  await replanTick(h);
  const after = await recordOf(h, second.id);
  assert.match(after.placement?.pool ?? '', /reserved/, 'moved onto the freed block');
  assert.equal(after.attempt, 1);
  const moved = (await h.store.listEvents(second.id)).find((e) => e.cause.code === 'control.migrated');
  assert.equal(moved?.from, 'running');
  assert.equal(moved?.cause.params?.from, from);
  assert.equal(moved?.cause.params?.to, after.placement?.pool);
});

test('no move when the rest of the run is too short to repay the migration', async () => {
  const h = harness({ awsH100: 0 });
  await h.cp.tick();
  const before = await running(h, h100Job('short', 16, 32), 25 * 60_000); // 2 h of run, 25 min done
  assert.ok(before.checkpoint);
  freeAwsH100(h);
  await replanTick(h);
  const after = await recordOf(h, before.id);
  assert.equal(after.state, 'running');
  assert.equal(after.placement?.provider, 'gcp');
  assert.equal(after.attempt, before.attempt);
  assert.equal((await h.store.listEvents(before.id)).filter((e) => e.cause.code === 'control.migrated').length, 0);
});

test('no move without a checkpoint: the move would throw all its work away', async () => {
  const h = harness({ awsH100: 0 });
  h.gcp.checkpointEveryMs = 100 * 3_600_000; // never checkpoints
  await h.cp.tick();
  const before = await running(h, h100Job('nockpt', 16, 160), 25 * 60_000);
  assert.equal(before.checkpoint, null);
  freeAwsH100(h);
  await replanTick(h);
  const after = await recordOf(h, before.id);
  assert.equal(after.state, 'running');
  assert.equal(after.placement?.provider, 'gcp');
});

test('at most maxMovesPerReplan running jobs move per re-optimisation', async () => {
  const h = harness({ awsH100: 0, gcpH100: 4, maxMovesPerReplan: 1 });
  await h.cp.tick();
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80) })).workload;
  const b = (await h.cp.submit(research, { spec: h100Job('b', 8, 80) })).workload;
  await tickUntil(
    h,
    async () => (await recordOf(h, a.id)).state === 'running' && (await recordOf(h, b.id)).state === 'running',
  );
  h.clock.advance(25 * 60_000);
  await h.cp.tick();
  freeAwsH100(h);
  await replanTick(h);
  const onAws = async () =>
    [await recordOf(h, a.id), await recordOf(h, b.id)].filter((r) => r.placement?.provider === 'aws').length;
  assert.equal(await onAws(), 1, 'one move in this re-optimisation');
  await replanTick(h);
  assert.equal(await onAws(), 2, 'the other at the next');
});

test('inference is not moved: stopping its launch would stop serving', async () => {
  const h = harness({ awsH100: 0 }); // the same shape as the gang that moves above: 2 instances on gcp
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: h100Service('chat') });
  await tickUntil(h, async () => (await recordOf(h, workload.id)).state === 'running');
  h.clock.advance(25 * 60_000);
  await h.cp.tick();
  const before = await recordOf(h, workload.id);
  assert.equal(before.placement?.provider, 'gcp');
  freeAwsH100(h);
  await replanTick(h);
  const after = await recordOf(h, workload.id);
  assert.equal(after.state, 'running');
  assert.equal(after.placement?.provider, 'gcp');
  assert.equal(after.attempt, before.attempt);
});
