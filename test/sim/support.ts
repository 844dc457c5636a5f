/** Tiny scenarios for simulator tests, read through the real scenario loader with the bundled catalog. */
import { loadScenarioText } from '../../src/scenario/load.js';
import { loadCatalog, loadThroughput } from '../../src/cli/load.js';
import type { Scenario } from '../../src/core/types.js';
import type { OutageEvent } from '../../src/sim/outages/events.js';
import { scenarioJobs, scenarioServices, type SimInput } from '../../src/sim/inputs.js';

const catalog = loadCatalog();
const throughput = loadThroughput();

export function scenario(yaml: string): Scenario {
  const r = loadScenarioText(yaml, 'test.yaml', { catalog, throughput });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.code} ${i.message}`).join('\n'));
  return r.value;
}

export function input(s: Scenario, outages: OutageEvent[] = []): SimInput {
  const horizon = s.request.horizon;
  return { scenario: s, horizon, jobs: scenarioJobs(s, horizon), services: scenarioServices(s, horizon), outages };
}

export const H = 3_600_000;
export const T0 = Date.UTC(2027, 0, 1);
