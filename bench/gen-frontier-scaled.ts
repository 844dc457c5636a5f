/**
 * Generates bench/out/frontier-scaled.json: the frontier-lab portfolio scaled to the performance target —
 * every provider of the bundled catalog, ≥ 500,000 GPUs of quota and reserved capacity, ≥ 10,000 workloads —
 * deterministically from a seed. Usage: npx tsx bench/gen-frontier-scaled.ts [workloads=10000] [seed=1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRng } from '../src/core/rng.js';

const N = Number(process.argv[2] ?? 10_000);
const rng = createRng(Number(process.argv[3] ?? 1));
const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;

const providers: Record<string, unknown> = {
  aws: { quota: 250_000, interconnect: 65_536, spot: { preemptionsPerHour: 0.02, capacityShare: '10%' } },
  azure: { quota: 300_000, interconnect: 65_536 },
  oci: { quota: 200_000, interconnect: 65_536 },
  gcp: { quota: 60_000, interconnect: 16_384, spot: { preemptionsPerHour: 0.03, capacityShare: '15%' } },
  lambda: { quota: 20_000, interconnect: 2_048 },
  nebius: { quota: 20_000, interconnect: 2_048 },
  hyperstack: { quota: 5_000, interconnect: 1_024 },
  verda: { quota: 5_000, interconnect: 1_024 },
  mithril: { quota: 2_000, interconnect: 512 },
  fluidstack: { quota: 2_000, interconnect: 512 },
};

const contracts = [
  {
    id: 'aws-2025',
    provider: 'aws',
    start: '2025-11-01',
    term: '7y',
    discount: '30%',
    commitment: { total: '38B USD', every: '1y', ramp: ['8%', '16%', '16%', '15%', '15%', '15%', '15%'] },
    reserved: [
      {
        id: 'aws-b300',
        gpu: 'B300',
        region: 'us-west-2',
        count: 60_000,
        rate: '6.50 USD/GPU-h',
        ramp: [{ from: '2026-07-01', count: 120_000 }],
      },
    ],
  },
  {
    id: 'azure-2025',
    provider: 'azure',
    start: '2025-11-01',
    term: '7y',
    discount: '35%',
    commitment: { total: '250B USD', every: '1y' },
    reserved: [{ id: 'azure-gb200', gpu: 'GB200', region: 'eastus', count: 100_000, rate: '9.00 USD/GPU-h' }],
  },
  {
    id: 'oracle-2027',
    provider: 'oci',
    start: '2027-01-01',
    term: '5y',
    discount: '25%',
    commitment: { total: '300B USD', every: '1y', ramp: ['10%', '20%', '23%', '23%', '24%'] },
    rightOfFirstRefusal: ['frontier-training'],
    reserved: [{ id: 'oci-gb200', gpu: 'GB200', region: 'global', count: 100_000, rate: '8.00 USD/GPU-h' }],
  },
];

const workloads: unknown[] = [];
for (let i = 0; i < N; i++) {
  const r = rng.next();
  const start = `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  if (r < 0.02) {
    const count = pick([2_048, 4_096, 8_192, 16_384]);
    workloads.push({
      id: `train-${i}`,
      kind: 'training',
      team: 'research',
      class: 'frontier-training',
      priority: 1,
      gpus: ['GB300', 'GB200', 'B300', 'B200', 'H200', 'H100'],
      count,
      work: `${count * rng.int(200, 2_000)} GPU-h`,
      checkpointEvery: '1h',
      start,
    });
  } else if (r < 0.1) {
    workloads.push({
      id: `serve-${i}`,
      kind: 'inference',
      team: 'product',
      class: 'serving',
      priority: rng.next() < 0.3 ? 1 : 2,
      gpus: ['GB200', 'B200', 'H200', 'H100'],
      gpusPerReplica: 8,
      demand: {
        us: `${rng.int(2, 60)} replicas`,
        eu: `${rng.int(1, 20)} replicas`,
        asia: `${rng.int(1, 20)} replicas`,
      },
      minProviders: 2,
      start,
    });
  } else {
    const count = pick([8, 16, 32, 64, 128, 256]);
    workloads.push({
      id: `batch-${i}`,
      kind: 'batch',
      team: pick(['research', 'evals', 'data']),
      class: 'batch',
      priority: 3,
      gpus: pick([
        ['H100', 'H200'],
        ['A100-80GB', 'H100'],
        ['L40S', 'L4'],
        ['B200', 'H100'],
      ]),
      count,
      work: `${count * rng.int(24, 24 * 20)} GPU-h`,
      start,
    });
  }
}

const scenario = {
  name: `frontier-scaled-${N}`,
  description:
    'bench/gen-frontier-scaled.ts: the frontier-lab portfolio scaled to every provider, ≥500k GPUs and 10k workloads',
  horizon: { start: '2026-01-01', length: '3y', bucket: '1mo' },
  throughput: { H200: 1.0, 'A100-80GB': 0.33, L40S: 0.35, L4: 0.12 },
  providers,
  contracts,
  policies: { maxSpendShare: '70%', maxGpuShare: '70%', survivability: [{ tiers: [1], fraction: '50%' }] },
  workloads,
};
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL(`./out/frontier-scaled-${N}.json`, import.meta.url);
writeFileSync(file, JSON.stringify(scenario));
console.log(`wrote ${file.pathname}: ${N} workloads`);
