#!/usr/bin/env node
/**
 * The sandbox cloud under many short launches, through the Provider adapter (what `skyfleet serve` will do): N
 * launches of `run: true` (one node each), at most C in flight, on a sandbox in this process on 127.0.0.1:0 with a
 * fast time scale. Prints launch calls per second (accepted by the sandbox), the p50/p99 latency of one launch call,
 * and the time until every launch has succeeded (its process started and exited). Run after `npm run build`:
 *   node bench/sandbox-bench.mjs [N=1000] [C=32]
 * The machine is shared: the load average is printed with the numbers.
 */
import { loadavg } from 'node:os';
import { SandboxConfigSchema } from '../dist/sandbox/config.js';
import { startSandbox } from '../dist/sandbox/serve.js';
import { SandboxProvider } from '../dist/providers/sandbox-provider.js';

const N = Number(process.argv[2] ?? 1000);
const C = Number(process.argv[3] ?? 32);
const config = SandboxConfigSchema.parse({
  timeScale: 1000,
  logLines: 50,
  providers: {
    aws: {
      provisioningSeconds: 1,
      regions: {
        'us-east-1': { instanceTypes: { 'g6.xlarge': { gpu: 'L4', gpusPerInstance: 1, capacity: N, price: 0.8 } } },
      },
    },
  },
});
const sandbox = await startSandbox(config, { port: 0 });
const p = new SandboxProvider({ url: sandbox.url, provider: 'aws' });
const lat = [];
const t0 = performance.now();
let next = 0;
async function worker() {
  while (next < N) {
    const i = next++;
    const s = performance.now();
    await p.launch({
      clientToken: `b${i}/1`,
      workloadId: `b${i}`,
      team: 'bench',
      region: 'us-east-1',
      instanceType: 'g6.xlarge',
      instances: 1,
      spot: false,
      run: 'true',
      resumeFrom: 0,
    });
    lat.push(performance.now() - s);
  }
}
await Promise.all(Array.from({ length: C }, worker));
const launched = performance.now() - t0;
let done = 0;
for (;;) {
  const all = await p.listLaunches();
  done = all.filter((l) => l.state === 'succeeded').length;
  if (done === N || all.some((l) => l.state === 'failed')) break;
  await new Promise((r) => setTimeout(r, 50));
}
const finished = performance.now() - t0;
lat.sort((a, b) => a - b);
const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))].toFixed(1);
console.log(
  JSON.stringify({
    launches: N,
    concurrency: C,
    succeeded: done,
    launchCallsPerSecond: Math.round((N / launched) * 1000),
    launchP50Ms: Number(q(0.5)),
    launchP99Ms: Number(q(0.99)),
    allSucceededAfterS: Number((finished / 1000).toFixed(2)),
    loadavg1: Number(loadavg()[0].toFixed(2)),
  }),
);
await sandbox.close();
