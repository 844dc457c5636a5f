/**
 * Random sequences of submissions, cancellations, faults (a provider stops answering, a region goes down, a launch
 * is preempted, capacity shrinks), ticks and restarts. After every step: no client token was ever launched twice,
 * no offering ever held more than its capacity, every workload is in the store with an event log that replays.
 * After the faults heal: nothing runs twice, nothing runs unowned, and every workload not cancelled succeeds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { replay } from '../../control/state-machine.js';
import { h100Job, harness, teamToken } from './test-support/harness.js';

type Op =
  | { op: 'submit'; gpus: 8 | 16; spot: boolean; team: 'a' | 'b' }
  | { op: 'cancel'; k: number }
  | { op: 'unreachable'; provider: 'aws' | 'gcp'; on: boolean }
  | { op: 'region'; provider: 'aws' | 'gcp'; down: boolean }
  | { op: 'preempt'; k: number }
  | { op: 'capacity'; provider: 'aws' | 'gcp'; instances: number }
  | { op: 'tick'; ms: number }
  | { op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      gpus: fc.constantFrom(8 as const, 16 as const),
      spot: fc.boolean(),
      team: fc.constantFrom('a' as const, 'b' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), k: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unreachable' as const),
      provider: fc.constantFrom('aws' as const, 'gcp' as const),
      on: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('region' as const),
      provider: fc.constantFrom('aws' as const, 'gcp' as const),
      down: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('preempt' as const), k: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('capacity' as const),
      provider: fc.constantFrom('aws' as const, 'gcp' as const),
      instances: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1_000, max: 120_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
);

test('fuzz: submits, cancels, faults, ticks and restarts never double-dispatch, overfill or lose a workload', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60 }), async (ops) => {
      const h = harness({ awsH100: 4, gcpH100: 4, spot: 2 });
      for (const p of [h.aws, h.gcp]) {
        p.runMs = 20 * 60_000;
        p.checkpointEveryMs = 5 * 60_000;
      }
      const prov = { aws: h.aws, gcp: h.gcp };
      const ids: string[] = [];
      const cancelled = new Set<string>();
      // Capacity taken away under running instances leaves them over it, and a launch decided on the last poll may
      // then be refused: both are checked only while no capacity was removed.
      let capacityFault = false;
      const check = async (): Promise<void> => {
        const tokens = [...h.aws.created, ...h.gcp.created];
        assert.equal(new Set(tokens).size, tokens.length, 'a client token was launched twice');
        if (capacityFault) return;
        assert.ok(!h.aws.overCapacity() && !h.gcp.overCapacity(), 'an offering holds more than its capacity');
        assert.equal(h.aws.capacityRefusals + h.gcp.capacityRefusals, 0, 'a launch was sent beyond the capacity seen');
      };
      for (const o of ops) {
        switch (o.op) {
          case 'submit': {
            const spec = h100Job(`j${ids.length}`, o.gpus, o.gpus, o.spot ? { tiers: ['spot', 'on-demand'] } : {});
            ids.push((await h.cp.submit(teamToken(o.team), { spec })).workload.id);
            break;
          }
          case 'cancel': {
            const id = ids[o.k % Math.max(1, ids.length)];
            if (!id) break;
            const team = (await h.store.getWorkload(id))!.team;
            try {
              await h.cp.cancel(teamToken(team), id);
              cancelled.add(id);
            } catch (e) {
              assert.equal((e as { status?: number }).status, 409); // already final
            }
            break;
          }
          case 'unreachable':
            prov[o.provider].unreachable = o.on;
            break;
          case 'region': {
            const p = prov[o.provider];
            const region = p.offeringsList[0]!.region;
            if (o.down) p.downRegions.add(region);
            else p.downRegions.delete(region);
            break;
          }
          case 'preempt': {
            const id = ids[o.k % Math.max(1, ids.length)];
            if (id) h.aws.preempt(id) || h.gcp.preempt(id);
            break;
          }
          case 'capacity':
            capacityFault = true;
            prov[o.provider].offeringsList[0]!.capacity = o.instances;
            break;
          case 'tick':
            h.clock.advance(o.ms);
            await h.cp.tick();
            break;
          case 'restart':
            h.restart();
            break;
        }
        await check();
      }
      // Heal every fault and let the work finish.
      for (const p of [h.aws, h.gcp]) {
        p.unreachable = false;
        p.downRegions.clear();
        p.offeringsList[0]!.capacity = 4;
      }
      for (let i = 0; i < 400; i++) {
        h.clock.advance(60_000);
        await h.cp.tick();
        await check();
        const open = await h.store.listWorkloads({
          states: ['submitted', 'held', 'admitted', 'placed', 'provisioning', 'running', 'preempted', 'lost'],
        });
        if (open.length === 0) break;
      }
      for (const id of ids) {
        const rec = await h.store.getWorkload(id);
        assert.ok(rec, `workload ${id} lost`);
        const r = replay(await h.store.listEvents(id));
        assert.ok(r.ok && r.state === rec.state, `events of ${id} do not replay to ${rec.state}`);
        assert.ok(
          rec.state === 'succeeded' || (rec.state === 'cancelled' && cancelled.has(id)),
          `${id} ended ${rec.state}`,
        );
      }
      const live = [...h.aws.liveByWorkload(), ...h.gcp.liveByWorkload()];
      assert.deepEqual(live, [], 'launches still running after every workload ended');
    }),
    { numRuns: 40, seed: 4242 },
  );
});
