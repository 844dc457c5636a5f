/**
 * Random sequences of service and job submissions, cancellations (of a service or of one of its groups), faults (a
 * provider stops answering, a region goes down, a group is preempted), ticks and restarts, under a 50% survivability
 * rule. After every step: no client token was launched twice, no two groups of one service hold the same provider,
 * and a service holds no placement of its own. After the faults heal: every service and group log replays, every
 * service not cancelled succeeds with all its groups, and nothing runs unowned.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { HOLDING_STATES, replay } from '../../control/state-machine.js';
import { h100Job, harness, teamToken } from './test-support/harness.js';

type Op =
  | { op: 'service' }
  | { op: 'job' }
  | { op: 'cancel'; k: number; group: boolean }
  | { op: 'unreachable'; provider: 'aws' | 'gcp' | 'azure'; on: boolean }
  | { op: 'region'; provider: 'aws' | 'gcp'; down: boolean }
  | { op: 'preempt'; k: number; g: 0 | 1 }
  | { op: 'tick'; ms: number }
  | { op: 'restart' };

const providers = fc.constantFrom('aws' as const, 'gcp' as const);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('service' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('job' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('cancel' as const), k: fc.nat(20), group: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unreachable' as const),
      provider: fc.constantFrom('aws' as const, 'gcp' as const, 'azure' as const),
      on: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('region' as const), provider: providers, down: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('preempt' as const),
      k: fc.nat(20),
      g: fc.constantFrom(0 as const, 1 as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1_000, max: 120_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const) }) },
);

const SERVICE = {
  name: 'chat',
  workload: { kind: 'inference', gpus: ['H100'], gpusPerReplica: 8, priority: 1, demand: { us: '2 replicas' } },
  run: 'serve',
};

test('fuzz: services as replica groups keep their spread and their logs through faults, cancels and restarts', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 50 }), async (ops) => {
      const h = harness({
        awsH100: 4,
        gcpH100: 4,
        azureH100: 4,
        fleetExtra: 'policies:\n  survivability: [ { tiers: [1], fraction: 50% } ]\n',
      });
      const all = [h.aws, h.gcp, h.azure].filter((p) => p !== undefined);
      for (const p of all) {
        p.runMs = 20 * 60_000;
        p.checkpointEveryMs = 5 * 60_000;
      }
      const prov = { aws: h.aws, gcp: h.gcp, azure: h.azure };
      const team = teamToken('a');
      const services: string[] = [];
      const jobs: string[] = [];
      const cancelled = new Set<string>();
      const check = async (): Promise<void> => {
        const tokens = all.flatMap((p) => p.created);
        assert.equal(new Set(tokens).size, tokens.length, 'a client token was launched twice');
        for (const id of services) {
          const svc = await h.store.getWorkload(id);
          assert.equal(svc?.placement, null, 'a service holds no placement');
          const held: string[] = [];
          for (const g of [0, 1]) {
            const rec = await h.store.getWorkload(`${id}.g${g}`);
            if (rec?.placement && HOLDING_STATES.includes(rec.state)) held.push(rec.placement.provider);
          }
          assert.equal(new Set(held).size, held.length, `two groups of ${id} on one provider: ${held}`);
        }
      };
      for (const o of ops) {
        switch (o.op) {
          case 'service':
            services.push((await h.cp.submit(team, { spec: SERVICE })).workload.id);
            break;
          case 'job':
            jobs.push((await h.cp.submit(team, { spec: h100Job(`j${jobs.length}`) })).workload.id);
            break;
          case 'cancel': {
            const id = services[o.k % Math.max(1, services.length)];
            if (!id) break;
            try {
              await h.cp.cancel(team, o.group ? `${id}.g1` : id);
              cancelled.add(id);
            } catch (e) {
              const status = (e as { status?: number }).status;
              assert.ok(status === 409 || (o.group && status === 404), `cancel answered ${status}`);
            }
            break;
          }
          case 'unreachable': {
            const p = prov[o.provider];
            if (p) p.unreachable = o.on;
            break;
          }
          case 'region': {
            const p = prov[o.provider];
            const region = p.offeringsList[0]?.region ?? '';
            if (o.down) p.downRegions.add(region);
            else p.downRegions.delete(region);
            break;
          }
          case 'preempt': {
            const id = services[o.k % Math.max(1, services.length)];
            if (id) for (const p of all) p.preempt(`${id}.g${o.g}`);
            break;
          }
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
      for (const p of all) {
        p.unreachable = false;
        p.downRegions.clear();
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
      for (const id of [...services, ...services.flatMap((s) => [`${s}.g0`, `${s}.g1`]), ...jobs]) {
        const rec = await h.store.getWorkload(id);
        assert.ok(rec, `workload ${id} lost`);
        const r = replay(await h.store.listEvents(id));
        assert.ok(r.ok && r.state === rec.state, `events of ${id} do not replay to ${rec.state}`);
        const service = id.split('.g')[0] ?? id;
        assert.ok(
          rec.state === 'succeeded' || (rec.state === 'cancelled' && cancelled.has(service)),
          `${id} ended ${rec.state}`,
        );
      }
      assert.deepEqual(
        all.flatMap((p) => [...p.liveByWorkload()]),
        [],
        'launches still running after every workload ended',
      );
    }),
    { numRuns: 20, seed: 4243 },
  );
});
