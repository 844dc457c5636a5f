/**
 * Verified tokens kept for a short while, by hash: a request's token is then checked without a store read. Only tokens
 * found are kept (a new token works at once); a token written or revoked through these accounts (`putToken`,
 * `revokeToken`) empties the cache, so this process refuses a revoked token at once, and an entry lives at most
 * `ttlMs`, so a token changed or revoked by another process sharing the store is seen within that.
 */
import type { TokenRecord } from '../control/records.js';
import type { AccountStore } from './tokens.js';

/** How long a verified token is trusted without asking the store again. */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Entries kept at most (the oldest go first). */
export const TOKEN_CACHE_SIZE = 10_000;

export function cachingTokens(
  store: AccountStore,
  now: () => number = Date.now,
  ttlMs = TOKEN_CACHE_TTL_MS,
): AccountStore {
  const cache = new Map<string, { readonly token: TokenRecord; readonly until: number }>();
  return {
    findTokenByHash: async (hash) => {
      const hit = cache.get(hash);
      const t = now();
      if (hit && hit.until > t) return hit.token;
      const found = await store.findTokenByHash(hash);
      if (found) {
        if (cache.size >= TOKEN_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
        cache.set(hash, { token: found, until: t + ttlMs });
      } else cache.delete(hash);
      return found;
    },
    putToken: async (tok) => {
      cache.clear();
      try {
        await store.putToken(tok);
      } finally {
        cache.clear();
      }
    },
    revokeToken: async (id, at, team) => {
      // Emptied before and after: a lookup racing the write cannot keep the token as it was before it.
      cache.clear();
      try {
        return await store.revokeToken(id, at, team);
      } finally {
        cache.clear();
      }
    },
    listTokens: (q) => store.listTokens(q),
    putTeam: (team) => store.putTeam(team),
    getTeam: (name) => store.getTeam(name),
    listTeams: () => store.listTeams(),
  };
}
