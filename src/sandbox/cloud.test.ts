/** The cloud's own rules beyond the Provider contract: random spot preemption, shutdown leaves no process behind,
 * logs stay bounded. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LaunchRequest } from '../control/ports.js';
import { createRng } from '../core/rng.js';
import { SandboxCloud } from './cloud.js';
import { SandboxConfigSchema } from './config.js';
import { LogLines } from './log-lines.js';

const config = SandboxConfigSchema.parse({
  timeScale: 1000,
  providers: {
    aws: {
      provisioningSeconds: 1,
      spotPreemptionsPerHour: 50,
      regions: {
        r1: {
          instanceTypes: {
            t1: { gpu: 'H100', gpusPerInstance: 8, capacity: 4, spotCapacity: 4, price: 10, spotPrice: 3 },
          },
        },
      },
    },
  },
});

function cloud(): SandboxCloud {
  return new SandboxCloud(config, {
    now: () => Date.now(),
    rng: createRng(3),
    root: mkdtempSync(join(tmpdir(), 'skyfleet-cloud-test-')),
    path: process.env.PATH ?? '/usr/bin:/bin',
  });
}

const req = (token: string, part: Partial<LaunchRequest> = {}): LaunchRequest => ({
  clientToken: token,
  workloadId: token,
  team: 't',
  region: 'r1',
  instanceType: 't1',
  instances: 1,
  spot: true,
  run: 'sleep 30',
  resumeFrom: 0,
  ...part,
});

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('spot launches are preempted at the configured rate; on-demand ones are not', async () => {
  const c = cloud();
  try {
    const spot = c.launch('aws', req('s')).status.launchId;
    const od = c.launch('aws', req('o', { spot: false })).status.launchId;
    await until(() => c.list('aws').every((l) => l.state === 'running'), 'both running');
    // One real second at 1000× is 1000 sandbox seconds: at 50 preemptions/hour the chance to survive is e^-13.9.
    c.tick(1_000);
    const states = new Map(c.list('aws').map((l) => [l.launchId, l.state]));
    assert.equal(states.get(spot), 'preempted');
    assert.equal(states.get(od), 'running');
  } finally {
    c.shutdown();
  }
});

test('shutdown kills every node process, and what they started', async () => {
  const c = cloud();
  const dir = mkdtempSync(join(tmpdir(), 'skyfleet-pids-'));
  let pids: number[] = [];
  try {
    c.launch(
      'aws',
      req('g', { instances: 2, spot: false, run: `sleep 30 & echo $! > ${dir}/pid-$SKYPILOT_NODE_RANK; wait` }),
    );
    await until(() => {
      try {
        pids = [0, 1].map((r) => Number(readFileSync(join(dir, `pid-${r}`), 'utf8')));
        return pids.every((p) => p > 0);
      } catch {
        return false;
      }
    }, 'both nodes wrote their pid');
  } finally {
    c.shutdown();
  }
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await until(() => pids.every((p) => !alive(p)), 'the sleeps are gone');
});

test('a log keeps its last lines only', () => {
  const log = new LogLines(10);
  for (let i = 1; i <= 1000; i++) log.push(`line ${i}`);
  assert.equal(log.tail(3), 'line 998\nline 999\nline 1000\n');
  assert.equal(log.tail(100).split('\n').filter(Boolean).length, 10);
  assert.equal(log.tail(0), '');
  const long = new LogLines(10, 5);
  long.push('abcdefgh');
  assert.equal(long.tail(1), 'abcde…\n');
});
