/**
 * A StoreHarness over PostgreSQL: each harness gets a schema of its own (`skyfleet_t_<pid>_<n>_<random>`), dropped
 * by dispose, so parallel test runs never share tables. The server is SKYFLEET_TEST_PG_URL, by default
 * postgres://postgres@127.0.0.1:5432/test (trust auth on these machines). A server that does not answer FAILS the
 * tests with a message saying how to start it: CI must run them, never skip them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../../control/ports.js';
import { openStore } from '../open-store.js';
import { StoreError } from '../store-error.js';
import type { StoreHarness } from './store-contract.js';

export const PG_TEST_URL = process.env.SKYFLEET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let made = 0;

const HOW_TO_START =
  'The PostgreSQL store tests need it: start it (.ci/run does: pg_ctlcluster --skip-systemctl-redirect ' +
  '$(ls /etc/postgresql) main start) or set SKYFLEET_TEST_PG_URL to a server where this user may create schemas.';

/** Opens `url`, turning "cannot reach PostgreSQL" into an error that says what to do. */
async function openPg(url: string): Promise<Store> {
  try {
    return await openStore(url, { dir: '.' });
  } catch (e) {
    if (e instanceof StoreError && e.code === 'store.unreachable')
      throw new Error(`PostgreSQL is not reachable at ${PG_TEST_URL} (${String(e.params.reason)}). ${HOW_TO_START}`);
    throw e;
  }
}

export function freshSchemaName(): string {
  made++;
  return `skyfleet_t_${process.pid}_${made}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on the test server (outside any store). */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_TEST_URL });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${PG_TEST_URL} (${(e as Error).message}). ${HOW_TO_START}`);
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export const createSchema = (schema: string): Promise<void> => admin(`create schema ${schema}`);
/** Drops a test schema and everything in it. */
export const dropSchema = (schema: string): Promise<void> => admin(`drop schema if exists ${schema} cascade`);

export async function postgresHarness(): Promise<StoreHarness & { readonly schema: string; readonly url: string }> {
  const schema = freshSchemaName();
  const url = `${PG_TEST_URL}${PG_TEST_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const handles: Store[] = [];
  const open = async (): Promise<Store> => {
    const s = await openPg(url);
    handles.push(s);
    await s.migrate();
    return s;
  };
  const store = await open();
  return {
    schema,
    url,
    store,
    another: open,
    dispose: async () => {
      for (const h of handles) await h.close();
      await dropSchema(schema);
    },
  };
}
