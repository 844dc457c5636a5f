/**
 * Faults of the sandbox cloud against a running `skyfleet serve` (both real processes on loopback): a region down, a
 * provider down, capacity removed, a spot instance preempted. Each time the work runs elsewhere, resumes from its
 * checkpoint, and the events record why; a gang (num_nodes: 2) is only ever launched whole: it waits while no
 * offering has two free instances, and when it runs, both of its nodes run in the same launch.
 *
 * The bounds of docs/control-plane.md ("Failure detection") are checked in polls of the test, generously: a region
 * that goes down is seen at serve's next poll of the provider, a provider that stops answering within
 * DOWN_AFTER_FAILED_POLLS = 3 failed polls; the test waits at most POLLS polls of 100 ms (serve ticks every 100 ms),
 * and holds serve's own `lost` event of a provider down to DOWN_AFTER_FAILED_POLLS × (tick + the client's timeout).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DOWN_AFTER_FAILED_POLLS } from '../../src/control/health.js';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../../src/providers/sandbox-provider.js';
import {
  type Sandbox,
  type Serve,
  fastSandboxConfig,
  http,
  pollUntil,
  sandboxLaunches,
  startSandbox,
  startServe,
  stopAll,
  tempDir,
} from './harness.js';

const tmp = tempDir('skyfleet-e2e-faults-');
let sandbox: Sandbox;
let serve: Serve;
const POLLS = 300;
const TICK_MS = 100;
const LOG = join(tmp.dir, 'serve.log');

before(async () => {
  sandbox = await startSandbox(tmp.dir, fastSandboxConfig(tmp.dir, 600));
  serve = await startServe(tmp.dir, { sandbox: sandbox.url, tick: TICK_MS, log: LOG });
  const t = await http(`${serve.url}/v1/teams/research`, { method: 'PUT', token: serve.adminToken, body: {} });
  assert.ok(t.status === 200 || t.status === 201, JSON.stringify(t));
});
after(async () => {
  await stopAll();
  tmp.remove();
});

interface View {
  id: string;
  state: string;
  attempt: number;
  placement: {
    provider: string;
    region: string;
    instanceType: string;
    spot: boolean;
    instances: number;
    launchId?: string;
  } | null;
  checkpoint: { workDone: number } | null;
  waitingFor: { code: string } | null;
}
interface Event {
  at: number;
  from: string | null;
  to: string;
  cause: { code: string; params?: Record<string, unknown> };
}

/** A training task that checkpoints one step every 0.2 s for at most 600 steps, and marks each node's start. */
function task(name: string, resources: string, extra = ''): string {
  const mark = join(tmp.dir, `${name}.marks`);
  writeFileSync(mark, '');
  return `name: ${name}
resources:
${resources}
${extra}
envs:
  MARK: ${mark}
run: |
  done=\${SKYFLEET_RESUME_FROM%.*}
  echo "$SKYFLEET_LAUNCH_ID $SKYPILOT_NODE_RANK $SKYPILOT_NUM_NODES $done" >> "$MARK"
  while [ "$done" -lt 600 ]; do
    sleep 0.2
    done=$((done + 1))
    echo "{\\"workDone\\": $done}" > "$SKYFLEET_CHECKPOINT_DIR/progress.json.$SKYPILOT_NODE_RANK"
    mv "$SKYFLEET_CHECKPOINT_DIR/progress.json.$SKYPILOT_NODE_RANK" "$SKYFLEET_CHECKPOINT_DIR/progress.json"
  done
`;
}

/** Each node's start: launch id, rank, nodes, the step it resumed at. */
const marks = (name: string) =>
  readFileSync(join(tmp.dir, `${name}.marks`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [launch, rank, nodes, from] = l.split(' ');
      return { launch: launch as string, rank: Number(rank), nodes: Number(nodes), from: Number(from) };
    });

