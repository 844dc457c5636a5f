/**
 * Prometheus metrics (prom-client), one registry per server: requests by route and status, request latency, the
 * workloads by state (asked of the control plane at each scrape) and placements made by the reconcile loop.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Placements the reconcile loop committed (serve calls it after each tick). */
  countPlacements(n: number): void;
}

export function createMetrics(workloadsByState: () => Promise<Readonly<Record<string, number>>>): ServerMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'skyfleet_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'skyfleet_http_request_duration_seconds',
    help: 'HTTP request latency, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const placements = new Counter({
    name: 'skyfleet_placements_total',
    help: 'placements committed by the reconcile loop',
    registers: [registry],
  });
  new Gauge({
    name: 'skyfleet_workloads',
    help: 'workloads by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts = await workloadsByState();
      this.reset();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  // The labelled series of each (method, route, status), looked up once: prom-client hashes the labels on every call.
  const series = new Map<string, { inc(): void; observe(seconds: number): void }>();
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let s = series.get(key);
      if (s === undefined) {
        const count = requests.labels(method, route, String(status));
        const time = latency.labels(method, route);
        s = { inc: () => count.inc(), observe: (x) => time.observe(x) };
        if (series.size < 1_000) series.set(key, s);
      }
      s.inc();
      s.observe(seconds);
    },
    countPlacements(n) {
      if (n > 0) placements.inc(n);
    },
  };
}
