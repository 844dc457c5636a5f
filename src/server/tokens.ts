/**
 * API tokens: a random secret (`sft_` + 32 random bytes, base64url) handed out once; the store keeps only its
 * sha256. A request's token is hashed, looked up by hash, and the stored hash is compared in constant time; a revoked
 * token (`revokedAt` set) is refused like an unknown one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../control/ports.js';
import type { TokenRecord } from '../control/records.js';
import type { Principal } from '../app/control/api.js';
import { ApiProblem } from './problem.js';

/** What the server needs of the store for tokens and teams. */
export type AccountStore = Pick<
  Store,
  'putToken' | 'findTokenByHash' | 'revokeToken' | 'listTokens' | 'putTeam' | 'getTeam' | 'listTeams'
>;

const TOKEN = /^sft_[A-Za-z0-9_-]{43}$/;

export const hashToken = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export function newTokenSecret(): string {
  return `sft_${randomBytes(32).toString('base64url')}`;
}

export function newTokenId(): string {
  return `tok_${randomBytes(9).toString('base64url')}`;
}

/** Creates a token for a team or the admin: the record (hash only) is stored, the secret returned once. */
export async function issueToken(
  store: AccountStore,
  who: { readonly team: string | null; readonly admin: boolean },
  now: number,
): Promise<{ readonly record: TokenRecord; readonly secret: string }> {
  const secret = newTokenSecret();
  const record: TokenRecord = {
    id: newTokenId(),
    hash: hashToken(secret),
    team: who.team,
    admin: who.admin,
    createdAt: now,
  };
  await store.putToken(record);
  return { record, secret };
}

/** The principal of an `Authorization: Bearer <token>` header; a 401 problem when it is missing or unknown. */
export async function authenticate(store: AccountStore, header: string | undefined): Promise<Principal> {
  if (header === undefined || /^\s*(bearer)?\s*$/i.test(header))
    throw new ApiProblem(
      'auth.missing-token',
      401,
      'this route needs an API token: Authorization: Bearer <token>',
      {},
      {
        'WWW-Authenticate': 'Bearer realm="skyfleet"',
      },
    );
  const m = /^Bearer +(\S+) *$/i.exec(header);
  const invalid = (): ApiProblem =>
    new ApiProblem(
      'auth.invalid-token',
      401,
      'the API token is not valid',
      {},
      {
        'WWW-Authenticate': 'Bearer realm="skyfleet", error="invalid_token"',
      },
    );
  if (!m?.[1] || !TOKEN.test(m[1])) throw invalid();
  const hash = hashToken(m[1]);
  const found = await store.findTokenByHash(hash);
  if (!found || !sameHash(found.hash, hash) || found.revokedAt !== undefined) throw invalid();
  return { tokenId: found.id, team: found.team, admin: found.admin };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
