/**
 * The fleet the control plane places on: the scenario given to `serve --fleet` (providers, contracts, policies,
 * catalog, throughput) turned into the simulator's World (sim/world.ts: the engine's pools, capacity groups and
 * commitment terms, and each workload's candidates through the decision pipeline's online filters, engine/pipeline.ts
 * — static and clause stages). Prices come from the engine's one cost model, as the skyfleet online policy prices
 * them (sim/policy.ts `deadlineAwareCost` over engine/effective-cost.ts). Nothing here is a second copy of a filter or
 * of a cost formula: this file only asks them.
 */
import type { FilterContext } from '../../engine/filters/filter.js';
import { DEFAULT_PIPELINE, onlineFilters } from '../../engine/pipeline.js';
import type { Reason } from '../../core/codes.js';
import type { Scenario, Workload } from '../../core/types.js';
import type { Pool } from '../../engine/problem.js';
import { deadlineAwareCost, type Placement as SimPlacement, type PolicyView } from '../../sim/policy.js';
import { buildWorld, type Candidate, HOUR_MS, type World } from '../../sim/world.js';

/** Days of horizon a fleet world covers when `now` lies outside the scenario's horizon. */
export const FLEET_HORIZON_FALLBACK_DAYS = 365;

export interface FleetWorld {
  readonly world: World;
  readonly providers: readonly string[];
  /** The time bucket holding `now` (-1 outside the buckets: list prices). */
  bucketAt(now: number): number;
  /** A workload's candidates (pools that pass every static and clause filter), cached per workload object. */
  candidates(w: Workload): readonly Candidate[];
  /** H100 GPU-hours of work per hour of one GPU of `gpu` for this workload (its throughput relative to H100). */
  rel(w: Workload, gpu: string): number;
  /** The engine's effective cost (USD) of running what is left of `w` (`remaining` H100 GPU-hours) on `c`. */
  cost(w: Workload, c: Candidate, remaining: number, now: number): number;
  /** Instances of the candidate's instance type that `w` needs on `c` (a gang on whole instances; a service: the
   * blocks that serve its demand). */
  instances(w: Workload, c: Candidate): number;
  /** Why each pool of the fleet the workload cannot use is kept out, counted by code and filter (explain). */
  staticRejections(w: Workload): { code: string; source: string; pools: number }[];
}

export function fleetWorld(fleet: Scenario, now: number): FleetWorld {
  const h = fleet.request.horizon;
  const horizon =
    now >= h.start && now < h.end ? h : { start: now, end: now + FLEET_HORIZON_FALLBACK_DAYS * 24 * HOUR_MS };
  const world = buildWorld(fleet, horizon);
  const opts = { clauses: true };
  const gangOf = (w: Workload): number => (w.kind === 'inference' ? w.gpusPerReplica : w.gpuCount);
  const demandUnits = (w: Workload): number =>
    w.kind === 'inference' ? w.demand.reduce((s, d) => s + d.replicas, 0) : 0;
  const bucketAt = (t: number): number => {
    return world.buckets.findIndex((b) => t >= b.start && t < b.end);
  };
  // Candidates depend only on what the static and clause filters read: many workloads of the same shape share one
  // list (the world caches per workload object; a server sees a new object per submission).
  const canonical = new Map<string, Workload>();
  const shapeKey = (w: Workload): string =>
    JSON.stringify([
      w.kind,
      w.gpus,
      gangOf(w),
      w.providers ?? null,
      w.regions ?? null,
      w.tiers,
      w.class,
      w.team,
      w.throughput ?? null,
      w.kind === 'training' ? null : (w.multiNode ?? null),
      w.kind === 'inference' ? w.demand.map((d) => d.geo) : null,
      contractPhase(fleet, w.start),
    ]);
  return {
    world,
    providers: world.providers,
    bucketAt,
    candidates: (w) => {
      const key = shapeKey(w);
      let c = canonical.get(key);
      if (!c) {
        c = w;
        canonical.set(key, w);
      }
      const geo = geoOf(w);
      return world.candidates(c, gangOf(w), geo === undefined ? opts : { ...opts, geo });
    },
    rel: (w, gpu) => w.throughput?.[gpu] ?? fleet.snapshot.throughput[gpu] ?? 1,
    instances: (w, c) => {
      const perBlock = c.gpus / (world.pools[c.pool]?.gpusPerInstance ?? c.gpus);
      return w.kind === 'inference' ? Math.ceil(demandUnits(w) / c.rel) * perBlock : perBlock;
    },
    cost: (w, c, remaining, at) => {
      const view: PolicyView = { world, now: at, bucket: bucketAt(at), commitmentGap: () => undefined };
      if (w.kind === 'inference') {
        const blocks = Math.ceil(demandUnits(w) / c.rel);
        return deadlineAwareCost(view, c, 1, { kind: 'replica', checkpointH: 0 }) * blocks;
      }
      const place: SimPlacement = { kind: 'job', checkpointH: w.checkpointEvery, deadline: w.deadline };
      return deadlineAwareCost(view, c, remaining / (w.gpuCount * c.rel), place);
    },
    staticRejections: (w) => staticRejections(world, fleet, w, gangOf(w), horizon),
  };
}

