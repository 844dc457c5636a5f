/**
 * One simulation input per seed, from already-parsed data (the shell reads the files). Pure.
 * Outages: `sample` draws them from statistics fitted to the incident archive (outages/stats.ts, sample.ts; a
 * provider with no data gets the fitted providers' mean), `replay` lays the real 2018–2020 timeline over the horizon
 * (outages/replay.ts; providers with no incidents borrow none), `none` has no outages. Regions that can fail on their
 * own are the regions of the scenario's pools.
 */
import type { Scenario } from '../core/types.js';
import { createRng } from '../core/rng.js';
import { ok, type Result } from '../core/issues.js';
import type { Incident } from './outages/incidents.js';
import { fitOutageStats } from './outages/stats.js';
import { sampleOutages } from './outages/sample.js';
import { replayOutages } from './outages/replay.js';
import type { JobTrace } from './traces/jobs.js';
import type { RequestTrace } from './traces/azure-llm.js';
import {
  demandShape,
  mergeJobs,
  scenarioJobs,
  scenarioServices,
  traceJobs,
  type JobSet,
  type SimInput,
  type TraceOptions,
} from './inputs.js';
import type { World } from './world.js';

export type OutageMode = 'sample' | 'replay' | 'none';

export interface SetupOptions {
  readonly horizon: { readonly start: number; readonly end: number };
  readonly trace?: JobTrace | undefined;
  readonly traceOptions?: TraceOptions;
  readonly requests?: RequestTrace | undefined;
  readonly requestRate?: number;
  readonly incidents?: readonly Incident[] | undefined;
  readonly outages: OutageMode;
  /** Longest sampled outage (minutes); default 3 days. */
  readonly maxOutageMin?: number;
}

/**
 * The jobs of a run. They depend on the seed only when trace arrivals are resampled (`rate` other than 1); otherwise
 * every seed gets the same jobs, so they are built once per (options, scenario) and shared (compare runs many seeds
 * in one worker; a repeated 7-year trace is millions of rows). Job sets are never written to, so sharing is safe.
 */
const seedFreeJobs = new WeakMap<SetupOptions, WeakMap<Scenario, JobSet>>();

function jobsFor(scenario: Scenario, opts: SetupOptions, seed: number): Result<JobSet> {
  const rate = opts.traceOptions?.rate;
  const seedFree = rate === undefined || rate === 1;
  const hit = seedFree ? seedFreeJobs.get(opts)?.get(scenario) : undefined;
  if (hit) return ok(hit);
  let jobs = scenarioJobs(scenario, opts.horizon);
  if (opts.trace) {
    const t = traceJobs(opts.trace, scenario, opts.horizon, opts.traceOptions ?? {}, createRng(seed).fork('trace'));
    if (!t.ok) return t;
    jobs = mergeJobs(jobs, t.value);
  }
  if (seedFree) {
    let byScenario = seedFreeJobs.get(opts);
    if (!byScenario) {
      byScenario = new WeakMap();
      seedFreeJobs.set(opts, byScenario);
    }
    byScenario.set(scenario, jobs);
  }
  return ok(jobs);
}

export function setupInput(scenario: Scenario, world: World, opts: SetupOptions, seed: number): Result<SimInput> {
  const rng = createRng(seed);
  const j = jobsFor(scenario, opts, seed);
  if (!j.ok) return j;
  const jobs = j.value;
  const providers = world.providers;
  const regions: Record<string, string[]> = {};
  for (const l of world.locations) {
    regions[l.provider] ??= [];
    regions[l.provider]!.push(l.region);
  }
  const { start, end } = opts.horizon;
  const incidents = opts.incidents ?? [];
  const outages =
    opts.outages === 'none' || incidents.length === 0
      ? []
      : opts.outages === 'replay'
        ? replayOutages(incidents, { providers, regions, start, end })
        : sampleOutages(
            fitOutageStats(incidents),
            { providers, regions, start, end, maxDurationMin: opts.maxOutageMin ?? 3 * 24 * 60 },
            rng.fork('outages'),
          );
  const shape = opts.requests ? demandShape(opts.requests, opts.requestRate ?? 1) : undefined;
  const services = scenarioServices(scenario, opts.horizon, shape ? 1 : (opts.requestRate ?? 1));
  return ok({ scenario, horizon: opts.horizon, jobs, services, outages, ...(shape ? { demandShape: shape } : {}) });
}
