/**
 * The Store port's one contract suite (src/control/ports.ts): every adapter — memory, SQLite, PostgreSQL — runs it
 * through a harness that opens a fresh, migrated store over empty storage, and can open a second handle on the same
 * storage (a second connection, as a restarted or a second server would). Every method and every documented rule
 * is here: idempotent creation per (team, key), optimistic concurrency, one event per applied change with
 * increasing seq, keyset pagination, the JSON round trip of specs, placements and causes, the spec size limit,
 * token revocation, usage upserts and windows, meta values, migrations that re-run as no-ops, and concurrent writers
 * on two handles.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewWorkload, Store, WorkloadChange } from '../../control/ports.js';
import type {
  Cause,
  Placement,
  TeamRecord,
  TokenRecord,
  UsageRecord,
  WorkloadRecord,
  WorkloadSpec,
} from '../../control/records.js';
import type { Cents } from '../../core/money.js';
import { MAX_SPEC_BYTES } from '../limits.js';
import { StoreError } from '../store-error.js';

export interface StoreHarness {
  /** A migrated store over this harness's storage (empty when the harness was made). */
  readonly store: Store;
  /** Another handle on the same storage (a second connection), migrated; closed by dispose if still open. */
  another(): Promise<Store>;
  /** Closes every handle still open and frees the storage (removes the file, drops the schema). */
  dispose(): Promise<void>;
}

const cents = (n: number): Cents => n as Cents;
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const submitted: Cause = { code: 'probe.submitted', source: 'api', params: { by: 'tok-1' } };

function spec(name: string, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { name, workload: { kind: 'training', gpus: 'H100', count: 8, hours: 100 }, run: 'python train.py', ...extra };
}

function newWorkload(id: string, over: Partial<NewWorkload> = {}): NewWorkload {
  return { id, team: 'research', spec: spec(id), idempotencyKey: null, at: T0, cause: submitted, ...over };
}

const placement: Placement = {
  provider: 'aws',
  region: 'us-east-1',
  instanceType: 'p5.48xlarge',
  gpu: 'H100',
  gpusPerInstance: 8,
  instances: 2,
  spot: false,
  pricePerInstanceHourCents: cents(9832),
  launchId: 'launch-7',
};

function change(w: WorkloadRecord, over: Partial<WorkloadChange> = {}): WorkloadChange {
  return {
    id: w.id,
    expectedVersion: w.version,
    state: 'admitted',
    at: w.updatedAt + 1000,
    cause: { code: 'probe.admitted', source: 'admission' },
    ...over,
  };
}

function usage(id: string, over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    id,
    workloadId: 'w-1',
    team: 'research',
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    gpus: 16,
    instances: 2,
    pricing: 'on-demand',
    pricePerInstanceHourCents: cents(9832),
    start: T0,
    end: null,
    ...over,
  };
}

/** Strings that break naive encoders: astral emoji, CJK, right-to-left, combining marks, quotes, NUL, controls. */
const AWKWARD = [
  'résumé ü ß',
  '训练任务 · 推理服务',
  'עברית العربية',
  '🚀🧪 👩🏽‍🔬 family: 👨‍👩‍👧',
  'e\u0301 (combining) and \u00e9 (precomposed)',
  `quotes ' " \` backslash \\ slash /`,
  'nul:\u0000 tab:\t newline:\n cr:\r bell:\u0007',
  '\u2028\u2029 line separators',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral',
];