/** The one geography an inference service serves (a replica group's; the engine's geo filter keeps its replicas
 * there, as the planner's items are), undefined otherwise. */
export function geoOf(w: Workload): string | undefined {
  return w.kind === 'inference' && w.demand.length === 1 ? w.demand[0]?.geo : undefined;
}

/** Which contracts are in force at `t` (the clause filters depend on it), as a short key. */
function contractPhase(fleet: Scenario, t: number): string {
  let k = '';
  for (const c of fleet.snapshot.contracts) k += c.start <= t && t < c.end ? '1' : '0';
  return k;
}

function staticRejections(
  world: World,
  fleet: Scenario,
  w: Workload,
  gpus: number,
  horizon: { start: number; end: number },
): { code: string; source: string; pools: number }[] {
  const filters = onlineFilters(DEFAULT_PIPELINE, { clauses: true });
  const providers = new Map(fleet.snapshot.providers.map((p) => [p.id as string, p]));
  const counts = new Map<string, { code: string; source: string; pools: number }>();
  const start = Math.max(w.start, horizon.start);
  for (const pool of world.pools) {
    const provider = providers.get(pool.provider);
    if (!provider) continue;
    const why = firstReason(filters, contextOf(world, fleet, w, pool, provider, gpus, start, horizon.end));
    if (!why) continue;
    const key = `${why.code}|${why.source}`;
    const hit = counts.get(key);
    if (hit) hit.pools++;
    else counts.set(key, { code: why.code, source: why.source, pools: 1 });
  }
  return [...counts.values()].sort((a, b) => b.pools - a.pools || a.code.localeCompare(b.code));
}

function firstReason(filters: ReturnType<typeof onlineFilters>, ctx: FilterContext): Reason | undefined {
  for (const f of filters) {
    const r = f.check(ctx);
    if (r) return r;
  }
  return undefined;
}

function contextOf(
  world: World,
  fleet: Scenario,
  w: Workload,
  pool: Pool,
  provider: Scenario['snapshot']['providers'][number],
  gpus: number,
  start: number,
  end: number,
): FilterContext {
  const occupied = w.kind === 'inference' ? gpus : Math.ceil(gpus / pool.gpusPerInstance) * pool.gpusPerInstance;
  return {
    workload: w,
    geo: geoOf(w),
    pool,
    provider,
    contracts: fleet.snapshot.contracts,
    policy: fleet.snapshot.policy,
    throughput: w.throughput?.[pool.gpu] ?? fleet.snapshot.throughput[pool.gpu],
    gpus: occupied,
    start,
    end,
    minCapacity: Infinity,
    first: 0,
    last: world.buckets.length - 1,
    durationHours: (end - start) / HOUR_MS,
  };
}
