/** A control plane over a test store, a fake clock and two fake providers (aws, gcp), with a small fleet scenario. */
import assert from 'node:assert/strict';
import { parseCatalogCsv } from '../../../scenario/catalog-csv.js';
import { loadScenarioText } from '../../../scenario/load.js';
import type { Scenario } from '../../../core/types.js';
import type { Principal } from '../api.js';
import { ControlPlane, type ControlPlaneOptions } from '../control-plane.js';
import { FakeClock } from './fake-clock.js';
import { FakeProvider } from './fake-provider.js';
import { HookedStore } from './hooked-store.js';
import { MemoryStore } from '../../../store/memory-store.js';
import type { Store } from '../../../control/ports.js';
import type { WorkloadRecord } from '../../../control/records.js';

export const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

const CATALOG = `cloud,instance_type,accelerator,accelerator_count,vcpus,memory_gib,price_usd_hr,spot_price_usd_hr,region,availability_zone
aws,p5.48xlarge,H100,8,192,2048,40,15,us-east-1,
aws,g6.xlarge,L4,1,4,16,0.80,,us-east-1,
gcp,a3-highgpu-8g,H100,8,208,1872,44,,us-central1,
gcp,g2-standard-4,L4,1,4,16,0.70,,us-central1,
`;

const SCENARIO = `name: test-fleet
horizon: { start: 2026-12-01, length: 1y, bucket: 1mo }
throughput: { L4: 0.12 }
providers:
  aws: { quota: 1000, interconnect: 512, spot: { preemptionsPerHour: 0.05, capacityShare: 50% } }
  gcp: { quota: 1000, interconnect: 512 }
workloads:
  - { id: placeholder, kind: batch, gpus: [L4], count: 1, work: 1 GPU-h }
`;

/** A third provider, dearer than both, for the tests that need one (harness option `azureH100`). */
const AZURE_CATALOG = 'azure,nd96isr-h100-v5,H100,8,96,1900,48,,eastus,\n';
const AZURE_PROVIDER = '  azure: { quota: 1000, interconnect: 512 }\n';

/** The test fleet; `extra` is appended to the scenario text (e.g. a `contracts:` section); `azure`: with azure. */
export function testFleet(extra = '', azure = false): Scenario {
  const catalog = parseCatalogCsv(CATALOG + (azure ? AZURE_CATALOG : ''), 'catalog.csv');
  if (!catalog.ok) throw new Error(JSON.stringify(catalog.issues));
  const text = azure ? SCENARIO.replace('workloads:\n', `${AZURE_PROVIDER}workloads:\n`) : SCENARIO;
  const s = loadScenarioText(text + extra, 'fleet.yaml', { catalog: catalog.value, throughput: { H100: 1 } });
  if (!s.ok) throw new Error(JSON.stringify(s.issues));
  return s.value;
}

export const ADMIN: Principal = { tokenId: 'admin', team: null, admin: true };
export const teamToken = (team: string): Principal => ({ tokenId: `t-${team}`, team, admin: false });

/** A training gang of `count` H100 (whole instances of 8), `work` H100 GPU-hours. */
export const h100Job = (name: string, count = 8, work = 8, extra: Record<string, unknown> = {}) => ({
  name,
  workload: { kind: 'training', gpus: ['H100'], count, work: `${work} GPU-h`, ...extra },
  run: 'python train.py',
});

/** An inference service on H100 replicas of 8 GPUs: `replicas` replicas in the us. */
export const h100Service = (name: string, replicas = 2) => ({
  name,
  workload: { kind: 'inference', gpus: ['H100'], gpusPerReplica: 8, demand: { us: `${replicas} replicas` } },
  run: 'serve',
});

export interface Harness {
  readonly clock: FakeClock;
  readonly store: HookedStore;
  readonly aws: FakeProvider;
  readonly gcp: FakeProvider;
  /** Only with the option `azureH100`. */
  readonly azure: FakeProvider | undefined;
  cp: ControlPlane;
  /** A new ControlPlane over the same store and providers (a restart). */
  restart(): ControlPlane;
}

export function harness(
  opts: {
    awsH100?: number;
    gcpH100?: number;
    /** Adds a third provider, azure (H100 at 48 USD/h in eastus), with this many instances. */
    azureH100?: number;
    spot?: number;
    backing?: Store;
    fleetExtra?: string;
  } & Partial<ControlPlaneOptions> = {},
): Harness {
  const clock = new FakeClock(T0);
  const store = new HookedStore(opts.backing ?? new MemoryStore());
  const aws = new FakeProvider('aws', clock, [
    {
      region: 'us-east-1',
      instanceType: 'p5.48xlarge',
      gpu: 'H100',
      gpusPerInstance: 8,
      capacity: opts.awsH100 ?? 4,
      spotCapacity: opts.spot ?? 0,
      priceCents: 4000,
      spotPriceCents: 1500,
    },
    {
      region: 'us-east-1',
      instanceType: 'g6.xlarge',
      gpu: 'L4',
      gpusPerInstance: 1,
      capacity: 16,
      spotCapacity: 0,
      priceCents: 80,
      spotPriceCents: null,
    },
  ]);
  const gcp = new FakeProvider('gcp', clock, [
    {
      region: 'us-central1',
      instanceType: 'a3-highgpu-8g',
      gpu: 'H100',
      gpusPerInstance: 8,
      capacity: opts.gcpH100 ?? 4,
      spotCapacity: 0,
      priceCents: 4400,
      spotPriceCents: null,
    },
    {
      region: 'us-central1',
      instanceType: 'g2-standard-4',
      gpu: 'L4',
      gpusPerInstance: 1,
      capacity: 16,
      spotCapacity: 0,
      priceCents: 70,
      spotPriceCents: null,
    },
  ]);
  const azure =
    opts.azureH100 === undefined
      ? undefined
      : new FakeProvider('azure', clock, [
          {
            region: 'eastus',
            instanceType: 'nd96isr-h100-v5',
            gpu: 'H100',
            gpusPerInstance: 8,
            capacity: opts.azureH100,
            spotCapacity: 0,
            priceCents: 4800,
            spotPriceCents: null,
          },
        ]);
  const fleet = opts.fleet ?? testFleet(opts.fleetExtra, azure !== undefined);
  const providers = azure ? [aws, gcp, azure] : [aws, gcp];
  const make = (): ControlPlane => new ControlPlane({ ...opts, store, providers, clock, fleet });
  const h: Harness = {
    clock,
    store,
    aws,
    gcp,
    azure,
    cp: make(),
    restart: () => {
      h.cp = make();
      return h.cp;
    },
  };
  return h;
}

/** Ticks every `stepMs` until `until` holds or `maxTicks` ran. */
export async function tickUntil(
  h: Harness,
  until: () => Promise<boolean>,
  stepMs = 30_000,
  maxTicks = 400,
): Promise<number> {
  for (let i = 0; i < maxTicks; i++) {
    if (await until()) return i;
    h.clock.advance(stepMs);
    await h.cp.tick();
  }
  throw new Error('condition never held');
}

/** The workload's record as the store holds it (the test fails if there is none). */
export async function recordOf(h: Harness, id: string): Promise<WorkloadRecord> {
  const r = await h.store.getWorkload(id);
  assert.ok(r, `workload ${id}`);
  return r;
}
