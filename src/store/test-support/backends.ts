/** Raw SQL backends over fresh storage, for the tests below the Store port (migrations, durability). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlBackend } from '../backend.js';
import { openPostgresBackend } from '../postgres-backend.js';
import type { Dialect } from '../schema.js';
import { openSqliteBackend } from '../sqlite-backend.js';
import { createSchema, dropSchema, freshSchemaName, PG_TEST_URL } from './postgres-harness.js';

export interface BackendHarness {
  /** A new connection (SQLite) or pool (PostgreSQL) on this harness's storage; dispose closes it. */
  open(): SqlBackend;
  dispose(): Promise<void>;
}

export async function backendHarness(dialect: Dialect): Promise<BackendHarness> {
  const opened: SqlBackend[] = [];
  const track = (b: SqlBackend): SqlBackend => {
    opened.push(b);
    return b;
  };
  const closeAll = async (): Promise<void> => {
    for (const b of opened.splice(0)) await b.close();
  };
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'skyfleet-store-'));
    return {
      open: () => track(openSqliteBackend(join(dir, 'test.db'))),
      dispose: async () => {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = freshSchemaName();
  await createSchema(schema);
  return {
    open: () => track(openPostgresBackend({ connectionString: PG_TEST_URL, schema })),
    dispose: async () => {
      await closeAll();
      await dropSchema(schema);
    },
  };
}
