/**
 * The reconcile loop over PostgreSQL that goes away and comes back (127.0.0.1:5432 behind a TCP proxy, a schema of
 * its own): while the database is cut, a tick and a submission fail with store.unreachable (serve logs the tick's
 * failure and ticks again later); once it is back, the same control plane carries on and the work submitted before
 * the outage runs to the end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../store/open-store.js';
import { StoreError } from '../../store/store-error.js';
import { createSchema, dropSchema, freshSchemaName, PG_TEST_URL } from '../../store/test-support/postgres-harness.js';
import { targetOf, tcpProxy, throughPort } from '../../store/test-support/tcp-proxy.js';
import { h100Job, harness, teamToken } from './test-support/harness.js';

function unreachable(e: unknown): true {
  assert.ok(e instanceof StoreError, `a StoreError, not ${String(e)}`);
  assert.equal(e.code, 'store.unreachable', e.message);
  return true;
}

test('PostgreSQL cut under the control plane: ticks fail with store.unreachable, then carry on', {
  timeout: 30_000,
}, async () => {
  const schema = freshSchemaName();
  await createSchema(schema);
  const proxy = tcpProxy(targetOf(PG_TEST_URL));
  const port = await proxy.listen(0);
  const store = await openStore(throughPort(PG_TEST_URL, port, schema), { dir: '.' });
  try {
    await store.migrate();
    const h = harness({ backing: store });
    const team = teamToken('research');
    await h.cp.tick();
    const id = (await h.cp.submit(team, { spec: h100Job('before-outage', 8, 8) })).workload.id;

    await proxy.cut();
    h.clock.advance(30_000);
    await assert.rejects(h.cp.tick(), unreachable);
    await assert.rejects(h.cp.submit(team, { spec: h100Job('during-outage') }), unreachable);
    h.clock.advance(30_000);
    await assert.rejects(h.cp.tick(), unreachable);

    await proxy.listen(port);
    for (let i = 0; i < 50 && (await store.getWorkload(id))?.state !== 'succeeded'; i++) {
      h.clock.advance(5 * 60_000);
      await h.cp.tick();
    }
    assert.equal((await store.getWorkload(id))?.state, 'succeeded');
    assert.deepEqual(
      (await store.listWorkloads({})).map((w) => w.spec.name),
      ['before-outage'],
      'the submission refused during the outage was not stored',
    );
    assert.equal([...h.aws.created, ...h.gcp.created].length, 1, 'launched once');
  } finally {
    await store.close();
    await proxy.cut();
    await dropSchema(schema);
  }
});
