/** Re-optimisation after big events (replan-events.ts, control/replan-triggers.ts): each event re-plans once, at
 * most one event-driven re-plan per debounce interval, events in between are answered together once it passes, and
 * the cadence still runs. The fake clock and the fake providers; ticks every 30 s. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProviderError } from '../../control/ports.js';
import { REPLAN_DEBOUNCE_MS, REPLAN_EVERY_MS } from './control-options.js';
import { h100Job, harness, type Harness, teamToken, tickUntil } from './test-support/harness.js';

const research = teamToken('research');
const STEP = 30_000;

interface Replan {
  readonly at: number;
  readonly trigger: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly events: number;
}

/** A harness whose `replanned` events are recorded, after its first tick (the cadence's first re-plan). */
async function watched(opts: Parameters<typeof harness>[0] = {}): Promise<{ h: Harness; replans: Replan[] }> {
  const replans: Replan[] = [];
  const h = harness({
    ...opts,
    onEvent: (e) => {
      if (e.kind !== 'replanned') return;
      const t = e.trigger as { code: string; params: Record<string, unknown> };
      replans.push({ at: h.clock.now(), trigger: t.code, params: t.params, events: e.events as number });
    },
  });
  const first = await h.cp.tick();
  assert.equal(first.replanTrigger, 'control.replan-cadence');
  assert.equal(replans.length, 1);
  replans.length = 0;
  return { h, replans };
}

/** Ticks every 30 s for `ms`; answers the triggers of the ticks that re-planned. */
async function tickFor(h: Harness, ms: number): Promise<string[]> {
  const out: string[] = [];
  for (let t = 0; t < ms; t += STEP) {
    h.clock.advance(STEP);
    const r = await h.cp.tick();
    if (r.replanTrigger !== null) out.push(r.replanTrigger);
  }
  return out;
}

/** The event re-plans at the next tick, exactly once, and nothing else re-plans until the cadence is due. */
async function replansOnce(h: Harness, replans: Replan[], code: string): Promise<Replan> {
  h.clock.advance(STEP);
  const r = await h.cp.tick();
  assert.equal(r.replanned, true, `${code}: re-planned at the next tick`);
  assert.equal(r.replanTrigger, code);
  const at = h.clock.now();
  // Up to the cadence (which counts from this re-plan): no other re-plan, event-driven or not.
  assert.deepEqual(await tickFor(h, REPLAN_EVERY_MS - STEP), [], `${code}: one re-plan`);
  assert.equal(replans.length, 1);
  const one = replans[0];
  assert.ok(one);
  assert.equal(one.trigger, code);
  assert.equal(one.at, at);
  // The cadence still runs, counted from the last re-plan.
  assert.deepEqual(await tickFor(h, STEP), ['control.replan-cadence']);
  return one;
}

test('without events the re-optimisation runs on its cadence only', async () => {
  const { h, replans } = await watched();
  const triggers = await tickFor(h, 3 * REPLAN_EVERY_MS);
  assert.deepEqual(triggers, ['control.replan-cadence', 'control.replan-cadence', 'control.replan-cadence']);
  assert.deepEqual(
    replans.map((r) => r.params.everyMs),
    [REPLAN_EVERY_MS, REPLAN_EVERY_MS, REPLAN_EVERY_MS],
  );
});

test('a provider declared down re-plans once', async () => {
  const { h, replans } = await watched();
  h.gcp.unreachable = true;
  assert.deepEqual(await tickFor(h, STEP), [], 'not down yet: one failed poll, 30 s of silence');
  const r = await replansOnce(h, replans, 'control.replan-provider-down');
  assert.deepEqual(r.params, { provider: 'gcp' });
});

test('a provider back up re-plans once (work waiting can go there)', async () => {
  const { h, replans } = await watched();
  h.gcp.unreachable = true;
  await tickFor(h, REPLAN_EVERY_MS); // down, re-planned, then the debounce passed
  replans.length = 0;
  h.gcp.unreachable = false;
  const r = await replansOnce(h, replans, 'control.replan-provider-up');
  assert.deepEqual(r.params, { provider: 'gcp' });
});

test('a region whose offerings vanish re-plans once; its return re-plans once', async () => {
  const { h, replans } = await watched();
  h.aws.regionDown('us-east-1');
  const down = await replansOnce(h, replans, 'control.replan-region-down');
  assert.deepEqual(down.params, { provider: 'aws', region: 'us-east-1' });
  replans.length = 0;
  h.aws.downRegions.delete('us-east-1');
  const up = await replansOnce(h, replans, 'control.replan-region-up');
  assert.deepEqual(up.params, { provider: 'aws', region: 'us-east-1' });
});