function rejectsWith(code: string): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof StoreError, `expected a StoreError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  };
}

/** Runs the whole suite; `open` makes a harness over fresh storage for each test. */
export function storeContract(adapter: string, open: () => Promise<StoreHarness>): void {
  /** Each test gets its own storage, disposed of even when the test fails. */
  const withStore = (name: string, body: (h: StoreHarness) => Promise<void>): void => {
    test(name, async () => {
      const h = await open();
      try {
        await body(h);
      } finally {
        await h.dispose();
      }
    });
  };

  describe(`Store contract: ${adapter}`, () => {
    describe('createWorkload and getWorkload', () => {
      withStore(
        'a new workload is submitted, version 1, with nothing placed, and its first event',
        async ({ store }) => {
          const { workload, created } = await store.createWorkload(newWorkload('w-1', { idempotencyKey: 'k-1' }));
          assert.equal(created, true);
          const expected: WorkloadRecord = {
            id: 'w-1',
            team: 'research',
            spec: spec('w-1'),
            state: 'submitted',
            version: 1,
            placement: null,
            checkpoint: null,
            attempt: 0,
            waitingFor: null,
            idempotencyKey: 'k-1',
            createdAt: T0,
            updatedAt: T0,
          };
          assert.deepEqual(workload, expected);
          assert.deepEqual(await store.getWorkload('w-1'), expected);
          const events = await store.listEvents('w-1');
          assert.equal(events.length, 1);
          assert.deepEqual(
            { ...events[0], seq: 0 },
            { seq: 0, workloadId: 'w-1', at: T0, from: null, to: 'submitted', cause: submitted },
          );
          assert.ok(Number.isInteger(events[0]?.seq) && (events[0]?.seq ?? 0) > 0);
        },
      );

      withStore('an unknown id is undefined, and its events are none', async ({ store }) => {
        assert.equal(await store.getWorkload('nope'), undefined);
        assert.deepEqual(await store.listEvents('nope'), []);
      });

      withStore('what a caller holds does not alias what is stored', async ({ store }) => {
        const { workload } = await store.createWorkload(newWorkload('w-1'));
        (workload.spec as { name: string }).name = 'changed by the caller';
        (workload as { state: string }).state = 'running';
        assert.equal((await store.getWorkload('w-1'))?.spec.name, 'w-1');
        assert.equal((await store.getWorkload('w-1'))?.state, 'submitted');
      });

      withStore(
        'the same id twice without a matching key is refused (store.duplicate), nothing changes',
        async ({ store }) => {
          await store.createWorkload(newWorkload('w-1'));
          await assert.rejects(
            store.createWorkload(newWorkload('w-1', { team: 'infra', spec: spec('other'), at: T0 + 5 })),
            rejectsWith('store.duplicate'),
          );
          const w = await store.getWorkload('w-1');
          assert.equal(w?.team, 'research');
          assert.equal(w?.spec.name, 'w-1');
          assert.equal((await store.listEvents('w-1')).length, 1);
        },
      );
    });

    describe('idempotent creation per (team, idempotency key)', () => {
      withStore(
        'the same key from the same team answers the first workload, created false, and changes nothing',
        async ({ store }) => {
          const first = await store.createWorkload(newWorkload('w-1', { idempotencyKey: 'key' }));
          const again = await store.createWorkload(
            newWorkload('w-2', { idempotencyKey: 'key', spec: spec('different'), at: T0 + 99 }),
          );
          assert.equal(again.created, false);
          assert.deepEqual(again.workload, first.workload);
          assert.equal(await store.getWorkload('w-2'), undefined);
          assert.equal((await store.listEvents('w-1')).length, 1);
          assert.deepEqual(await store.listEvents('w-2'), []);
          assert.equal((await store.listWorkloads({})).length, 1);
        },
      );

      withStore('the key answers the workload as it is now, after it moved on', async ({ store }) => {
        const first = await store.createWorkload(newWorkload('w-1', { idempotencyKey: 'key' }));
        await store.applyChanges([change(first.workload)]);
        const again = await store.createWorkload(newWorkload('w-2', { idempotencyKey: 'key' }));
        assert.equal(again.created, false);
        assert.equal(again.workload.state, 'admitted');
        assert.equal(again.workload.version, 2);
      });

      withStore('the same key from another team is another workload', async ({ store }) => {
        await store.createWorkload(newWorkload('w-1', { idempotencyKey: 'key' }));
        const other = await store.createWorkload(newWorkload('w-2', { idempotencyKey: 'key', team: 'infra' }));
        assert.equal(other.created, true);
        assert.equal(other.workload.id, 'w-2');
        assert.equal(other.workload.team, 'infra');
      });

      withStore('no key: every creation is a new workload', async ({ store }) => {
        for (const id of ['w-1', 'w-2', 'w-3'])
          assert.equal((await store.createWorkload(newWorkload(id))).created, true);
        assert.deepEqual(
          (await store.listWorkloads({})).map((w) => w.id),
          ['w-1', 'w-2', 'w-3'],
        );
      });

      withStore('the same key submitted at once on two handles creates exactly one workload', async (h) => {
        const second = await h.another();
        const attempts = Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? h.store : second).createWorkload(newWorkload(`w-${i}`, { idempotencyKey: 'race' })),
        );
        const results = await Promise.all(attempts);
        assert.equal(results.filter((r) => r.created).length, 1);
        const winner = results.find((r) => r.created)?.workload.id;
        for (const r of results) assert.equal(r.workload.id, winner);
        assert.equal((await h.store.listWorkloads({})).length, 1);
        assert.equal((await second.listEvents(winner ?? '')).length, 1);
      });
    });

    describe('createWorkloads: a batch of submissions in one transaction', () => {
      withStore('creates each in order, each with its first event, and answers them in order', async ({ store }) => {
        const res = await store.createWorkloads([newWorkload('b'), newWorkload('a', { at: T0 + 1 }), newWorkload('c')]);
        assert.deepEqual(
          res.map((r) => [r.workload.id, r.created, r.workload.state, r.workload.version]),
          [
            ['b', true, 'submitted', 1],
            ['a', true, 'submitted', 1],
            ['c', true, 'submitted', 1],
          ],
        );
        for (const r of res) {
          assert.deepEqual(await store.getWorkload(r.workload.id), r.workload);
          const events = await store.listEvents(r.workload.id);
          assert.deepEqual(
            events.map((e) => [e.from, e.to]),
            [[null, 'submitted']],
          );
        }
        assert.deepEqual(await store.createWorkloads([]), []);
      });

      withStore(
        'a key given twice in one batch makes one workload; the second answers it, created false',
        async (h) => {
          const res = await h.store.createWorkloads([
            newWorkload('w-1', { idempotencyKey: 'k' }),
            newWorkload('w-2', { idempotencyKey: 'k', spec: spec('other') }),
            newWorkload('w-3', { idempotencyKey: 'k', team: 'infra' }),
          ]);
          assert.deepEqual(
            res.map((r) => [r.workload.id, r.created]),
            [
              ['w-1', true],
              ['w-1', false],
              ['w-3', true],
            ],
          );
          assert.deepEqual(res[1]?.workload, res[0]?.workload);
          assert.equal(await h.store.getWorkload('w-2'), undefined);
          assert.deepEqual(await h.store.listEvents('w-2'), []);
          const again = await h.store.createWorkloads([newWorkload('w-4', { idempotencyKey: 'k' })]);
          assert.deepEqual(
            again.map((r) => [r.workload.id, r.created]),
            [['w-1', false]],
          );
        },
      );

      withStore(
        'steps given with a new workload are taken in the same transaction, one version and event each',
        async (h) => {
          const waiting = { code: 'control.no-capacity', source: 'evaluation', params: { candidates: 2 } };
          const steps = [
            {
              state: 'admitted' as const,
              waitingFor: null,
              at: T0 + 1,
              cause: { code: 'control.admitted', source: 'admission' },
            },
            {
              state: 'placed' as const,
              placement,
              at: T0 + 1,
              cause: { code: 'control.placed', source: 'evaluation' },
            },
          ];
          const [a, b, again] = await h.store.createWorkloads([
            { ...newWorkload('a', { idempotencyKey: 'k' }), steps },
            { ...newWorkload('b'), steps: [{ state: 'admitted', waitingFor: waiting, at: T0 + 2, cause: waiting }] },
            { ...newWorkload('c', { idempotencyKey: 'k' }), steps },
          ]);
          assert.equal(a?.workload.state, 'placed');
          assert.equal(a?.workload.version, 3);
          assert.deepEqual(a?.workload.placement, placement);
          assert.equal(a?.workload.updatedAt, T0 + 1);
          assert.deepEqual(await h.store.getWorkload('a'), a?.workload);
          assert.deepEqual(
            (await h.store.listEvents('a')).map((e) => [e.from, e.to, e.cause.code]),
            [
              [null, 'submitted', submitted.code],
              ['submitted', 'admitted', 'control.admitted'],
              ['admitted', 'placed', 'control.placed'],
            ],
          );
          assert.equal(b?.workload.state, 'admitted');
          assert.deepEqual(b?.workload.waitingFor, waiting);
          assert.equal(again?.created, false, 'a replayed key takes no step');
          assert.deepEqual(again?.workload, a?.workload);
          assert.equal(await h.store.getWorkload('c'), undefined);
          // The steps' record goes on under optimistic concurrency like any other.
          const moved = await h.store.applyChanges([change(a?.workload as WorkloadRecord, { state: 'provisioning' })]);
          assert.equal(moved.applied[0]?.version, 4);
          const second = await h.another();
          assert.equal((await second.getWorkload('a'))?.state, 'provisioning');
        },
      );

      withStore('one bad item fails the whole batch and stores nothing of it', async ({ store }) => {
        await store.createWorkload(newWorkload('taken'));
        await assert.rejects(
          store.createWorkloads([newWorkload('n-1'), newWorkload('taken'), newWorkload('n-2')]),
          rejectsWith('store.duplicate'),
        );
        await assert.rejects(
          store.createWorkloads([newWorkload('n-1'), newWorkload('n-1', { team: 'infra' })]),
          rejectsWith('store.duplicate'),
        );
        await assert.rejects(
          store.createWorkloads([newWorkload('n-1'), newWorkload('bad\u0000id')]),
          rejectsWith('store.bad-text'),
        );
        assert.deepEqual(
          (await store.listWorkloads({})).map((w) => w.id),
          ['taken'],
        );
        assert.deepEqual(await store.listEvents('n-1'), []);
      });

      withStore('concurrent batches on two handles with one key create exactly one workload', async (h) => {
        const second = await h.another();
        const batches = Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? h.store : second).createWorkloads([
            newWorkload(`w-${i}-a`, { idempotencyKey: 'race' }),
            newWorkload(`w-${i}-b`),
          ]),
        );
        const results = (await Promise.all(batches)).flat();
        const keyed = results.filter((r) => r.workload.idempotencyKey === 'race');
        assert.equal(keyed.filter((r) => r.created).length, 1);
        const winner = keyed.find((r) => r.created)?.workload.id;
        for (const r of keyed) assert.equal(r.workload.id, winner);
        assert.equal((await h.store.listWorkloads({})).length, 7);
      });
    });

    describe('applyChanges: optimistic concurrency', () => {
      withStore(
        'a change at the current version applies: state, version + 1, updatedAt, one event',
        async ({ store }) => {
          const { workload } = await store.createWorkload(newWorkload('w-1'));
          const placed = await store.applyChanges([
            change(workload, {
              state: 'placed',
              placement,
              attempt: 1,
              waitingFor: null,
              at: T0 + 5000,
              cause: { code: 'probe.placed', source: 'applier', params: { cost: 123 } },
            }),
          ]);
          assert.deepEqual(placed.conflicts, []);
          const expected: WorkloadRecord = {
            ...workload,
            state: 'placed',
            version: 2,
            placement,
            attempt: 1,
            updatedAt: T0 + 5000,
          };
          assert.deepEqual(placed.applied, [expected]);
          assert.deepEqual(await store.getWorkload('w-1'), expected);
          const events = await store.listEvents('w-1');
          assert.equal(events.length, 2);
          assert.deepEqual(
            { ...events[1], seq: 0 },
            {
              seq: 0,
              workloadId: 'w-1',
              at: T0 + 5000,
              from: 'submitted',
              to: 'placed',
              cause: { code: 'probe.placed', source: 'applier', params: { cost: 123 } },
            },
          );
        },
      );

      withStore('an omitted field is kept, null clears it', async ({ store }) => {
        const { workload } = await store.createWorkload(newWorkload('w-1'));
        const held = await store.applyChanges([
          change(workload, { state: 'held', waitingFor: { code: 'probe.quota', params: { gpu: 'H100' } } }),
        ]);
        const h1 = held.applied[0];
        assert.ok(h1);
        const placedOnce = await store.applyChanges([
          change(h1, { state: 'running', placement, checkpoint: { at: T0 + 7, workDone: 12.5 }, attempt: 2 }),
        ]);
        const r1 = placedOnce.applied[0];
        assert.ok(r1);
        assert.deepEqual(r1.waitingFor, { code: 'probe.quota', params: { gpu: 'H100' } }, 'omitted: kept');
        const kept = await store.applyChanges([change(r1, { state: 'running' })]);
        const k1 = kept.applied[0];
        assert.ok(k1);
        assert.deepEqual(k1.placement, placement);
        assert.deepEqual(k1.checkpoint, { at: T0 + 7, workDone: 12.5 });
        assert.equal(k1.attempt, 2);
        const cleared = await store.applyChanges([
          change(k1, { state: 'admitted', placement: null, checkpoint: null, waitingFor: null }),
        ]);
        const c1 = cleared.applied[0];
        assert.ok(c1);
        assert.equal(c1.placement, null);
        assert.equal(c1.checkpoint, null);
        assert.equal(c1.waitingFor, null);
        assert.equal(c1.attempt, 2);
        assert.equal(c1.version, 5);
        assert.deepEqual(await store.getWorkload('w-1'), c1);
      });

      withStore('a stale version or an unknown id is a conflict: nothing changes, no event', async ({ store }) => {
        const { workload } = await store.createWorkload(newWorkload('w-1'));
        await store.applyChanges([change(workload)]);
        const before = await store.getWorkload('w-1');
        const r = await store.applyChanges([
          change(workload, { state: 'cancelled' }),
          { ...change(workload), id: 'ghost' },
          change(workload, { expectedVersion: 7 }),
        ]);
        assert.deepEqual(r, { applied: [], conflicts: ['w-1', 'ghost', 'w-1'] });
        assert.deepEqual(await store.getWorkload('w-1'), before);
        assert.equal((await store.listEvents('w-1')).length, 2);
        assert.deepEqual(await store.listEvents('ghost'), []);
      });

      withStore('a batch applies what still matches and answers the others as conflicts', async ({ store }) => {
        const a = (await store.createWorkload(newWorkload('a'))).workload;
        const b = (await store.createWorkload(newWorkload('b'))).workload;
        const c = (await store.createWorkload(newWorkload('c'))).workload;
        await store.applyChanges([change(b)]); // b moves on: the batch below holds a stale b
        const r = await store.applyChanges([
          change(a, { state: 'placed' }),
          change(b, { state: 'placed' }),
          change(c, { state: 'cancelled' }),
        ]);
        assert.deepEqual(
          r.applied.map((w) => [w.id, w.state, w.version]),
          [
            ['a', 'placed', 2],
            ['c', 'cancelled', 2],
          ],
        );
        assert.deepEqual(r.conflicts, ['b']);
        assert.equal((await store.getWorkload('b'))?.state, 'admitted');
        assert.equal((await store.getWorkload('a'))?.state, 'placed');
        assert.equal((await store.getWorkload('c'))?.state, 'cancelled');
      });

      withStore(
        'changes of one id in one batch apply in order, each against the version the previous left',
        async ({ store }) => {
          const w = (await store.createWorkload(newWorkload('w-1'))).workload;
          const r = await store.applyChanges([
            change(w, { state: 'admitted' }),
            change(w, { state: 'held' }), // still expects version 1: a conflict
            change(w, { state: 'placed', expectedVersion: 2 }),
          ]);
          assert.deepEqual(
            r.applied.map((x) => [x.state, x.version]),
            [
              ['admitted', 2],
              ['placed', 3],
            ],
          );
          assert.deepEqual(r.conflicts, ['w-1']);
          assert.deepEqual(
            (await store.listEvents('w-1')).map((e) => [e.from, e.to]),
            [
              [null, 'submitted'],
              ['submitted', 'admitted'],
              ['admitted', 'placed'],
            ],
          );
        },
      );

      withStore(
        'a big batch (1,200 changes over 600 workloads, more than a statement takes) applies whole',
        async ({ store }) => {
          const ws: WorkloadRecord[] = [];
          for (let i = 0; i < 600; i++) ws.push((await store.createWorkload(newWorkload(`w-${i}`))).workload);
          const batch = [
            ...ws.map((w) => change(w, { state: 'admitted' })),
            ...ws.map((w) => change(w, { state: 'placed', expectedVersion: 2, placement })),
          ];
          const r = await store.applyChanges(batch);
          assert.equal(r.applied.length, 1200);
          assert.deepEqual(r.conflicts, []);
          const all = await store.listWorkloads({ states: ['placed'] });
          assert.equal(all.length, 600);
          for (const w of all) assert.equal(w.version, 3);
          const events = await store.listEvents('w-599');
          assert.deepEqual(
            events.map((e) => e.to),
            ['submitted', 'admitted', 'placed'],
          );
        },
      );

      withStore('an empty batch applies nothing', async ({ store }) => {
        assert.deepEqual(await store.applyChanges([]), { applied: [], conflicts: [] });
      });

      withStore('a change that keeps the state still bumps the version and appends an event', async ({ store }) => {
        const w = (await store.createWorkload(newWorkload('w-1'))).workload;
        const r = await store.applyChanges([
          change(w, { state: 'submitted', cause: { code: 'probe.checkpoint', params: { workDone: 3 } } }),
        ]);
        assert.equal(r.applied[0]?.version, 2);
        const events = await store.listEvents('w-1');
        assert.deepEqual(
          events.map((e) => [e.from, e.to, e.cause.code]),
          [
            [null, 'submitted', 'probe.submitted'],
            ['submitted', 'submitted', 'probe.checkpoint'],
          ],
        );
      });

      withStore(
        'two writers with the same expected version on two handles: exactly one wins, every round',
        async (h) => {
          const second = await h.another();
          let w = (await h.store.createWorkload(newWorkload('w-1'))).workload;
          for (let round = 0; round < 10; round++) {
            const writers = [h.store, second, h.store, second].map((s, i) =>
              s.applyChanges([
                change(w, { state: i % 2 === 0 ? 'placed' : 'held', cause: { code: 'probe.race', params: { i } } }),
              ]),
            );
            const results = await Promise.all(writers);
            const winners = results.filter((r) => r.applied.length === 1);
            assert.equal(winners.length, 1, `round ${round}: exactly one writer applies`);
            assert.equal(results.filter((r) => r.conflicts.length === 1).length, 3);
            const now = await second.getWorkload('w-1');
            assert.ok(now);
            assert.equal(now.version, w.version + 1);
            assert.deepEqual(now, winners[0]?.applied[0]);
            w = now;
          }
          assert.equal(
            (await h.store.listEvents('w-1')).length,
            11,
            'one event per applied change, none for conflicts',
          );
        },
      );

      withStore('concurrent batches over many workloads on two handles lose no update', async (h) => {
        const second = await h.another();
        const ids = Array.from({ length: 8 }, (_, i) => `w-${i}`);
        for (const id of ids) await h.store.createWorkload(newWorkload(id));
        // Each handle walks every workload 5 steps, re-reading and retrying on conflict.
        const walk = async (s: Store, tag: string): Promise<number> => {
          let appliedCount = 0;
          for (let step = 0; step < 5; step++)
            for (const id of ids) {
              for (;;) {
                const cur = await s.getWorkload(id);
                assert.ok(cur);
                const r = await s.applyChanges([change(cur, { cause: { code: 'probe.step', params: { tag } } })]);
                if (r.applied.length === 1) {
                  appliedCount++;
                  break;
                }
              }
            }
          return appliedCount;
        };
        const [x, y] = await Promise.all([walk(h.store, 'a'), walk(second, 'b')]);
        assert.equal(x + y, 80);
        for (const id of ids) {
          assert.equal((await h.store.getWorkload(id))?.version, 11);
          assert.equal((await second.listEvents(id)).length, 11);
        }
      });
    });

    describe('events: append-only and ordered', () => {
      withStore(
        'seq increases with every event across workloads, and earlier events never change',
        async ({ store }) => {
          const a = (await store.createWorkload(newWorkload('a'))).workload;
          const b = (await store.createWorkload(newWorkload('b'))).workload;
          const before = await store.listEvents('a');
          const r1 = await store.applyChanges([change(a), change(b)]);
          const [a2, b2] = r1.applied;
          assert.ok(a2 && b2);
          await store.applyChanges([change(b2, { state: 'placed' }), change(a2, { state: 'placed' })]);
          const eventsA = await store.listEvents('a');
          const eventsB = await store.listEvents('b');
          assert.deepEqual(eventsA.slice(0, before.length), before, 'the prefix is unchanged');
          assert.deepEqual(
            eventsA.map((e) => e.to),
            ['submitted', 'admitted', 'placed'],
          );
          for (const list of [eventsA, eventsB])
            for (let i = 1; i < list.length; i++) assert.ok((list[i]?.seq ?? 0) > (list[i - 1]?.seq ?? 0));
          // The global order is the order of writing: a0 < b0 < a1 < b1 < b2 < a2.
          const seqOf = (list: typeof eventsA, i: number): number => list[i]?.seq ?? Number.NaN;
          const order = [seqOf(eventsA, 0), seqOf(eventsB, 0), seqOf(eventsA, 1), seqOf(eventsB, 1)];
          order.push(seqOf(eventsB, 2), seqOf(eventsA, 2));
          assert.deepEqual(
            [...order].sort((x, y) => x - y),
            order,
          );
          assert.equal(new Set(order).size, 6);
        },
      );
    });

    describe('listWorkloads: filters and keyset pagination', () => {
      const seed = async (store: Store): Promise<void> => {
        // Created out of id order: the list is by (createdAt, id), not by id alone.
        await store.createWorkload(newWorkload('c', { at: T0 + 1 }));
        await store.createWorkload(newWorkload('b', { at: T0 + 1, team: 'infra' }));
        await store.createWorkload(newWorkload('z', { at: T0 }));
        await store.createWorkload(newWorkload('a', { at: T0 + 2 }));
        await store.createWorkload(newWorkload('d', { at: T0 + 3, team: 'infra' }));
        const z = await store.getWorkload('z');
        const a = await store.getWorkload('a');
        assert.ok(z && a);
        await store.applyChanges([change(z, { state: 'running' }), change(a, { state: 'held' })]);
      };

      withStore('oldest first by (createdAt, id); by team; by states', async ({ store }) => {
        await seed(store);
        const ids = async (q: Parameters<Store['listWorkloads']>[0]): Promise<string[]> =>
          (await store.listWorkloads(q)).map((w) => w.id);
        assert.deepEqual(await ids({}), ['z', 'b', 'c', 'a', 'd']);
        assert.deepEqual(await ids({ team: 'research' }), ['z', 'c', 'a']);
        assert.deepEqual(await ids({ team: 'infra' }), ['b', 'd']);
        assert.deepEqual(await ids({ team: 'nobody' }), []);
        assert.deepEqual(await ids({ states: ['running', 'held'] }), ['z', 'a']);
        assert.deepEqual(await ids({ states: ['submitted'], team: 'infra' }), ['b', 'd']);
        assert.deepEqual(await ids({ states: [] }), ['z', 'b', 'c', 'a', 'd'], 'an empty list of states: any');
        assert.deepEqual(await ids({ states: ['cancelled'] }), []);
      });

      withStore('limit and after walk the list page by page, each workload once', async ({ store }) => {
        await seed(store);
        const ids = async (q: Parameters<Store['listWorkloads']>[0]): Promise<string[]> =>
          (await store.listWorkloads(q)).map((w) => w.id);
        assert.deepEqual(await ids({ limit: 2 }), ['z', 'b']);
        assert.deepEqual(await ids({ limit: 2, after: 'b' }), ['c', 'a']);
        assert.deepEqual(await ids({ limit: 2, after: 'a' }), ['d']);
        assert.deepEqual(await ids({ limit: 2, after: 'd' }), []);
        assert.deepEqual(await ids({ limit: 0 }), []);
        assert.deepEqual(await ids({ after: 'c', team: 'research' }), ['a']);
        assert.deepEqual(await ids({ after: 'b', team: 'research' }), ['c', 'a'], "a cursor of another team's list");
        assert.deepEqual(await ids({ after: 'no-such-id' }), [], 'an unknown cursor: an empty page');
        // Walk all pages of size 1..6: the concatenation is the whole list, once.
        const all = await ids({});
        for (let size = 1; size <= 6; size++) {
          const seen: string[] = [];
          let after: string | undefined;
          for (let pages = 0; pages < 10; pages++) {
            const page = await ids(after === undefined ? { limit: size } : { limit: size, after });
            seen.push(...page);
            if (page.length < size) break;
            after = page[page.length - 1];
          }
          assert.deepEqual(seen, all, `page size ${size}`);
        }
      });

      withStore('a thousand workloads page through in order', async ({ store }) => {
        const n = 1000;
        for (let i = 0; i < n; i++)
          await store.createWorkload(newWorkload(`w-${String(i).padStart(4, '0')}`, { at: T0 + (i % 7) }));
        const all = await store.listWorkloads({});
        assert.equal(all.length, n);
        for (let i = 1; i < n; i++) {
          const p = all[i - 1];
          const q = all[i];
          assert.ok(p && q && (p.createdAt < q.createdAt || (p.createdAt === q.createdAt && p.id < q.id)));
        }
        const seen: string[] = [];
        let after: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await store.listWorkloads(after === undefined ? { limit: 128 } : { limit: 128, after });
          seen.push(...page.map((w) => w.id));
          if (page.length < 128) break;
          after = page[page.length - 1]?.id;
        }
        assert.deepEqual(
          seen,
          all.map((w) => w.id),
        );
      });
    });

    describe('JSON round trip and limits', () => {
      withStore('specs, placements, checkpoints and causes come back exactly, unicode and all', async ({ store }) => {
        const rich: WorkloadSpec = {
          name: AWKWARD[3] ?? '',
          workload: {
            kind: 'inference',
            gpusPerReplica: 2,
            tiers: [{ name: 'gold', share: 0.25 }, null, true, false, -0.5, 1e-9, 2 ** 53 - 1],
            nested: { deeper: { deepest: AWKWARD } },
            empty: {},
            emptyList: [],
          },
          run: AWKWARD.join('\n'),
          setup: 'pip install -r requirements.txt',
          envs: Object.fromEntries(AWKWARD.map((s, i) => [`K_${i}`, s])),
          secrets: { HF_TOKEN: 'hf_secret_ü🚀' },
          workdir: '/home/ünïcode/工作',
          source: 'train.sky.yaml',
        };
        const cause: Cause = {
          code: 'probe.submitted',
          source: AWKWARD[1] ?? '',
          params: { note: AWKWARD, n: 1.5 },
        };
        const { workload } = await store.createWorkload(
          newWorkload('w-ü', { team: 'équipe-研究', spec: rich, cause, idempotencyKey: AWKWARD[3] ?? null }),
        );
        assert.deepEqual(workload.spec, rich);
        const p: Placement = { ...placement, region: AWKWARD[2] ?? '', launchId: AWKWARD[4] ?? '' };
        const waiting: Cause = { code: 'probe.quota', params: { why: AWKWARD[5], list: [1, 'two', null] } };
        const r = await store.applyChanges([
          change(workload, {
            state: 'placed',
            placement: p,
            waitingFor: waiting,
            checkpoint: { at: T0, workDone: 0.1 },
          }),
        ]);
        assert.deepEqual(r.conflicts, []);
        const back = await store.getWorkload('w-ü');
        assert.ok(back);
        assert.deepEqual(back.spec, rich);
        assert.deepEqual(back.placement, p);
        assert.deepEqual(back.waitingFor, waiting);
        assert.deepEqual(back.checkpoint, { at: T0, workDone: 0.1 });
        assert.equal(back.team, 'équipe-研究');
        assert.equal(back.idempotencyKey, AWKWARD[3]);
        const events = await store.listEvents('w-ü');
        assert.deepEqual(events[0]?.cause, cause);
        const again = await store.createWorkload(
          newWorkload('w-other', { team: 'équipe-研究', idempotencyKey: AWKWARD[3] ?? null }),
        );
        assert.equal(again.created, false, 'a unicode idempotency key matches itself');
        assert.deepEqual(
          (await store.listWorkloads({ team: 'équipe-研究' })).map((w) => w.id),
          ['w-ü'],
        );
      });

      withStore(
        'ids, names and keys with NUL or an unpaired surrogate are refused (store.bad-text); lookups find nothing',
        async ({ store }) => {
          const bad = ['nul\u0000inside', 'lone \ud800 surrogate', 'trailing \udc00'];
          for (const b of bad) {
            await assert.rejects(store.createWorkload(newWorkload(b)), rejectsWith('store.bad-text'));
            await assert.rejects(store.createWorkload(newWorkload('w', { team: b })), rejectsWith('store.bad-text'));
            await assert.rejects(
              store.createWorkload(newWorkload('w', { idempotencyKey: b })),
              rejectsWith('store.bad-text'),
            );
            await assert.rejects(
              store.putToken({ id: 't', hash: b, team: null, admin: true, createdAt: T0 }),
              rejectsWith('store.bad-text'),
            );
            await assert.rejects(
              store.putTeam({ name: b, quotaGpus: {}, monthlyBudgetCents: null, monthlyBudgetGpuHours: null }),
              rejectsWith('store.bad-text'),
            );
            await assert.rejects(store.putUsage(usage('u', { region: b })), rejectsWith('store.bad-text'));
            await assert.rejects(store.setMeta(b, 1), rejectsWith('store.bad-text'));
            assert.equal(await store.getWorkload(b), undefined);
            assert.deepEqual(await store.listEvents(b), []);
            assert.deepEqual(await store.listWorkloads({ team: b }), []);
            assert.deepEqual(await store.listWorkloads({ after: b }), []);
            assert.equal(await store.findTokenByHash(b), undefined);
            assert.equal(await store.getTeam(b), undefined);
            assert.deepEqual(await store.listUsage({ team: b }), []);
            assert.equal(await store.getMeta(b), undefined);
          }
          const w = (await store.createWorkload(newWorkload('w-1'))).workload;
          const r = await store.applyChanges([{ ...change(w), id: bad[0] ?? '' }, change(w)]);
          assert.deepEqual(r.conflicts, [bad[0]]);
          assert.equal(r.applied.length, 1);
          assert.deepEqual(
            (await store.listWorkloads({})).map((x) => x.id),
            ['w-1'],
          );
          assert.equal(await store.getTeam('w'), undefined);
          assert.deepEqual(await store.listUsage({}), []);
        },
      );

      withStore(`a spec up to MAX_SPEC_BYTES (${MAX_SPEC_BYTES} bytes of JSON) is kept whole`, async ({ store }) => {
        const base = JSON.stringify(spec('big', { run: '' }));
        const filler = 'ü'.repeat(Math.floor((MAX_SPEC_BYTES - Buffer.byteLength(base)) / 2)); // 2 bytes each
        const big = spec('big', { run: filler });
        const bytes = Buffer.byteLength(JSON.stringify(big));
        assert.ok(bytes <= MAX_SPEC_BYTES && bytes > MAX_SPEC_BYTES - 4, `${bytes} bytes`);
        await store.createWorkload(newWorkload('big', { spec: big }));
        assert.deepEqual((await store.getWorkload('big'))?.spec, big);
      });

      withStore(
        'a spec over MAX_SPEC_BYTES is refused (store.spec-too-large) and nothing is stored',
        async ({ store }) => {
          const huge = spec('huge', { run: 'x'.repeat(MAX_SPEC_BYTES) });
          await assert.rejects(store.createWorkload(newWorkload('huge', { spec: huge })), (e: unknown) => {
            rejectsWith('store.spec-too-large')(e);
            assert.equal((e as StoreError).params.limit, MAX_SPEC_BYTES);
            return true;
          });
          assert.equal(await store.getWorkload('huge'), undefined);
          assert.deepEqual(await store.listEvents('huge'), []);
        },
      );
    });

    describe('tokens and teams', () => {
      withStore('a token is found by its hash; the same id again replaces it', async ({ store }) => {
        const admin: TokenRecord = { id: 't-admin', hash: 'h-admin', team: null, admin: true, createdAt: T0 };
        const team: TokenRecord = { id: 't-1', hash: 'h-1', team: 'research', admin: false, createdAt: T0 + 1 };
        await store.putToken(admin);
        await store.putToken(team);
        assert.deepEqual(await store.findTokenByHash('h-admin'), admin);
        assert.deepEqual(await store.findTokenByHash('h-1'), team);
        assert.equal(await store.findTokenByHash('h-unknown'), undefined);
        const rotated: TokenRecord = { ...team, hash: 'h-2', team: 'infra' };
        await store.putToken(rotated);
        assert.equal(await store.findTokenByHash('h-1'), undefined);
        assert.deepEqual(await store.findTokenByHash('h-2'), rotated);
      });

      withStore("another token with a token's hash is refused (store.duplicate)", async ({ store }) => {
        await store.putToken({ id: 't-1', hash: 'same', team: 'a', admin: false, createdAt: T0 });
        await assert.rejects(
          store.putToken({ id: 't-2', hash: 'same', team: 'b', admin: false, createdAt: T0 }),
          rejectsWith('store.duplicate'),
        );
        assert.equal((await store.findTokenByHash('same'))?.id, 't-1');
      });

      withStore(
        'revokeToken: marks the token revoked (kept, still found by hash), once; only in its team when one is named',
        async ({ store }) => {
          const admin: TokenRecord = { id: 't-admin', hash: 'h-admin', team: null, admin: true, createdAt: T0 };
          const a: TokenRecord = { id: 't-a', hash: 'h-a', team: 'research', admin: false, createdAt: T0 + 1 };
          const b: TokenRecord = { id: 't-b', hash: 'h-b', team: 'infra', admin: false, createdAt: T0 + 2 };
          for (const t of [admin, a, b]) await store.putToken(t);
          // Another team, the admin token, an unknown id, a bad text: undefined, and nothing changes.
          assert.equal(await store.revokeToken('t-b', T0 + 10, 'research'), undefined);
          assert.equal(await store.revokeToken('t-admin', T0 + 10, 'research'), undefined);
          assert.equal(await store.revokeToken('t-none', T0 + 10), undefined);
          assert.equal(await store.revokeToken('nul\u0000inside', T0 + 10), undefined);
          assert.equal(await store.revokeToken('t-a', T0 + 10, 'nul\u0000inside'), undefined);
          for (const t of [admin, a, b]) assert.deepEqual(await store.findTokenByHash(t.hash), t);
          // In its team: revoked at that time, kept, found by its hash with revokedAt.
          const revoked = { ...a, revokedAt: T0 + 20 };
          assert.deepEqual(await store.revokeToken('t-a', T0 + 20, 'research'), revoked);
          assert.deepEqual(await store.findTokenByHash('h-a'), revoked);
          // Again (by the admin, later): the first time stays.
          assert.deepEqual(await store.revokeToken('t-a', T0 + 30), revoked);
          // The admin (no team named) revokes any token, an admin token included.
          assert.deepEqual(await store.revokeToken('t-b', T0 + 40), { ...b, revokedAt: T0 + 40 });
          assert.deepEqual(await store.revokeToken('t-admin', T0 + 50), { ...admin, revokedAt: T0 + 50 });
          // A put with revokedAt keeps it; a put without it replaces the whole record (the same id again).
          await store.putToken({ ...a, hash: 'h-a2', revokedAt: T0 + 60 });
          assert.deepEqual(await store.findTokenByHash('h-a2'), { ...a, hash: 'h-a2', revokedAt: T0 + 60 });
          await store.putToken(a);
          assert.deepEqual(await store.findTokenByHash('h-a'), a);
        },
      );

      withStore(
        'listTokens: every token, revoked ones too, oldest first; with a team only its own',
        async ({ store }) => {
          const admin: TokenRecord = { id: 't-admin', hash: 'h-admin', team: null, admin: true, createdAt: T0 + 5 };
          const a2: TokenRecord = { id: 't-a2', hash: 'h-a2', team: 'research', admin: false, createdAt: T0 + 1 };
          const a1: TokenRecord = { id: 't-a1', hash: 'h-a1', team: 'research', admin: false, createdAt: T0 + 1 };
          const b: TokenRecord = { id: 't-b', hash: 'h-b', team: 'infra', admin: false, createdAt: T0 };
          assert.deepEqual(await store.listTokens({}), []);
          for (const t of [admin, a2, a1, b]) await store.putToken(t);
          await store.revokeToken('t-a2', T0 + 9);
          const revoked = { ...a2, revokedAt: T0 + 9 };
          assert.deepEqual(await store.listTokens({}), [b, a1, revoked, admin]);
          assert.deepEqual(await store.listTokens({ team: 'research' }), [a1, revoked]);
          assert.deepEqual(await store.listTokens({ team: 'infra' }), [b]);
          assert.deepEqual(await store.listTokens({ team: 'nobody' }), []);
          assert.deepEqual(await store.listTokens({ team: 'nul\u0000inside' }), []);
        },
      );

      withStore('a revocation is seen by a second handle on the same storage', async (h) => {
        const t: TokenRecord = { id: 't-1', hash: 'h-1', team: 'research', admin: false, createdAt: T0 };
        await h.store.putToken(t);
        const second = await h.another();
        assert.deepEqual(await second.findTokenByHash('h-1'), t);
        const [x, y] = await Promise.all([h.store.revokeToken('t-1', T0 + 1), second.revokeToken('t-1', T0 + 2)]);
        assert.equal(x?.revokedAt, y?.revokedAt, 'two revocations at once agree on one time');
        assert.ok(x?.revokedAt === T0 + 1 || x?.revokedAt === T0 + 2);
        assert.deepEqual(await second.findTokenByHash('h-1'), x);
        assert.deepEqual(await h.store.findTokenByHash('h-1'), x);
      });

      withStore('teams: put, get, replace, list by name', async ({ store }) => {
        const research: TeamRecord = {
          name: 'research',
          quotaGpus: { H100: 64, 'A100-80GB': 16 },
          monthlyBudgetCents: cents(5_000_000_00),
          monthlyBudgetGpuHours: null,
        };
        const infra: TeamRecord = {
          name: 'infra',
          quotaGpus: {},
          monthlyBudgetCents: null,
          monthlyBudgetGpuHours: 1200.5,
        };
        await store.putTeam(research);
        await store.putTeam(infra);
        assert.deepEqual(await store.getTeam('research'), research);
        assert.equal(await store.getTeam('nobody'), undefined);
        assert.deepEqual(await store.listTeams(), [infra, research]);
        const cut: TeamRecord = { ...research, quotaGpus: { H100: 8 }, monthlyBudgetCents: null };
        await store.putTeam(cut);
        assert.deepEqual(await store.listTeams(), [infra, cut]);
      });
    });

    describe('usage records', () => {
      withStore('the same id again replaces the record (open, then closed)', async ({ store }) => {
        await store.putUsage(usage('u-1'));
        await store.putUsage(usage('u-1')); // idempotent
        assert.deepEqual(await store.listUsage({}), [usage('u-1')]);
        const closed = usage('u-1', { end: T0 + 3_600_000 });
        await store.putUsage(closed);
        assert.deepEqual(await store.listUsage({}), [closed]);
      });

      withStore('listed by team and by the window [from, to) they overlap, by start', async ({ store }) => {
        const H = 3_600_000;
        const early = usage('u-early', { start: T0, end: T0 + H });
        const open = usage('u-open', {
          start: T0 + 2 * H,
          end: null,
          pricing: 'spot',
          pricePerInstanceHourCents: cents(3100),
        });
        const infra = usage('u-infra', { team: 'infra', start: T0 + H, end: T0 + 3 * H, pricing: 'committed' });
        const late = usage('u-late', { start: T0 + 10 * H, end: T0 + 11 * H, pricing: 'reserved' });
        for (const u of [late, open, infra, early]) await store.putUsage(u);
        const ids = async (q: Parameters<Store['listUsage']>[0]): Promise<string[]> =>
          (await store.listUsage(q)).map((u) => u.id);
        assert.deepEqual(await ids({}), ['u-early', 'u-infra', 'u-open', 'u-late']);
        assert.deepEqual(await ids({ team: 'research' }), ['u-early', 'u-open', 'u-late']);
        assert.deepEqual(await ids({ from: T0 + H }), ['u-infra', 'u-open', 'u-late'], 'ended at from: out');
        assert.deepEqual(await ids({ to: T0 + H }), ['u-early'], 'starts at to: out');
        assert.deepEqual(await ids({ from: T0 + 4 * H, to: T0 + 5 * H }), ['u-open'], 'still open: in');
        assert.deepEqual(await ids({ team: 'infra', from: T0, to: T0 + 20 * H }), ['u-infra']);
        assert.deepEqual((await store.listUsage({ team: 'research', to: T0 + 3 * H }))[1], open);
      });
    });

    describe('meta values', () => {
      withStore('JSON values by key: missing is undefined, set replaces, undefined removes', async ({ store }) => {
        assert.equal(await store.getMeta('nothing'), undefined);
        const values: unknown[] = [
          0,
          -1.25,
          'text',
          AWKWARD[3],
          true,
          false,
          null,
          [],
          {},
          [1, 'two', { three: [null] }],
          { blocklist: [{ key: 'aws/us-east-1', until: T0, cause: { code: 'probe.down' } }], note: AWKWARD },
        ];
        for (const [i, v] of values.entries()) {
          await store.setMeta(`k-${i}`, v);
          assert.deepEqual(await store.getMeta(`k-${i}`), v, `value ${i}`);
        }
        await store.setMeta('k-0', 'replaced');
        assert.equal(await store.getMeta('k-0'), 'replaced');
        await store.setMeta('k-0', undefined);
        assert.equal(await store.getMeta('k-0'), undefined);
        await store.setMeta(AWKWARD[1] ?? '', 1);
        assert.equal(await store.getMeta(AWKWARD[1] ?? ''), 1);
      });
    });

    describe('lifecycle: migrations, handles, close', () => {
      withStore('migrate again is a no-op that keeps the data, on this handle and another', async (h) => {
        await h.store.createWorkload(newWorkload('w-1'));
        await h.store.setMeta('m', { a: 1 });
        await h.store.migrate();
        await h.store.migrate();
        const second = await h.another();
        await second.migrate();
        assert.equal((await h.store.getWorkload('w-1'))?.id, 'w-1');
        assert.deepEqual(await second.getMeta('m'), { a: 1 });
      });

      withStore('what one handle wrote, another sees, also after the first is closed', async (h) => {
        const { workload } = await h.store.createWorkload(newWorkload('w-1', { idempotencyKey: 'k' }));
        await h.store.applyChanges([change(workload, { state: 'placed', placement })]);
        await h.store.putTeam({ name: 't', quotaGpus: {}, monthlyBudgetCents: null, monthlyBudgetGpuHours: null });
        await h.store.putUsage(usage('u-1'));
        await h.store.close();
        const second = await h.another();
        assert.equal((await second.getWorkload('w-1'))?.state, 'placed');
        assert.equal((await second.listEvents('w-1')).length, 2);
        assert.equal((await second.createWorkload(newWorkload('w-2', { idempotencyKey: 'k' }))).created, false);
        assert.equal((await second.listTeams()).length, 1);
        assert.equal((await second.listUsage({})).length, 1);
        const next = await second.createWorkload(newWorkload('w-3'));
        const allSeqs = [...(await second.listEvents('w-1')), ...(await second.listEvents('w-3'))].map((e) => e.seq);
        assert.ok((allSeqs[2] ?? 0) > (allSeqs[1] ?? 0), 'seq keeps increasing after a reopen');
        assert.equal(next.created, true);
      });

      withStore('close twice is fine; a closed handle refuses work (store.closed)', async (h) => {
        const second = await h.another();
        await second.close();
        await second.close();
        await assert.rejects(second.getWorkload('x'), rejectsWith('store.closed'));
        assert.equal(await h.store.getWorkload('x'), undefined, 'the other handle still works');
      });
    });
  });
}
