/**
 * The admin token of a `serve`: on first start a new one is written to its file (mode 0600, the folder 0700) and
 * its hash stored; on later starts the file's token is read and its hash stored again if the store lacks it (a new
 * database beside an old file). A file whose token was revoked is replaced by a new token (`created`), so a revoked
 * admin token never locks the admin out. The file is the only copy of the secret.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TokenRecord } from '../control/records.js';
import { type AccountStore, hashToken, newTokenId, newTokenSecret } from './tokens.js';

export async function ensureAdminToken(
  store: AccountStore,
  file: string,
  now: number,
): Promise<{ readonly file: string; readonly created: boolean }> {
  let secret: string | undefined;
  if (existsSync(file)) secret = readFileSync(file, 'utf8').trim() || undefined;
  if (secret !== undefined && (await store.findTokenByHash(hashToken(secret)))?.revokedAt !== undefined)
    secret = undefined;
  const created = secret === undefined;
  if (secret === undefined) {
    secret = newTokenSecret();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // an existing empty file keeps its mode otherwise
  }
  const hash = hashToken(secret);
  if (!(await store.findTokenByHash(hash))) {
    const record: TokenRecord = { id: newTokenId(), hash, team: null, admin: true, createdAt: now };
    await store.putToken(record);
  }
  return { file, created };
}