test('capacity removed from a live offering re-plans once; capacity returned re-plans once', async () => {
  const { h, replans } = await watched();
  const o = h.aws.offeringsList.find((x) => x.gpu === 'H100');
  assert.ok(o);
  o.capacity = 1;
  const removed = await replansOnce(h, replans, 'control.replan-capacity-removed');
  assert.deepEqual(removed.params, { offering: 'aws/us-east-1/p5.48xlarge|od', before: 4, after: 1 });
  replans.length = 0;
  o.capacity = 4;
  const back = await replansOnce(h, replans, 'control.replan-capacity-returned');
  assert.deepEqual(back.params, { offering: 'aws/us-east-1/p5.48xlarge|od', before: 1, after: 4 });
});

test("the control plane's own launches and their ends are not capacity events", async () => {
  const { h, replans } = await watched();
  // Eight 8-GPU jobs fill both providers' H100 (4 + 4 instances), run 1 h, and end.
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await h.cp.submit(research, { spec: h100Job(`j${i}`, 8, 8) })).workload.id);
  await tickUntil(
    h,
    async () => {
      for (const id of ids) if ((await h.store.getWorkload(id))?.state !== 'succeeded') return false;
      return true;
    },
    STEP,
  );
  assert.ok(replans.length > 0);
  assert.deepEqual(new Set(replans.map((r) => r.trigger)), new Set(['control.replan-cadence']));
});

test('a launch refused for capacity re-plans once', async () => {
  const { h, replans } = await watched();
  const launch = h.aws.launch.bind(h.aws);
  let refusals = 0;
  h.aws.launch = async (req) => {
    if (refusals++ === 0) throw new ProviderError('provider.capacity', 'no capacity', true);
    return launch(req);
  };
  const a = (await h.cp.submit(research, { spec: h100Job('a') })).workload;
  assert.equal(a.placement?.provider, 'aws');
  h.clock.advance(STEP);
  const refusedTick = await h.cp.tick(); // the launch is refused at the end of this tick
  assert.equal(refusedTick.replanned, false);
  assert.equal(refusals, 1);
  const r = await replansOnce(h, replans, 'control.replan-launch-refused');
  assert.deepEqual(r.params, { offering: 'aws/us-east-1/p5.48xlarge|od' });
});

test('a spot preemption re-plans once', async () => {
  const { h, replans } = await watched({ spot: 4 });
  const a = (await h.cp.submit(research, { spec: h100Job('a', 8, 80, { tiers: ['spot'] }) })).workload;
  assert.equal(a.placement?.spot, true);
  await tickUntil(h, async () => (await h.store.getWorkload(a.id))?.state === 'running', STEP);
  replans.length = 0;
  assert.ok(h.aws.preempt(a.id));
  const r = await replansOnce(h, replans, 'control.replan-preempted');
  assert.deepEqual(r.params, { provider: 'aws', workloads: 1 });
});

test('an outage storm: one re-plan per debounce interval, the events in between answered together after it', async () => {
  const debounce = 5 * 60_000;
  const { h, replans } = await watched({ replanDebounceMs: debounce });
  const events = [
    () => h.aws.regionDown('us-east-1'),
    () => {
      const o = h.gcp.offeringsList.find((x) => x.gpu === 'H100');
      if (o) o.capacity = 0;
    },
    () => h.aws.downRegions.delete('us-east-1'),
    () => {
      h.gcp.unreachable = true;
    },
  ];
  const triggers: (string | null)[] = [];
  for (const e of events) {
    e();
    h.clock.advance(STEP);
    triggers.push((await h.cp.tick()).replanTrigger);
  }
  // The first event re-plans; the others (capacity removed, the region back, gcp failing) wait out the debounce.
  assert.deepEqual(triggers, ['control.replan-region-down', null, null, null]);
  const later = await tickFor(h, debounce - 3 * STEP);
  assert.deepEqual(later, ['control.replan-capacity-removed'], 'one re-plan once the debounce passed');
  assert.equal(replans.length, 2);
  const second = replans[1];
  assert.ok(second);
  assert.equal(second.at - (replans[0]?.at ?? 0), debounce);
  // Capacity removed, the region back, gcp down (its third failed poll came meanwhile): answered by that one re-plan.
  assert.equal(second.events, 3);
  assert.deepEqual(await tickFor(h, REPLAN_EVERY_MS - STEP), [], 'nothing more until the cadence');
  assert.deepEqual(await tickFor(h, STEP), ['control.replan-cadence']);
});

test('the default debounce interval: a second event a tick later waits REPLAN_DEBOUNCE_MS', async () => {
  const { h, replans } = await watched();
  h.aws.regionDown('us-east-1');
  assert.deepEqual(await tickFor(h, STEP), ['control.replan-region-down']);
  h.aws.downRegions.delete('us-east-1');
  const triggers = await tickFor(h, REPLAN_DEBOUNCE_MS);
  assert.deepEqual(triggers, ['control.replan-region-up']);
  assert.equal((replans[1]?.at ?? 0) - (replans[0]?.at ?? 0), REPLAN_DEBOUNCE_MS);
});
