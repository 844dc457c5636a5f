import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from '../engine/problem.js';
import { RoomMemo } from './room.js';
import type { Candidate } from './world.js';

// Pool 0 draws on groups 0 and 1, pool 1 on group 2; only `groups` matters here.
const pools = [{ groups: [0, 1] }, { groups: [2] }] as unknown as Pool[];
const list: Candidate[] = [{ pool: 0, gpus: 8, rel: 1 }];
const other: Candidate[] = [{ pool: 1, gpus: 8, rel: 1 }];

test('a list marked full stays known full until one of its groups is freed or capacity may grow anywhere', () => {
  const m = new RoomMemo(pools, 3);
  assert.equal(m.knownFull(list), false); // never marked
  m.markFull(list);
  m.markFull(other);
  assert.equal(m.knownFull(list), true);
  m.groupFreed(2); // another list's group: nothing changes for `list`
  assert.equal(m.knownFull(list), true);
  assert.equal(m.knownFull(other), false);
  m.groupFreed(1);
  assert.equal(m.knownFull(list), false);
  m.markFull(list);
  assert.equal(m.knownFull(list), true);
  m.anyFreed(); // a bucket boundary or an outage end
  assert.equal(m.knownFull(list), false);
});
