#!/usr/bin/env node
/**
 * The store's throughput and latency: createWorkload and applyChanges on SQLite (synchronous FULL, the default, and
 * NORMAL) and on PostgreSQL (127.0.0.1:5432, a schema of its own, dropped after), through the built adapters in
 * dist/store. Each phase runs N operations and reports operations per second and the p50 / p99 / max latency of one
 * call, as the control plane makes them:
 *   create        createWorkload, one caller at a time (each submission its own transaction)
 *   create ×8     createWorkload, 8 callers at once (the HTTP server's concurrent submissions)
 *   apply 1       applyChanges with one change (submitted → admitted), one caller at a time
 *   apply 100     applyChanges with batches of 100 changes (the plan applier committing an evaluation): changes/s
 *
 *   npm run build && node bench/store-bench.mjs [--n 5000] [--only sqlite|postgres] [--record]
 *
 * --record appends the table to bench/RESULTS-store.md with the date, the machine and the load average (the
 * machine is shared: other work inflates the figures). PostgreSQL: SKYFLEET_TEST_PG_URL, by default
 * postgres://postgres@127.0.0.1:5432/test.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import Database from 'better-sqlite3';
import { openStore } from '../dist/store/open-store.js';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const N = Number(value('--n', '5000'));
const only = value('--only', undefined);
const PG_URL = process.env.SKYFLEET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const spec = (id) => ({
  name: id,
  workload: { kind: 'training', gpus: ['H100', 'A100-80GB'], count: 16, nodes: 2, hours: 120, deadline: 'P7D' },
  run: 'torchrun --nnodes=$SKYPILOT_NUM_NODES train.py --config configs/llama-8b.yaml',
  setup: 'pip install -r requirements.txt',
  envs: { WANDB_PROJECT: 'llama', DATA: 's3://corpus/tokens' },
  source: 'train.sky.yaml',
});

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** Runs `count` calls of `op(i)` with `parallel` callers; answers ops/s and latency quantiles in ms. */
async function phase(count, parallel, op) {
  const lat = new Float64Array(count);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t = performance.now();
        await op(i);
        lat[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...lat].sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) };
}

async function benchStore(store) {
  await store.migrate();
  const at = 1_767_225_600_000;
  const cause = { code: 'bench.submitted', source: 'api' };
  const created = [];
  const rows = [];
  const create = await phase(N, 1, async (i) => {
    const id = `a-${String(i).padStart(7, '0')}`;
    const r = await store.createWorkload({
      id,
      team: 'research',
      spec: spec(id),
      idempotencyKey: id,
      at: at + i,
      cause,
    });
    created.push(r.workload);
  });
  rows.push(['create', 'workloads', create]);
  const createPar = await phase(N, 8, async (i) => {
    const id = `b-${String(i).padStart(7, '0')}`;
    await store.createWorkload({ id, team: 'infra', spec: spec(id), idempotencyKey: id, at: at + i, cause });
  });
  rows.push(['create ×8', 'workloads', createPar]);
  const admitted = new Array(N);
  const apply1 = await phase(N, 1, async (i) => {
    const w = created[i];
    const r = await store.applyChanges([
      { id: w.id, expectedVersion: w.version, state: 'admitted', at: at + N + i, cause: { code: 'bench.admitted' } },
    ]);
    if (r.applied.length !== 1) throw new Error(`conflict on ${w.id}`);
    admitted[i] = r.applied[0];
  });
  rows.push(['apply 1', 'changes', apply1]);
  const BATCH = 100;
  const batches = Math.floor(N / BATCH);
  const placement = {
    provider: 'aws',
    region: 'us-east-1',
    instanceType: 'p5.48xlarge',
    gpu: 'H100',
    gpusPerInstance: 8,
    instances: 2,
    spot: false,
    pricePerInstanceHourCents: 9832,
  };
  const apply100 = await phase(batches, 1, async (b) => {
    const changes = admitted.slice(b * BATCH, (b + 1) * BATCH).map((w, k) => ({
      id: w.id,
      expectedVersion: w.version,
      state: 'placed',
      placement,
      at: at + 2 * N + b * BATCH + k,
      cause: { code: 'bench.placed', source: 'applier' },
    }));
    const r = await store.applyChanges(changes);
    if (r.conflicts.length > 0) throw new Error(`${r.conflicts.length} conflicts`);
  });
  rows.push([`apply ${BATCH}`, 'changes', { ...apply100, perSecond: apply100.perSecond * BATCH }]);
  await store.close();
  return rows;
}

const backends = [];
if (only !== 'postgres') {
  for (const sync of ['full', 'normal'])
    backends.push({
      name: `SQLite (WAL, synchronous=${sync.toUpperCase()})`,
      run: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'skyfleet-bench-'));
        try {
          return await benchStore(await openStore(`sqlite:${join(dir, 'bench.db')}?synchronous=${sync}`, { dir }));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
}
if (only !== 'sqlite') {
  backends.push({
    name: 'PostgreSQL (127.0.0.1)',
    run: async () => {
      const schema = `skyfleet_bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query(`create schema ${schema}`);
        return await benchStore(
          await openStore(`${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`, { dir: '.' }),
        );
      } finally {
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    },
  });
}

const f0 = (x) => Math.round(x).toLocaleString('en-US');
const f2 = (x) => x.toFixed(2);
const lines = [
  `N = ${N} per phase. Latency: one call, in ms.`,
  '',
  '| store | phase | per second | p50 ms | p99 ms | max ms |',
  '|---|---|---:|---:|---:|---:|',
];
for (const b of backends) {
  const rows = await b.run();
  for (const [phaseName, unit, r] of rows)
    lines.push(
      `| ${b.name} | ${phaseName} | ${f0(r.perSecond)} ${unit} | ${f2(r.p50)} | ${f2(r.p99)} | ${f2(r.max)} |`,
    );
}
const sqliteVersion = new Database(':memory:').prepare('select sqlite_version() as v').get().v;
const pgClient = new pg.Client({ connectionString: PG_URL });
let pgVersion = 'not measured';
if (only !== 'sqlite') {
  await pgClient.connect();
  pgVersion = (await pgClient.query('show server_version')).rows[0].server_version;
  await pgClient.end();
}
const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const header =
  `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${availableParallelism()} × ${cpu}, ` +
  `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, SQLite ${sqliteVersion}, PostgreSQL ${pgVersion}, ` +
  `load average at the end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
const section = [header, '', '`node bench/store-bench.mjs ' + args.join(' ') + '`', '', ...lines, ''].join('\n');
console.log(section);
if (flag('--record')) appendFileSync(new URL('./RESULTS-store.md', import.meta.url), `\n${section}`);
