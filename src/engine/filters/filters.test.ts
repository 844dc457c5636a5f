/** Every filter with a fast `rejects` answers exactly as its `check` does, on every (workload, pool) pair of a
 * portfolio with varied tiers, providers, regions and geographies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PROFILE } from '../profile.js';
import { buildSupply } from '../pools.js';
import { makeBuckets } from '../buckets.js';
import type { FilterContext } from './filter.js';
import { batch, inference, offering, provider, snapshot, T0, training, DAY } from '../test-support/build.js';

test('rejects agrees with check for every filter that has it', () => {
  const snap = snapshot({
    catalog: { offerings: [
      offering('aws', 'us-east-1', 'H100', 4, 2), offering('aws', 'eu-west-1', 'H100', 4.5, 2.2),
      offering('gcp', 'us-central1', 'A100', 3), offering('gcp', 'asia-east1', 'H100', 3.5, 1.5),
    ] },
    providers: [provider('aws', { spotPreemptionsPerHour: 0.01 }), provider('gcp', { spotPreemptionsPerHour: 0.02 })],
  });
  const buckets = makeBuckets(T0, T0 + 90 * DAY, 24 * 30, []);
  const { pools } = buildSupply(snap, buckets);
  const workloads = [
    training('t', { gpus: ['H100'], providers: ['aws'] }),
    training('t2', { gpus: ['A100', 'H100'], regions: ['us-central1'] }),
    batch('b', { tiers: ['spot'] }),
    inference('i', { gpus: ['H100'] }),
  ];
  let checked = 0;
  for (const w of workloads) {
    for (const pool of pools) {
      for (const geo of [undefined, 'us', 'eu', 'asia']) {
        const ctx: FilterContext = {
          workload: w, pool, provider: snap.providers.find((p) => p.id === pool.provider)!, contracts: [], policy: snap.policy,
          throughput: 1, gpus: 8, start: T0, end: T0 + DAY, minCapacity: 1000, first: 0, last: 0, durationHours: 24, geo,
        };
        for (const f of DEFAULT_PROFILE.filters) {
          if (!f.rejects) continue;
          assert.equal(f.rejects(ctx), f.check(ctx) !== undefined, `${f.name} on ${w.id} × ${pool.id} × ${geo}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} pairs`);
});
