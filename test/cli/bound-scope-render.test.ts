/** compare's account of the bound's scope: runs in it per policy (summarise), and the lines under the table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarise, type RunSummary } from '../../src/sim/metrics.js';
import { boundScopeLines } from '../../src/cli/render-bound-scope.js';

const run = (policy: string, seed: number, extra: Partial<RunSummary>): RunSummary => ({
  policy,
  seed,
  effectiveUsd: 100 + seed,
  billedUsd: 100 + seed,
  attainment: 1,
  ...extra,
});

test('compare counts the runs in the bound scope per policy and names what the bound relaxed', () => {
  const runs = [
    run('skyfleet', 1, { deadlineMisses: 0, spreadBreachUnitHours: 0, inBoundScope: true }),
    run('skyfleet', 2, { deadlineMisses: 1, spreadBreachUnitHours: 0, inBoundScope: false }),
    run('single:aws', 1, { deadlineMisses: 0, spreadBreachUnitHours: 40, inBoundScope: false }),
    run('single:aws', 2, { deadlineMisses: 0, spreadBreachUnitHours: 44, inBoundScope: false }),
    run('offline-optimal', 1, { effectiveUsd: 90, relaxedDeadlines: 2, lateH100: 0 }),
    run('offline-optimal', 2, { effectiveUsd: 90, relaxedDeadlines: 1, lateH100: 0 }),
  ];
  const s = summarise(runs);
  const by = new Map(s.map((x) => [x.policy, x]));
  assert.deepEqual(by.get('skyfleet')?.boundScope, { inScope: 1, runs: 2 });
  assert.deepEqual(by.get('single:aws')?.boundScope, { inScope: 0, runs: 2 });
  assert.equal(by.get('offline-optimal')?.boundScope, undefined);
  assert.equal(by.get('offline-optimal')?.relaxedDeadlines, 2);
  assert.equal(by.get('single:aws')?.spreadBreachUnitHours?.mean, 42);
  const lines = boundScopeLines(s);
  assert.equal(lines.length, 2);
  assert.match(lines[0] ?? '', /meet every deadline and honour the risk policy's survivability spread/);
  assert.match(lines[0] ?? '', /2 deadline\(s\) no schedule can meet even alone were relaxed/);
  assert.doesNotMatch(lines[0] ?? '', /cannot all be met together/);
  assert.match(lines[1] ?? '', /skyfleet 1\/2 .*single:aws 0\/2 \(spread breach 42.0/);
  assert.deepEqual(boundScopeLines(s.filter((x) => x.policy !== 'offline-optimal')), []);
});
