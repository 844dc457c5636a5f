import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../store/memory-store.js';
import { cachingTokens } from './token-cache.js';
import { hashToken, issueToken } from './tokens.js';

test('a verified token is answered from the cache until its TTL; a miss is never cached', async () => {
  const store = new MemoryStore();
  let reads = 0;
  const counted = {
    ...store,
    findTokenByHash: (h: string) => {
      reads++;
      return store.findTokenByHash(h);
    },
    putToken: store.putToken.bind(store),
    revokeToken: store.revokeToken.bind(store),
    listTokens: store.listTokens.bind(store),
    putTeam: store.putTeam.bind(store),
    getTeam: store.getTeam.bind(store),
    listTeams: store.listTeams.bind(store),
  };
  let t = 1_000;
  const accounts = cachingTokens(counted, () => t, 5_000);
  const unknown = hashToken('sft_unknown');
  assert.equal(await accounts.findTokenByHash(unknown), undefined);
  assert.equal(await accounts.findTokenByHash(unknown), undefined);
  assert.equal(reads, 2, 'misses ask the store each time');
  const { record, secret } = await issueToken(accounts, { team: 'research', admin: false }, t);
  assert.deepEqual(await accounts.findTokenByHash(hashToken(secret)), record);
  assert.deepEqual(await accounts.findTokenByHash(hashToken(secret)), record);
  assert.equal(reads, 3, 'the second lookup of a found token is a hit');
  t += 5_001;
  await accounts.findTokenByHash(hashToken(secret));
  assert.equal(reads, 4, 'expired: asked again');
});

test('writing a token through the accounts empties the cache: a changed token is seen at once', async () => {
  const store = new MemoryStore();
  const accounts = cachingTokens(store, () => 0, 60_000);
  const { record, secret } = await issueToken(accounts, { team: 'research', admin: false }, 0);
  assert.equal((await accounts.findTokenByHash(record.hash))?.team, 'research');
  // The same token id moved to another hash (rotated): the old hash no longer answers.
  await accounts.putToken({ ...record, hash: hashToken(`${secret}x`) });
  assert.equal(await accounts.findTokenByHash(record.hash), undefined);
  assert.equal((await accounts.findTokenByHash(hashToken(`${secret}x`)))?.id, record.id);
});

test('revoking a token through the accounts drops it from the cache at once; another process is seen within the TTL', async () => {
  const store = new MemoryStore();
  let t = 0;
  const accounts = cachingTokens(store, () => t, 5_000);
  const a = await issueToken(accounts, { team: 'research', admin: false }, 0);
  const b = await issueToken(accounts, { team: 'research', admin: false }, 0);
  assert.equal((await accounts.findTokenByHash(a.record.hash))?.revokedAt, undefined, 'cached, valid');
  assert.equal((await accounts.findTokenByHash(b.record.hash))?.revokedAt, undefined, 'cached, valid');
  assert.equal((await accounts.revokeToken(a.record.id, 7, 'research'))?.revokedAt, 7);
  assert.equal((await accounts.findTokenByHash(a.record.hash))?.revokedAt, 7, 'this process: at once');
  assert.equal((await accounts.findTokenByHash(b.record.hash))?.revokedAt, undefined, 'b cached again');
  // Another process revokes b in the shared store: this cache trusts its entry until the TTL runs out, no longer.
  await store.revokeToken(b.record.id, 8);
  assert.equal((await accounts.findTokenByHash(b.record.hash))?.revokedAt, undefined, 'still cached');
  t += 5_001;
  assert.equal((await accounts.findTokenByHash(b.record.hash))?.revokedAt, 8, 'seen after the TTL');
});
