/**
 * THE contract of the Provider port (src/control/ports.ts): one suite every adapter runs, the sandbox's now and the
 * real clouds' later. `providerContract(label, factory)` registers the tests; the factory gives a fresh provider for
 * each test and, where the back end allows it, a way to inject faults (preemption, a region down) — without one,
 * those tests are skipped, never faked.
 *
 * Workloads are shell commands (every back end runs `/bin/sh -c`); the checkpoint protocol is docs/sandbox.md's
 * (`$SKYFLEET_CHECKPOINT_DIR/progress.json` holding `{"workDone": n}`). Waits poll listLaunches() until a state is
 * reached or a bound passes (a failure, never a timing assertion).
 */
import assert from 'node:assert/strict';
import { describe, test as nodeTest, type TestContext } from 'node:test';
import {
  ProviderError,
  type LaunchRequest,
  type LaunchState,
  type LaunchStatus,
  type Offering,
  type Provider,
} from '../../control/ports.js';

export interface ContractFaults {
  preempt(launchId: string): Promise<void>;
  regionDown(region: string): Promise<void>;
  regionUp(region: string): Promise<void>;
}

export interface ContractSubject {
  readonly provider: Provider;
  readonly faults?: ContractFaults;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** Longest wait for one expected state (default 20 s). */
  readonly waitMs?: number;
}

const ENDED: readonly LaunchState[] = ['succeeded', 'failed', 'preempted', 'lost', 'terminated'];
let tokens = 0;

