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