async function submit(yaml: string): Promise<View> {
  const r = await http<{ workloads: View[] }>(`${serve.url}/v1/workloads?team=research`, {
    method: 'POST',
    token: serve.adminToken,
    body: yaml,
    contentType: 'application/yaml',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.workloads[0] as View;
}
const view = async (id: string) =>
  (await http<View>(`${serve.url}/v1/workloads/${id}`, { token: serve.adminToken })).body;
const events = async (id: string) =>
  (await http<{ events: Event[] }>(`${serve.url}/v1/workloads/${id}/events`, { token: serve.adminToken })).body.events;
const cancel = (id: string) =>
  http(`${serve.url}/v1/workloads/${id}/cancel`, { method: 'POST', token: serve.adminToken });
async function fault(provider: string, body: Record<string, unknown>): Promise<void> {
  const r = await http(`${sandbox.url}/faults/${provider}`, { method: 'POST', body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Returns once serve has polled every provider that is up after this call began (its offerings are then the
 * sandbox's as they are now): a sync point on serve's reconcile loop, not a duration. */
async function afterNextPoll(): Promise<void> {
  const since = Date.now();
  await pollUntil(
    'serve polled the providers again',
    async () => {
      const f = await http<{ providers: Array<{ up: boolean; lastSeen: number | null }> }>(`${serve.url}/v1/fleet`, {
        token: serve.adminToken,
      });
      return f.body.providers.every((p) => !p.up || (p.lastSeen ?? 0) > since) ? true : undefined;
    },
    { polls: POLLS },
  );
}

/** Waits (at most POLLS polls) for the workload to satisfy `ok`. */
const until = (id: string, what: string, ok: (v: View) => boolean) =>
  pollUntil(
    `${id}: ${what}`,
    async () => {
      const v = await view(id);
      return ok(v) ? v : undefined;
    },
    {
      polls: POLLS,
      everyMs: 100,
      last: async () =>
        `${JSON.stringify(await view(id))}\n${JSON.stringify(await events(id))}\nserve: ${serve.stderr().slice(-4000)}\nsandbox launches: ${JSON.stringify(await sandboxLaunches(sandbox.url))}`,
    },
  );
const runningWithCheckpoint = (id: string) =>
  until(id, 'runs and has checkpointed', (v) => v.state === 'running' && (v.checkpoint?.workDone ?? 0) >= 2);

/** The events after the last `running` before the requeue: [running, lost|preempted, admitted, placed, …]. */
function requeueOf(log: Event[], via: 'lost' | 'preempted'): { gone: Event; requeued: Event; path: string[] } {
  const path = log.map((e) => e.to);
  const i = path.lastIndexOf(via);
  assert.ok(i > 0, `${via} in ${path.join(' → ')}`);
  assert.deepEqual(path.slice(i - 1, i + 5), ['running', via, 'admitted', 'placed', 'provisioning', 'running']);
  const requeued = log[i + 1] as Event;
  assert.equal(requeued.cause.code, 'control.requeued', JSON.stringify(requeued));
  return { gone: log[i] as Event, requeued, path };
}

test('a region down: its training is lost, requeued with the lost work recorded, and resumes in another region', {
  timeout: 120_000,
}, async () => {
  const w = await submit(task('region', '  accelerators: H100:8\n  infra: aws'));
  const before = await runningWithCheckpoint(w.id);
  const region = before.placement?.region as string;
  await fault('aws', { action: 'down', region });
  const moved = await until(w.id, 'runs in another region', (v) => v.state === 'running' && v.attempt > before.attempt);
  assert.equal(moved.placement?.provider, 'aws');
  assert.notEqual(moved.placement?.region, region);
  const { gone, requeued } = requeueOf(await events(w.id), 'lost');
  assert.equal(typeof gone.cause.params?.lostWork, 'number', JSON.stringify(gone));
  const resumeFrom = requeued.cause.params?.resumeFrom as number;
  assert.ok(resumeFrom >= 2, JSON.stringify(requeued));
  await pollUntil('the new launch started', async () => (marks('region').length >= 2 ? true : undefined), {
    polls: POLLS,
  });
  const starts = marks('region');
  assert.equal(starts[0]?.from, 0);
  assert.equal(starts.at(-1)?.from, Math.floor(resumeFrom), JSON.stringify(starts));
  await fault('aws', { action: 'up', region });
  await cancel(w.id);
});

test('a provider down: its work is declared lost within the failure bound and runs on another provider', {
  timeout: 120_000,
}, async () => {
  const w = await submit(task('provider', '  accelerators: H100:8'));
  const before = await runningWithCheckpoint(w.id);
  const provider = before.placement?.provider as string;
  const faultAt = Date.now();
  await fault(provider, { action: 'down' });
  try {
    const moved = await until(
      w.id,
      'runs on another provider',
      (v) => v.state === 'running' && v.attempt > before.attempt,
    );
    assert.notEqual(moved.placement?.provider, provider);
    const { gone, requeued } = requeueOf(await events(w.id), 'lost');
    assert.ok((requeued.cause.params?.resumeFrom as number) >= 2, JSON.stringify(requeued));
    assert.match(JSON.stringify(gone.cause), /down/, JSON.stringify(gone));
    // The documented bound (docs/control-plane.md): declared down within DOWN_AFTER_FAILED_POLLS × (tick + T), T the
    // provider client's timeout, its work requeued in the same tick. A generous bound, read from serve's own event.
    const bound = DOWN_AFTER_FAILED_POLLS * (TICK_MS + DEFAULT_PROVIDER_TIMEOUT_MS);
    assert.ok(gone.at - faultAt <= bound, `lost ${gone.at - faultAt} ms after the fault; the bound is ${bound} ms`);
    const fleet = await http<{ providers: Array<{ name: string; up: boolean }> }>(`${serve.url}/v1/fleet`, {
      token: serve.adminToken,
    });
    const p = fleet.body.providers.find((x) => x.name === provider);
    assert.equal(p?.up, false, JSON.stringify(fleet.body.providers));
    // serve's JSON log tells the control plane's own events: the provider down, and the re-plan it triggered.
    const logged = await pollUntil(
      'serve logs the provider down and the re-plan',
      async () => {
        const lines = existsSync(LOG) ? readFileSync(LOG, 'utf8').split('\n').filter(Boolean) : [];
        const events = lines.map((l) => JSON.parse(l) as { msg?: string; event?: { kind: string; provider?: string } });
        const down = events.find((e) => e.event?.kind === 'provider-down' && e.event.provider === provider);
        const replanned = events.find((e) => e.event?.kind === 'replanned');
        return down && replanned ? { down, replanned } : undefined;
      },
      { polls: POLLS, last: () => (existsSync(LOG) ? readFileSync(LOG, 'utf8').slice(-2000) : 'no log') },
    );
    assert.equal(logged.down.msg, 'control provider-down');
  } finally {
    await fault(provider, { action: 'restore' });
  }
  await cancel(w.id);
});

test('capacity removed: new work goes to another offering', { timeout: 120_000 }, async () => {
  const probe = await submit(task('probe', '  accelerators: A100-80GB:8'));
  const placed = await until(probe.id, 'placed', (v) => v.placement !== null);
  const { provider, region, instanceType, spot } = placed.placement as NonNullable<View['placement']>;
  await cancel(probe.id);
  await fault(provider, { action: 'capacity', region, instanceType, spot, set: 0 });
  await afterNextPoll();
  try {
    const w = await submit(task('capacity', '  accelerators: A100-80GB:8'));
    const running = await until(w.id, 'runs', (v) => v.state === 'running');
    const p = running.placement as NonNullable<View['placement']>;
    assert.notEqual(
      `${p.provider}/${p.region}/${p.instanceType}/${p.spot}`,
      `${provider}/${region}/${instanceType}/${spot}`,
    );
    await cancel(w.id);
  } finally {
    await fault(provider, { action: 'capacity', region, instanceType, spot, set: null });
  }
});

test('a spot instance preempted: the work is requeued and resumes from its checkpoint', {
  timeout: 120_000,
}, async () => {
  const w = await submit(task('spot', '  accelerators: H100:8\n  use_spot: true'));
  const before = await runningWithCheckpoint(w.id);
  assert.equal(before.placement?.spot, true);
  await fault(before.placement?.provider as string, { action: 'preempt', launchId: before.placement?.launchId });
  const moved = await until(w.id, 'runs again', (v) => v.state === 'running' && v.attempt > before.attempt);
  assert.ok(moved.placement);
  const { gone, requeued } = requeueOf(await events(w.id), 'preempted');
  assert.equal(gone.cause.code, 'control.preempted', JSON.stringify(gone));
  const resumeFrom = requeued.cause.params?.resumeFrom as number;
  assert.ok(resumeFrom >= 2, JSON.stringify(requeued));
  await pollUntil('the new launch started', async () => (marks('spot').length >= 2 ? true : undefined), {
    polls: POLLS,
  });
  assert.equal(marks('spot').at(-1)?.from, Math.floor(resumeFrom));
  await cancel(w.id);
});

test('a gang of two nodes never runs partially: it waits for two free instances, starts whole, moves whole', {
  timeout: 180_000,
}, async () => {
  // Only lambda (two regions of H100 instances) is allowed; each region keeps one free instance: the gang waits.
  const pools = [
    { region: 'us-east-1', instanceType: 'gpu_8x_h100_sxm5', spot: false },
    { region: 'europe-central-1', instanceType: 'gpu_8x_h100_sxm5', spot: false },
  ];
  for (const p of pools) await fault('lambda', { action: 'capacity', ...p, set: 1 });
  await afterNextPoll();
  try {
    const w = await submit(task('gang', '  accelerators: H100:8\n  infra: lambda', 'num_nodes: 2'));
    const waiting = await until(w.id, 'waits for capacity', (v) => v.state === 'admitted' && v.waitingFor !== null);
    assert.equal(waiting.placement, null);
    // Several more of serve's ticks: still no launch of it anywhere.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await view(w.id)).state, 'admitted');
    }
    assert.deepEqual(
      (await sandboxLaunches(sandbox.url)).filter((l) => l.workloadId === w.id),
      [],
    );
    assert.deepEqual(marks('gang'), []);

    await fault('lambda', { action: 'capacity', ...pools[0], set: null });
    const running = await runningWithCheckpoint(w.id);
    assert.equal(running.placement?.instances, 2);
    const first = marks('gang');
    assert.deepEqual(first.map((m) => m.rank).sort(), [0, 1], JSON.stringify(first));
    assert.ok(
      first.every((m) => m.launch === first[0]?.launch && m.nodes === 2),
      JSON.stringify(first),
    );

    // Its region goes down: the whole gang moves to the other region, both nodes in one new launch.
    await fault('lambda', { action: 'capacity', ...pools[1], set: null });
    await afterNextPoll();
    await fault('lambda', { action: 'down', region: running.placement?.region });
    const moved = await until(
      w.id,
      'runs in the other region',
      (v) => v.state === 'running' && v.attempt > running.attempt,
    );
    assert.notEqual(moved.placement?.region, running.placement?.region);
    assert.equal(moved.placement?.instances, 2);
    await pollUntil(
      'both nodes of the new launch started',
      async () => (marks('gang').length >= 4 ? true : undefined),
      {
        polls: POLLS,
      },
    );
    const second = marks('gang').slice(2);
    assert.deepEqual(second.map((m) => m.rank).sort(), [0, 1], JSON.stringify(second));
    assert.ok(
      second.every((m) => m.launch === second[0]?.launch && m.launch !== first[0]?.launch),
      JSON.stringify(second),
    );
    // Every launch the sandbox made for the gang started both of its nodes.
    for (const l of (await sandboxLaunches(sandbox.url)).filter((x) => x.workloadId === w.id)) {
      if (l.startedAt === null) continue;
      const ranks = marks('gang')
        .filter((m) => m.launch === l.launchId)
        .map((m) => m.rank);
      assert.deepEqual(ranks.sort(), [0, 1], `${l.launchId}: ${JSON.stringify(ranks)}`);
    }
    requeueOf(await events(w.id), 'lost');
    await fault('lambda', { action: 'up', region: running.placement?.region });
    await cancel(w.id);
  } finally {
    await fault('lambda', { action: 'restore' });
  }
});
