/** Fair share between teams in the control plane (plan-applier.ts over control/fair-order.ts and core/fair-share.ts):
 * among admitted work of equal priority, the team furthest below its weighted share of the GPUs held goes first; so a
 * team's flood does not starve another, the shares follow `policies.teamWeights`, and priority still comes first. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkloadRecord } from '../../control/records.js';
import { h100Job, harness, type Harness, teamToken, tickUntil } from './test-support/harness.js';

const teamA = teamToken('a');
const teamB = teamToken('b');

async function submitMany(h: Harness, who: typeof teamA, n: number, extra: Record<string, unknown> = {}) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await h.cp.submit(who, { spec: h100Job(`${who.team}-${i}`, 8, 8, extra) })).workload.id);
  return ids;
}

async function records(h: Harness, ids: readonly string[]): Promise<WorkloadRecord[]> {
  const out: WorkloadRecord[] = [];
  for (const id of ids) {
    const r = await h.store.getWorkload(id);
    assert.ok(r);
    out.push(r);
  }
  return out;
}

const HOLDING = new Set(['placed', 'provisioning', 'running']);
const holding = (rs: readonly WorkloadRecord[]): number => rs.filter((r) => HOLDING.has(r.state)).length;
const waiting = (rs: readonly WorkloadRecord[]): number => rs.filter((r) => r.state === 'admitted').length;

/** Both providers' H100 offerings set to `n` instances each. */
function h100Capacity(h: Harness, n: number): void {
  for (const p of [h.aws, h.gcp]) for (const o of p.offeringsList) if (o.gpu === 'H100') o.capacity = n;
}

test("a team's flood does not starve another: the second team's work is placed before the first team's backlog drains", async () => {
  const h = harness(); // 4 + 4 instances of 8 H100: eight 1-hour jobs at a time
  await h.cp.tick();
  const a = await submitMany(h, teamA, 50);
  const b = await submitMany(h, teamB, 5);
  assert.equal(holding(await records(h, a)), 8, "a's first eight fill the fleet at submit");
  assert.equal(waiting(await records(h, b)), 5);
  const done = (rs: readonly WorkloadRecord[]) => rs.filter((r) => r.state === 'succeeded').length;
  // The first capacity that frees (a's eight end together) is shared equally: each team holds 4 instances.
  await tickUntil(h, async () => done(await records(h, a)) === 8);
  assert.deepEqual([holding(await records(h, a)), holding(await records(h, b))], [4, 4]);
  // At the next wave both hold nothing: b, with fewer GPU-hours used this month, goes first — its last job, then a's.
  await tickUntil(h, async () => {
    const rs = await records(h, b);
    return holding(rs) + done(rs) === 5;
  });
  const aNow = await records(h, a);
  assert.equal(done(aNow), 12);
  assert.equal(waiting(aNow), 50 - 12 - 7, "b's five are placed while 31 of a's backlog still wait");
});

test('priority still comes first: the flooding team’s urgent work goes before the other team’s ordinary work', async () => {
  const h = harness();
  await h.cp.tick();
  h100Capacity(h, 0);
  await h.cp.tick(); // the live offerings show no room: everything submitted now waits
  const b = await submitMany(h, teamB, 4);
  const a = await submitMany(h, teamA, 6, { priority: 1 });
  h100Capacity(h, 4);
  await h.cp.tick();
  assert.equal(holding(await records(h, a)), 6, "all of a's priority-1 work is placed");
  assert.equal(holding(await records(h, b)), 2, 'b (priority 2) has what is left');
});

for (const [weights, expected] of [
  ['', { a: 4, b: 4 }],
  ['policies: { teamWeights: { a: 3 } }\n', { a: 6, b: 2 }],
  ['policies: { teamWeights: { a: 1, b: 3 } }\n', { a: 2, b: 6 }],
] as const)
  test(`the shares follow the weights (${weights.trim() || 'every team 1'}): a ${expected.a}, b ${expected.b} of 8 instances`, async () => {
    const h = harness({ fleetExtra: weights });
    await h.cp.tick();
    h100Capacity(h, 0);
    await h.cp.tick();
    const a = await submitMany(h, teamA, 20);
    const b = await submitMany(h, teamB, 20);
    h100Capacity(h, 4);
    await h.cp.tick();
    assert.deepEqual(
      { a: holding(await records(h, a)), b: holding(await records(h, b)) },
      expected,
      'placed in the tick that found room',
    );
  });