export function providerContract(
  label: string,
  factory: () => Promise<ContractSubject>,
  opts: ContractOptions = {},
): void {
  const waitMs = opts.waitMs ?? 20_000;

  describe(`Provider contract: ${label}`, { timeout: 120_000 }, () => {
    // A fresh subject per test, closed in `finally` (a hook would not run after a test that skips itself).
    let s: ContractSubject;
    const test = (name: string, fn: (t: TestContext) => Promise<void>) =>
      nodeTest(name, async (t) => {
        s = await factory();
        try {
          await fn(t);
        } finally {
          await s.close();
        }
      });

    /** An offering with at least `n` free instances (spot ones with `spot`). */
    async function offering(n = 1, spot = false): Promise<Offering | undefined> {
      const all = await s.provider.offerings();
      return all
        .filter((o) => (spot ? o.spotAvailable >= n && o.spotPricePerInstanceHourCents !== null : o.available >= n))
        .sort((a, b) => a.region.localeCompare(b.region) || a.instanceType.localeCompare(b.instanceType))[0];
    }

    function request(o: Offering, part: Partial<LaunchRequest> = {}): LaunchRequest {
      const workloadId = `contract-${process.pid}-${++tokens}`;
      return {
        clientToken: `${workloadId}/1`,
        workloadId,
        team: 'contract',
        region: o.region,
        instanceType: o.instanceType,
        instances: 1,
        spot: false,
        run: 'true',
        resumeFrom: 0,
        ...part,
      };
    }

    async function waitFor(launchId: string, states: readonly LaunchState[]): Promise<LaunchStatus> {
      const until = Date.now() + waitMs;
      let last: LaunchStatus | undefined;
      for (;;) {
        last = (await s.provider.listLaunches()).find((l) => l.launchId === launchId);
        if (last && states.includes(last.state)) return last;
        if (Date.now() > until)
          assert.fail(`launch ${launchId} never reached ${states.join('|')} (last: ${last?.state ?? 'not listed'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    async function rejects(p: Promise<unknown>, code: string, retryable: boolean): Promise<void> {
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof ProviderError, `a ProviderError, not ${String(e)}`);
        assert.equal(e.code, code);
        assert.equal(e.retryable, retryable);
        return true;
      });
    }

    test('offerings: a non-empty list of well-formed offerings of this provider', async () => {
      const all = await s.provider.offerings();
      assert.ok(all.length > 0);
      for (const o of all) {
        assert.equal(o.provider, s.provider.name);
        assert.ok(o.region.length > 0 && o.instanceType.length > 0 && o.gpu.length > 0);
        assert.ok(Number.isInteger(o.gpusPerInstance) && o.gpusPerInstance >= 1);
        assert.ok(Number.isInteger(o.available) && o.available >= 0);
        assert.ok(Number.isInteger(o.spotAvailable) && o.spotAvailable >= 0);
        assert.ok(Number.isInteger(o.pricePerInstanceHourCents) && o.pricePerInstanceHourCents >= 0);
        if (o.spotPricePerInstanceHourCents === null) assert.equal(o.spotAvailable, 0);
        else assert.ok(Number.isInteger(o.spotPricePerInstanceHourCents) && o.spotPricePerInstanceHourCents >= 0);
      }
      const keys = all.map((o) => `${o.region}/${o.instanceType}`);
      assert.equal(new Set(keys).size, keys.length, 'one offering per region and instance type');
    });

    test('a run that exits 0 succeeds; its output is in the logs', async () => {
      const o = await offering();
      assert.ok(o, 'an offering with capacity');
      const first = await s.provider.launch(request(o, { run: 'echo "hello from rank $SKYPILOT_NODE_RANK"' }));
      assert.ok(['provisioning', 'running', 'succeeded'].includes(first.state));
      const done = await waitFor(first.launchId, ENDED);
      assert.equal(done.state, 'succeeded');
      assert.equal(done.exitCode, 0);
      assert.ok(done.startedAt !== null && done.endedAt !== null && done.startedAt <= done.endedAt);
      assert.match(await s.provider.logs(first.launchId, 100), /hello from rank 0/);
    });

    test('setup runs before run, and a run that exits non-zero fails with its exit code', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(
        request(o, { setup: 'echo prepared > ready.txt', run: 'cat ready.txt; exit 3' }),
      );
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'failed');
      assert.equal(done.exitCode, 3);
      assert.match(await s.provider.logs(l.launchId, 100), /prepared/);
    });

    test('the same client token launches once: the same launch, one process', async () => {
      const o = await offering();
      assert.ok(o);
      const req = request(o, { run: 'echo one-process-marker' });
      const [a, b] = await Promise.all([s.provider.launch(req), s.provider.launch(req)]);
      const c = await s.provider.launch(req);
      assert.equal(a.launchId, b.launchId);
      assert.equal(a.launchId, c.launchId);
      await waitFor(a.launchId, ENDED);
      const again = await s.provider.launch(req);
      assert.equal(again.launchId, a.launchId, 'a finished launch is still the answer to its token');
      assert.equal((await s.provider.listLaunches()).filter((l) => l.clientToken === req.clientToken).length, 1);
      const marks = (await s.provider.logs(a.launchId, 1000)).match(/one-process-marker/g) ?? [];
      assert.equal(marks.length, 1);
    });

    test('a gang runs on every node with the SkyPilot environment', async () => {
      const o = await offering(2);
      assert.ok(o, 'an offering with 2 free instances');
      const l = await s.provider.launch(
        request(o, {
          instances: 2,
          envs: { GREETING: 'hi' },
          secrets: { TOKEN: 's3cret' },
          run: [
            'echo "node $SKYPILOT_NODE_RANK/$SKYPILOT_NUM_NODES gpus=$SKYPILOT_NUM_GPUS_PER_NODE $GREETING"',
            'echo "ips=$(echo "$SKYPILOT_NODE_IPS" | wc -l) task=${SKYPILOT_TASK_ID:+set} token=${TOKEN:+set}"',
          ].join('\n'),
        }),
      );
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'succeeded');
      const logs = await s.provider.logs(l.launchId, 1000);
      for (const rank of [0, 1]) assert.match(logs, new RegExp(`node ${rank}/2 gpus=${o.gpusPerInstance} hi`));
      assert.equal((logs.match(/ips=2 task=set token=set/g) ?? []).length, 2);
    });

    test('a gang is failed as a whole when one node fails: the other nodes do not keep running', async () => {
      const o = await offering(2);
      assert.ok(o);
      const l = await s.provider.launch(
        request(o, { instances: 2, run: 'if [ "$SKYPILOT_NODE_RANK" = 1 ]; then exit 4; fi; sleep 60' }),
      );
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'failed');
      assert.equal(done.exitCode, 4);
      assert.ok(done.endedAt !== null);
    });

    test('no capacity for the whole gang: provider.capacity (retryable), and nothing is launched', async () => {
      const o = await offering();
      assert.ok(o);
      const before = await s.provider.listLaunches();
      await rejects(s.provider.launch(request(o, { instances: o.available + 1 })), 'provider.capacity', true);
      assert.equal((await s.provider.listLaunches()).length, before.length);
      const after = (await s.provider.offerings()).find(
        (x) => x.region === o.region && x.instanceType === o.instanceType,
      );
      assert.equal(after?.available, o.available, 'capacity unchanged');
    });

    test('an offering the provider does not sell: a non-retryable error', async () => {
      const o = await offering();
      assert.ok(o);
      await assert.rejects(s.provider.launch(request(o, { instanceType: 'no-such-type.xlarge' })), (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.retryable, false);
        return true;
      });
    });

    test('a launch holds capacity while it runs and gives it back when it ends', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(request(o, { run: 'sleep 60' }));
      await waitFor(l.launchId, ['running']);
      const during = (await s.provider.offerings()).find(
        (x) => x.region === o.region && x.instanceType === o.instanceType,
      );
      assert.ok(during && during.available <= o.available - 1);
      await s.provider.terminate(l.launchId);
      await waitFor(l.launchId, ENDED);
      const after = (await s.provider.offerings()).find(
        (x) => x.region === o.region && x.instanceType === o.instanceType,
      );
      assert.equal(after?.available, o.available);
    });

    test('checkpoints written by the workload are reported; a resumed launch is told where to resume from', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(
        request(o, {
          resumeFrom: 7.5,
          run: [
            'echo "resume from $SKYFLEET_RESUME_FROM"',
            'echo \'{"workDone": 12.5}\' > "$SKYFLEET_CHECKPOINT_DIR/progress.json.tmp"',
            'mv "$SKYFLEET_CHECKPOINT_DIR/progress.json.tmp" "$SKYFLEET_CHECKPOINT_DIR/progress.json"',
          ].join('\n'),
        }),
      );
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'succeeded');
      assert.equal(done.checkpoint?.workDone, 12.5);
      assert.ok(typeof done.checkpoint?.at === 'number');
      assert.match(await s.provider.logs(l.launchId, 100), /resume from 7\.5/);
    });

    test('a checkpoint is reported while the launch is still running', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(
        request(o, { run: 'echo \'{"workDone": 3}\' > "$SKYFLEET_CHECKPOINT_DIR/progress.json"; sleep 60' }),
      );
      const until = Date.now() + waitMs;
      let seen: LaunchStatus | undefined;
      while (Date.now() < until) {
        seen = (await s.provider.listLaunches()).find((x) => x.launchId === l.launchId);
        if (seen?.checkpoint) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.equal(seen?.state, 'running');
      assert.equal(seen?.checkpoint?.workDone, 3);
      await s.provider.terminate(l.launchId);
    });

    test('terminate ends a running launch (twice is fine); an unknown launch is provider.launch-not-found', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(request(o, { run: 'sleep 60' }));
      await waitFor(l.launchId, ['running']);
      await s.provider.terminate(l.launchId);
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'terminated');
      assert.ok(done.endedAt !== null);
      await s.provider.terminate(l.launchId);
      assert.equal((await waitFor(l.launchId, ENDED)).state, 'terminated');
      await rejects(s.provider.terminate('no-such-launch'), 'provider.launch-not-found', false);
      await rejects(s.provider.logs('no-such-launch', 10), 'provider.launch-not-found', false);
    });

    test('logs: the last N lines', async () => {
      const o = await offering();
      assert.ok(o);
      const l = await s.provider.launch(
        request(o, { run: 'i=1; while [ $i -le 50 ]; do echo "line $i"; i=$((i+1)); done' }),
      );
      await waitFor(l.launchId, ENDED);
      const all = await s.provider.logs(l.launchId, 1000);
      for (const n of [1, 25, 50]) assert.match(all, new RegExp(`^line ${n}$`, 'm'));
      const workload = all.split('\n').filter((x) => x.startsWith('line '));
      assert.deepEqual(workload.slice(-3), ['line 48', 'line 49', 'line 50']);
      const tail = (await s.provider.logs(l.launchId, 5)).split('\n').filter((x) => x !== '');
      assert.equal(tail.length, 5);
      assert.ok(all.trimEnd().endsWith(tail.join('\n')));
    });

    test('usage: one record per launch that ran, consistent with the launch and its offering', async () => {
      const o = await offering(3);
      assert.ok(o, 'an offering with 3 free instances');
      const t0 = Date.now();
      const ok = await s.provider.launch(request(o, { instances: 2, run: 'true' }));
      const long = await s.provider.launch(request(o, { run: 'sleep 60' }));
      await waitFor(ok.launchId, ENDED);
      await waitFor(long.launchId, ['running']);
      const open = (await s.provider.usage(t0)).find((u) => u.id === long.launchId);
      assert.ok(open, 'a running launch has an open record');
      assert.equal(open.end, null);
      await s.provider.terminate(long.launchId);
      const ended = await waitFor(long.launchId, ENDED);
      const records = await s.provider.usage(t0);
      const launches = await s.provider.listLaunches();
      for (const l of [ok, long]) {
        const mine = records.filter((u) => u.workloadId === l.workloadId);
        assert.equal(mine.length, 1, 'one record per launch stretch');
        const u = mine[0];
        assert.ok(u);
        const st = launches.find((x) => x.launchId === l.launchId);
        assert.equal(u.provider, s.provider.name);
        assert.equal(u.region, o.region);
        assert.equal(u.instanceType, o.instanceType);
        assert.equal(u.gpu, o.gpu);
        assert.equal(u.pricing, 'on-demand');
        assert.equal(u.pricePerInstanceHourCents, o.pricePerInstanceHourCents);
        assert.equal(u.team, 'contract');
        assert.ok(u.end !== null && u.start <= u.end);
        assert.equal(u.start, st?.startedAt);
        assert.equal(u.end, st?.endedAt);
      }
      const two = records.find((u) => u.workloadId === ok.workloadId);
      assert.equal(two?.instances, 2);
      assert.equal(two?.gpus, 2 * o.gpusPerInstance);
      assert.ok(ended.endedAt !== null);
      const later = await s.provider.usage(ended.endedAt + 60_000);
      assert.equal(later.filter((u) => u.id === ok.launchId || u.id === long.launchId).length, 0);
    });

    test('listLaunches after activity: every launch, each in its final state', async () => {
      const o = await offering();
      assert.ok(o);
      const a = await s.provider.launch(request(o, { run: 'true' }));
      const b = await s.provider.launch(request(o, { run: 'exit 1' }));
      const c = await s.provider.launch(request(o, { run: 'sleep 60' }));
      await waitFor(a.launchId, ENDED);
      await waitFor(b.launchId, ENDED);
      await waitFor(c.launchId, ['running']);
      await s.provider.terminate(c.launchId);
      await waitFor(c.launchId, ENDED);
      const byId = new Map((await s.provider.listLaunches()).map((l) => [l.launchId, l]));
      assert.equal(byId.get(a.launchId)?.state, 'succeeded');
      assert.equal(byId.get(b.launchId)?.state, 'failed');
      assert.equal(byId.get(c.launchId)?.state, 'terminated');
      assert.equal(byId.get(a.launchId)?.workloadId, a.workloadId);
    });

    test('a preempted spot launch is seen as preempted, its processes gone and its usage closed', async (t) => {
      const faults = s.faults;
      const o = await offering(1, true);
      if (!faults || !o) {
        t.skip('no fault injection or no spot offering');
        return;
      }
      const l = await s.provider.launch(request(o, { spot: true, run: 'sleep 60' }));
      await waitFor(l.launchId, ['running']);
      await faults.preempt(l.launchId);
      const done = await waitFor(l.launchId, ENDED);
      assert.equal(done.state, 'preempted');
      const u = (await s.provider.usage(0)).find((x) => x.id === l.launchId);
      assert.equal(u?.pricing, 'spot');
      assert.equal(u?.pricePerInstanceHourCents, o.spotPricePerInstanceHourCents);
      assert.equal(u?.end, done.endedAt);
    });

    test('a region that goes down loses its launches and refuses new ones (retryable) until it is back', async (t) => {
      const faults = s.faults;
      const o = await offering();
      if (!faults || !o) {
        t.skip('no fault injection');
        return;
      }
      const l = await s.provider.launch(request(o, { run: 'sleep 60' }));
      await waitFor(l.launchId, ['running']);
      await faults.regionDown(o.region);
      assert.equal((await waitFor(l.launchId, ENDED)).state, 'lost');
      await assert.rejects(s.provider.launch(request(o)), (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.retryable, true);
        return true;
      });
      await faults.regionUp(o.region);
      const again = await s.provider.launch(request(o));
      assert.equal((await waitFor(again.launchId, ENDED)).state, 'succeeded');
    });
  });
}
