/** Lost work is counted in the provider's time (lost-work.ts): from its reported checkpoint to its reported end, never
 * to the moment the control plane noticed. The fakes: a checkpoint every 10 min of run, one H100 instance of 8 GPUs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkloadRecord } from '../../control/records.js';
import { h100Job, harness, recordOf, teamToken, tickUntil, type Harness } from './test-support/harness.js';

const research = teamToken('research');
const HOUR = 3_600_000;

/** A job running on aws with a checkpoint reported, 25 min into its run. */
async function runningJob(h: Harness): Promise<WorkloadRecord> {
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: h100Job('a', 8, 80) });
  await tickUntil(h, async () => (await recordOf(h, workload.id)).state === 'running');
  h.clock.advance(25 * 60_000);
  await h.cp.tick();
  const rec = await recordOf(h, workload.id);
  assert.ok(rec.checkpoint && rec.placement?.startedAt !== undefined);
  return rec;
}

const lostOf = async (h: Harness, id: string, to: 'preempted' | 'lost') => {
  const e = (await h.store.listEvents(id)).find((x) => x.to === to);
  assert.ok(e, `a ${to} event in ${JSON.stringify((await h.store.listEvents(id)).map((x) => [x.to, x.cause.code]))}`);
  return e.cause.params?.lostWork as number;
};

test('a preemption noticed late: lost work ends at the preemption the provider reports, not at the notice', async () => {
  const h = harness({ spot: 4 });
  await h.cp.tick();
  const { workload } = await h.cp.submit(research, { spec: h100Job('a', 8, 80, { tiers: ['spot'] }) });
  await tickUntil(h, async () => (await recordOf(h, workload.id)).state === 'running');
  h.clock.advance(25 * 60_000);
  await h.cp.tick();
  const rec = await recordOf(h, workload.id);
  const ck = rec.checkpoint?.at ?? 0;
  h.clock.advance(3 * 60_000);
  await h.cp.tick(); // still running; its provider answered now
  h.clock.advance(5_000);
  const preemptedAt = h.clock.now();
  assert.ok(h.aws.preempt(workload.id));
  h.aws.unreachable = true; // the control plane hears of it only two polls later
  for (let i = 0; i < 2; i++) {
    h.clock.advance(10_000);
    await h.cp.tick();
  }
  h.aws.unreachable = false;
  h.clock.advance(10_000);
  await h.cp.tick();
  assert.equal(await lostOf(h, workload.id, 'preempted'), ((preemptedAt - ck) / HOUR) * 8);
});

test('a region down: lost work ends when the region went down, as the provider reports it', async () => {
  const h = harness();
  const rec = await runningJob(h);
  const ck = rec.checkpoint?.at ?? 0;
  h.clock.advance(2 * 60_000);
  const downAt = h.clock.now();
  h.aws.regionDown('us-east-1');
  h.clock.advance(20_000); // noticed at the next poll
  await h.cp.tick();
  assert.equal(await lostOf(h, rec.id, 'lost'), ((downAt - ck) / HOUR) * 8);
});

test('a launch the provider no longer knows: lost work ends at its last report of the launch alive', async () => {
  const h = harness();
  const rec = await runningJob(h);
  const ck = rec.checkpoint?.at ?? 0;
  h.clock.advance(60_000);
  await h.cp.tick(); // the provider still lists it: its last report
  const lastReport = h.clock.now();
  h.aws.forget(rec.id);
  h.clock.advance(20 * 60_000); // noticed much later
  await h.cp.tick();
  const lost = (await h.store.listEvents(rec.id)).find((e) => e.to === 'lost');
  assert.equal(lost?.cause.params?.reason, 'unknown-to-provider');
  assert.equal(lost?.cause.params?.lostWork, ((lastReport - ck) / HOUR) * 8);
});
