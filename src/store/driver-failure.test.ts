/** Driver errors of each kind → the store code (driver-failure.ts); anything else passes through unchanged. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asStoreFailure } from '../control/store-failure.js';
import { driverFailure, redactUrls } from './driver-failure.js';
import { StoreError } from './store-error.js';

const URL_SHOWN = 'postgres://postgres:***@127.0.0.1:5432/test';

/** An error as the driver makes it: a message and a `code`. */
function driverError(message: string, code?: string): Error {
  const e = new Error(message);
  if (code !== undefined) Object.assign(e, { code });
  return e;
}

const CASES: readonly (readonly [string, Error, string])[] = [
  ['pg: refused', driverError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'store.unreachable'],
  ['pg: reset', driverError('read ECONNRESET', 'ECONNRESET'), 'store.unreachable'],
  ['pg: timed out', driverError('connect ETIMEDOUT 10.0.0.7:5432', 'ETIMEDOUT'), 'store.unreachable'],
  ['pg: broken pipe', driverError('write EPIPE', 'EPIPE'), 'store.unreachable'],
  ['pg: socket ended', driverError('Connection terminated unexpectedly'), 'store.unreachable'],
  ['pg: connect timeout', driverError('Connection terminated due to connection timeout'), 'store.unreachable'],
  ['pg: 08006', driverError('connection failure', '08006'), 'store.unreachable'],
  ['pg: 08001', driverError('could not connect', '08001'), 'store.unreachable'],
  ['pg: 57P01', driverError('terminating connection due to administrator command', '57P01'), 'store.unreachable'],
  [
    'pg: 57P02',
    driverError('terminating connection because of crash of another server process', '57P02'),
    'store.unreachable',
  ],
  ['pg: 57P03', driverError('the database system is starting up', '57P03'), 'store.unreachable'],
  ['pg: 53300', driverError('sorry, too many clients already', '53300'), 'store.unreachable'],
  ['pg: 53200', driverError('out of memory', '53200'), 'store.unreachable'],
  ['pg: 53100', driverError('could not extend file: No space left on device', '53100'), 'store.disk-full'],
  ['sqlite: busy', driverError('database is locked', 'SQLITE_BUSY'), 'store.busy'],
  ['sqlite: busy snapshot', driverError('database is locked', 'SQLITE_BUSY_SNAPSHOT'), 'store.busy'],
  ['sqlite: full', driverError('database or disk is full', 'SQLITE_FULL'), 'store.disk-full'],
  ['sqlite: ioerr', driverError('disk I/O error', 'SQLITE_IOERR'), 'store.io-error'],
  ['sqlite: ioerr write', driverError('disk I/O error', 'SQLITE_IOERR_WRITE'), 'store.io-error'],
  ['sqlite: ioerr fsync', driverError('disk I/O error', 'SQLITE_IOERR_FSYNC'), 'store.io-error'],
];

test('each connection or resource failure of a driver becomes its store code, with the url and the reason', () => {
  for (const [what, e, code] of CASES) {
    const out = driverFailure(e, URL_SHOWN);
    assert.ok(out instanceof StoreError, what);
    assert.equal(out.code, code, what);
    assert.equal(out.params.url, URL_SHOWN, what);
    assert.ok(String(out.params.reason).includes(e.message), what);
    const driverCode = (e as { code?: string }).code;
    if (driverCode !== undefined) assert.ok(String(out.params.reason).includes(driverCode), what);
    assert.equal(asStoreFailure(out), out, `${what}: the server recognises it through the port`);
  }
});

test('errors that are not failures of the database pass through as they are', () => {
  const others = [
    driverError('duplicate key value violates unique constraint', '23505'),
    driverError('UNIQUE constraint failed: workloads.id', 'SQLITE_CONSTRAINT_UNIQUE'),
    driverError('syntax error at or near "selec"', '42601'),
    driverError('relation "workloads" does not exist', '42P01'),
    driverError('near "selec": syntax error', 'SQLITE_ERROR'),
    driverError('password authentication failed for user "postgres"', '28P01'),
    new TypeError("Cannot read properties of undefined (reading 'id')"),
    new StoreError('store.duplicate', { kind: 'workload', id: 'w-1' }),
    'a string',
    undefined,
  ];
  for (const e of others) assert.equal(driverFailure(e, URL_SHOWN), e, String(e));
});

test('a password in a URL of the reason or the location is never kept', () => {
  const e = driverError('cannot reach postgres://admin:hunter2@db:5432/x', 'ECONNREFUSED');
  const out = driverFailure(e, 'postgresql://admin:s3cr%40t@db/x') as StoreError;
  assert.equal(out.params.url, 'postgresql://admin:***@db/x');
  assert.equal(out.params.reason, 'cannot reach postgres://admin:***@db:5432/x (ECONNREFUSED)');
  assert.ok(!out.message.includes('hunter2') && !out.message.includes('s3cr'), out.message);
  assert.equal(redactUrls('postgres://db:5432/x and sqlite:/srv/a.db'), 'postgres://db:5432/x and sqlite:/srv/a.db');
});
