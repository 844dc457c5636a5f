/** The control plane over the SQLite store (the default of `skyfleet serve`): a run interrupted by a restart — a new
 * connection and a new ControlPlane over the same file — ends with every workload done, none launched twice. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replay } from '../../control/state-machine.js';
import { sqliteHarness } from '../../store/test-support/sqlite-harness.js';
import { h100Job, harness, teamToken, testFleet } from './test-support/harness.js';
import { ControlPlane } from './control-plane.js';

test('SQLite: submit, run, restart over the same file mid-run; no double launch, nothing lost', async () => {
  const db = await sqliteHarness();
  try {
    const h = harness({ backing: db.store });
    const team = teamToken('research');
    await h.cp.tick();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await h.cp.submit(team, { spec: h100Job(`j${i}`, 8, 16) })).workload.id);
    h.clock.advance(30_000);
    await h.cp.tick();
    h.clock.advance(5 * 60_000);
    await h.cp.tick();
    // Restart: a second connection to the same file, a new control plane.
    const store2 = await db.another();
    const cp2 = new ControlPlane({
      store: store2,
      providers: [h.aws, h.gcp],
      clock: h.clock,
      fleet: testFleet(),
    });
    for (let i = 0; i < 200; i++) {
      h.clock.advance(60_000);
      await cp2.tick();
      if ((await store2.listWorkloads({ states: ['succeeded'] })).length === ids.length) break;
    }
    for (const id of ids) {
      const rec = await store2.getWorkload(id);
      assert.equal(rec?.state, 'succeeded', id);
      assert.ok(replay(await store2.listEvents(id)).ok);
    }
    const tokens = [...h.aws.created, ...h.gcp.created];
    assert.equal(new Set(tokens).size, tokens.length);
    // The ids of the new control plane never clash with the old one's.
    const more = await cp2.submit(team, { spec: h100Job('after-restart') });
    assert.ok(!ids.includes(more.workload.id));
  } finally {
    await db.dispose();
  }
});
