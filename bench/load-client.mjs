#!/usr/bin/env node
// The load generator of bench/load-bench.mjs, in its own process: `concurrency` keep-alive connections, each sending
// one POST /v1/workloads after the other (a closed loop) for `seconds`; prints one JSON line: requests, answers by
// status, placements (answers whose workload is `placed`), submit latency percentiles (ms) and the wall time.
// Usage: node bench/load-client.mjs URL TOKEN CONCURRENCY SECONDS TEAM [PREFIX]
import http from 'node:http';

const [url, token, concurrencyText, secondsText, team, prefix = 'load'] = process.argv.slice(2);
if (!url || !token || !team) {
  console.error('usage: node bench/load-client.mjs URL TOKEN CONCURRENCY SECONDS TEAM [PREFIX]');
  process.exit(2);
}
const concurrency = Number(concurrencyText);
const seconds = Number(secondsText);
const target = new URL(`/v1/workloads?team=${encodeURIComponent(team)}`, url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          let placed = false;
          if (res.statusCode === 201) {
            try {
              placed = JSON.parse(Buffer.concat(chunks).toString('utf8')).workloads[0]?.state === 'placed';
            } catch {
              placed = false;
            }
          }
          resolve({ status: res.statusCode ?? 0, ms, placed });
        });
      },
    );
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - t0) / 1e6, placed: false }));
    req.end(body);
  });
}

const latencies = [];
const statuses = {};
let placed = 0;
let n = 0;
const start = process.hrtime.bigint();
const end = start + BigInt(Math.round(seconds * 1e9));
async function worker(w) {
  while (process.hrtime.bigint() < end) {
    const i = n++;
    const body = JSON.stringify({
      name: `${prefix}-${w}-${i}`,
      workload: { kind: 'batch', gpus: ['L4'], count: 1, work: '1 GPU-h', tiers: ['on-demand'] },
      run: 'true',
    });
    const r = await post(body);
    latencies.push(r.ms);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.placed) placed++;
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
const wall = Number(process.hrtime.bigint() - start) / 1e9;
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? null;
const round = (x) => (x === null ? null : Math.round(x * 100) / 100);
console.log(
  JSON.stringify({
    requests: latencies.length,
    statuses,
    placed,
    wallSeconds: round(wall),
    requestsPerSecond: round(latencies.length / wall),
    placementsPerSecond: round(placed / wall),
    latencyMs: { p50: round(pct(50)), p90: round(pct(90)), p99: round(pct(99)), max: round(latencies.at(-1) ?? null) },
  }),
);
