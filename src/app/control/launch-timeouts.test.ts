/** Launches of unknown outcome (timeouts) count once per provider per tick: slow launches alone never declare a
 * provider down within one tick, and nothing is launched twice because of them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProviderError } from '../../control/ports.js';
import { ADMIN, h100Job, harness, teamToken } from './test-support/harness.js';

const research = teamToken('research');

test('three launches timing out in one tick are one failed answer: the provider stays up, the work stays placed', async () => {
  const h = harness({ awsH100: 4, gcpH100: 4 });
  await h.cp.tick();
  const ids: string[] = [];
  for (const name of ['a', 'b', 'c']) ids.push((await h.cp.submit(research, { spec: h100Job(name) })).workload.id);
  for (const id of ids) assert.equal((await h.store.getWorkload(id))?.placement?.provider, 'aws');
  const launch = h.aws.launch.bind(h.aws);
  let timeouts = 0;
  h.aws.launch = async () => {
    timeouts++;
    throw new ProviderError('provider.unreachable', 'timed out', true);
  };
  h.clock.advance(5_000);
  await h.cp.tick();
  assert.equal(timeouts, 3);
  const aws = (await h.cp.fleet(ADMIN)).providers.find((p) => p.name === 'aws');
  assert.equal(aws?.up, true, JSON.stringify(aws));
  for (const id of ids) assert.equal((await h.store.getWorkload(id))?.state, 'placed');
  // The provider answers again: each workload is launched once, with its own token.
  h.aws.launch = launch;
  h.clock.advance(5_000);
  await h.cp.tick();
  for (const id of ids) assert.notEqual((await h.store.getWorkload(id))?.state, 'placed');
  assert.equal(h.aws.created.length, 3);
  assert.equal(h.gcp.created.length, 0);
});
