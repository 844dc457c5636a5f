/** The ledger routes over a memory store of usage records and examples/startup.yaml as the fleet: the view and the
 * FOCUS export (JSON and text/csv), a team token's own charges only, RFC 9457 problems for a bad period, 503 without
 * a ledger, and the routes in /openapi.json. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ledgerService } from '../app/ledger-service.js';
import { loadScenario } from '../app/load-scenario.js';
import { repoFiles } from '../app/test-support/files.js';
import type { UsageRecord } from '../control/records.js';
import type { Cents } from '../core/money.js';
import { checkFocus } from '../ledger/focus/index.js';
import { MemoryStore } from '../store/memory-store.js';
import { createServerApp } from './app.js';
import { ledgerViewSchema, focusResponseSchema } from './ledger-schemas.js';
import { createLogger } from './logger.js';
import { fakeControl, memoryAccounts } from './test-support/fake-control.js';
import { issueToken } from './tokens.js';

const NOW = Date.UTC(2026, 11, 20, 12);
const HOUR = 3_600_000;
const fleet = loadScenario(repoFiles(), 'examples/startup.yaml');

const rec = (id: string, team: string, hours: number, pricing: UsageRecord['pricing'] = 'on-demand'): UsageRecord => ({
  id,
  workloadId: `w-${id}`,
  team,
  provider: 'lambda',
  region: 'us-east-1',
  instanceType: 'gpu_8x_h100_sxm5',
  gpu: 'H100',
  gpus: 8,
  instances: 1,
  pricing,
  pricePerInstanceHourCents: 3192 as Cents,
  start: NOW - 48 * HOUR,
  end: NOW - 48 * HOUR + hours * HOUR,
});

async function server(withLedger = true) {
  const store = new MemoryStore();
  await store.migrate();
  await store.putUsage(rec('a', 'research', 2));
  await store.putUsage(rec('b', 'vision', 1));
  const accounts = memoryAccounts();
  const clock = { now: () => NOW };
  const app = createServerApp({
    api: fakeControl(() => NOW),
    accounts,
    clock,
    logger: createLogger({ write: () => {} }),
    ...(withLedger ? { ledger: ledgerService({ store, fleet, clock }) } : {}),
  });
  const admin = (await issueToken(accounts, { team: null, admin: true }, NOW)).secret;
  const research = (await issueToken(accounts, { team: 'research', admin: false }, NOW)).secret;
  const get = (path: string, token: string) =>
    Promise.resolve(app.app.request(path, { headers: { authorization: `Bearer ${token}` } }));
  return { get, admin, research };
}

test('GET /v1/ledger: the fleet for the admin, its own charges for a team; the FOCUS export adds up', async () => {
  const s = await server();
  const r = await s.get('/v1/ledger?from=2026-12-01&to=2027-01-01', s.admin);
  assert.equal(r.status, 200);
  const all = ledgerViewSchema.parse(await r.json());
  assert.equal(all.usageCents, 3 * 3192);
  assert.equal(all.reconciles, true);
  // The admin's bill holds the fleet's December: the Nebius block and the commitments' forecast shortfall too.
  assert.equal(all.billedCents, all.usageCents + all.reservedCents + all.shortfallCents);
  const mine = ledgerViewSchema.parse(
    await (await s.get('/v1/ledger?from=2026-12-01&to=2027-01-01', s.research)).json(),
  );
  assert.equal(mine.billedCents, 2 * 3192);
  assert.equal(mine.billedUsd, '63.84');
  assert.equal(mine.source.team, 'research');
  assert.deepEqual(
    mine.teams.map((t) => t.team),
    ['research'],
  );
  const focus = focusResponseSchema.parse(
    await (await s.get('/v1/ledger/focus?from=2026-12-01&to=2027-01-01', s.admin)).json(),
  );
  assert.deepEqual(checkFocus(focus), []);
  const csv = await s.get('/v1/ledger/focus/cost_and_usage.csv?from=2026-12-01&to=2027-01-01', s.research);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  const text = await csv.text();
  assert.ok(text.startsWith('BilledCost,'));
  assert.ok(!text.includes('vision'), 'a team sees no other team');
  const cc = await s.get('/v1/ledger/focus/contract_commitment.csv', s.admin);
  assert.equal(cc.status, 200);
  assert.match((await cc.text()).split('\r\n')[0] ?? '', /(^|,)ContractCommitmentId(,|$)/);
});

test('a bad period is an RFC 9457 problem (400); a server with no ledger answers 503', async () => {
  const s = await server();
  for (const q of [
    'from=yesterday',
    'to=2026-13-45',
    'from=2026-12-05&to=2026-12-01',
    'month=12',
    'from=2026-01-01&to=2070-01-01',
  ]) {
    const r = await s.get(`/v1/ledger?${q}`, s.admin);
    assert.equal(r.status, 400, q);
    assert.equal(r.headers.get('content-type'), 'application/problem+json', q);
    assert.equal(((await r.json()) as { type: string }).type, 'api.invalid-parameter', q);
  }
  const none = await server(false);
  const r = await none.get('/v1/ledger', none.admin);
  assert.equal(r.status, 503);
  assert.equal(((await r.json()) as { type: string }).type, 'api.ledger-unavailable');
  const doc = (await (await none.get('/openapi.json', none.admin)).json()) as { paths: Record<string, unknown> };
  for (const p of [
    '/v1/ledger',
    '/v1/ledger/focus',
    '/v1/ledger/focus/cost_and_usage.csv',
    '/v1/ledger/focus/contract_commitment.csv',
  ])
    assert.ok(p in doc.paths, p);
});
