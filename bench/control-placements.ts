// Placements per second through the control plane's use case (ControlPlane.submit: read the spec, admit, evaluate
// through the engine's pipeline and cost model, commit through the plan applier), in process, with examples/startup.yaml
// as the fleet and in-process fake providers offering every catalog pool of it with ample capacity. The HTTP load
// benchmark (the server's) adds the API on top of this.
// Usage: npx tsx bench/control-placements.ts [N=5000] [memory|sqlite|sqlite-full] [concurrency=1]
// (sqlite: the store's default, WAL with `synchronous = NORMAL`; sqlite-full: `?synchronous=full`, docs/store.md)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ControlPlane } from '../src/app/control/control-plane.js';
import { FakeClock } from '../src/app/control/test-support/fake-clock.js';
import { FakeProvider } from '../src/app/control/test-support/fake-provider.js';
import type { Store } from '../src/control/ports.js';
import { parseCatalogCsv } from '../src/scenario/catalog-csv.js';
import { loadScenarioText } from '../src/scenario/load.js';
import { parseThroughputCsv } from '../src/scenario/throughput-csv.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { openStore } from '../src/store/open-store.js';

const N = Number(process.argv[2] ?? 5000);
const kind = process.argv[3] ?? 'memory';
const concurrency = Number(process.argv[4] ?? 1);

const catalog = parseCatalogCsv(readFileSync('data/gpu-catalog.csv', 'utf8'), 'data/gpu-catalog.csv');
const throughput = parseThroughputCsv(readFileSync('data/gpu-relative-throughput.csv', 'utf8'), 'throughput.csv');
if (!catalog.ok || !throughput.ok) throw new Error('reference data');
const fleet = loadScenarioText(readFileSync('examples/startup.yaml', 'utf8'), 'examples/startup.yaml', {
  catalog: catalog.value,
  throughput: throughput.value,
});
if (!fleet.ok) throw new Error('fleet');
// Quotas far above the load, so that every submission can be placed: the bench measures placement, not waiting.
const scenario = {
  ...fleet.value,
  snapshot: {
    ...fleet.value.snapshot,
    providers: fleet.value.snapshot.providers.map((p) => ({ ...p, quotaGpus: 1e9, regionQuotaGpus: {} })),
  },
};
const clock = new FakeClock(Date.UTC(2026, 11, 7, 8));
const providers = scenario.snapshot.providers.map((p) => {
  const rows = catalog.value.offerings.filter(
    (o) => o.provider === p.id && (!p.regions || p.regions.includes(o.region)) && o.gpusPerInstance >= 1,
  );
  const seen = new Set<string>();
  return new FakeProvider(
    p.id,
    clock,
    rows
      .filter((o) => !seen.has(`${o.region}/${o.instanceType}`) && seen.add(`${o.region}/${o.instanceType}`))
      .map((o) => ({
        region: o.region,
        instanceType: o.instanceType,
        gpu: o.gpu,
        gpusPerInstance: o.gpusPerInstance,
        capacity: 1_000_000,
        spotCapacity: 1_000_000,
        priceCents: Math.round(o.pricePerHour * 100),
        spotPriceCents: o.spotPricePerHour === undefined ? null : Math.round(o.spotPricePerHour * 100),
      })),
  );
});
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-bench-'));
const store: Store | undefined =
  kind === 'memory'
    ? new MemoryStore()
    : kind === 'sqlite' || kind === 'sqlite-full'
      ? await openStore(`sqlite:${join(dir, 'bench.db')}${kind === 'sqlite-full' ? '?synchronous=full' : ''}`, { dir })
      : undefined;
if (!store) throw new Error(`unknown store ${kind}: memory, sqlite or sqlite-full`);
await store.migrate();
const cp = new ControlPlane({ store, providers, clock, fleet: scenario });
await cp.tick();
const kinds = [
  { kind: 'training', gpus: ['H100', 'H200'], count: 8, work: '64 GPU-h' },
  { kind: 'batch', gpus: ['L4', 'L40S'], count: 1, work: '4 GPU-h' },
  { kind: 'batch', gpus: ['H100', 'A100-80GB'], count: 16, work: '100 GPU-h', tiers: ['spot', 'on-demand'] },
];
const team = { tokenId: 't', team: 'research', admin: false };
const lat: number[] = [];
let placed = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i += concurrency) {
  await Promise.all(
    Array.from({ length: Math.min(concurrency, N - i) }, async (_, k) => {
      const a = performance.now();
      const r = await cp.submit(team, { spec: { name: `j${i + k}`, workload: kinds[(i + k) % kinds.length]! } });
      lat.push(performance.now() - a);
      if (r.workload.state === 'placed') placed++;
    }),
  );
}
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSecs = (cpu.user + cpu.system) / 1e6;
lat.sort((a, b) => a - b);
const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!.toFixed(2);
console.log(
  `${kind} N=${N} concurrency=${concurrency}: ${placed} placed in ${secs.toFixed(2)} s = ${(placed / secs).toFixed(0)} placements/s; submit latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1 - 1e-9)} ms; CPU ${cpuSecs.toFixed(2)} s = ${(placed / cpuSecs).toFixed(0)} placements per CPU-second`,
);
const t1 = performance.now();
clock.advance(5_000);
const r = await cp.tick();
console.log(
  `then one tick: ${r.launched} launched, ${r.transitions} transitions in ${((performance.now() - t1) / 1000).toFixed(2)} s`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
