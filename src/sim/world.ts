/**
 * The world the simulator runs in, built from the engine's own supply model so that the policy tested here sees the
 * pools, capacity groups, prices and commitment terms production planning sees:
 *   - time buckets: engine/buckets.ts `contractBuckets`, cut at every contract, period and ramp boundary (as compile.ts);
 *   - pools, capacity groups, commitment terms, sunk reserved charges: engine/pools.ts `buildSupply`;
 *   - which pools a workload may use: the decision pipeline's online filters (engine/pipeline.ts `onlineFilters`), run
 *     per (workload, gang size) and cached: its static stage, plus its clause stage for policies that honour contract
 *     clauses. Its planning stage (deadline, static capacity over the plan) is the planner's only: the simulator
 *     tracks capacity instantaneously and a late job runs late (counted as a deadline miss).
 * Pools are grouped by location (provider, region) for outages.
 */
import type { Scenario, Workload } from '../core/types.js';
import type { Bucket, CapacityGroup, CommitmentTerm, Pool } from '../engine/problem.js';
import type { FilterContext } from '../engine/filters/filter.js';
import { contractBuckets } from '../engine/buckets.js';
import { admits, DEFAULT_PIPELINE, onlineFilters } from '../engine/pipeline.js';
import { shapeBlock } from '../engine/compile/shape-pruning.js';
import { buildSupply } from '../engine/pools.js';
import { multiNodeOf, packing, termsOfPools, undominatedBlocks } from '../engine/shape.js';

export const HOUR_MS = 3_600_000;

export interface Candidate {
  readonly pool: number;
  /** GPUs occupied: a gang rounded up to whole instances; for inference, one block of whole instances (engine/shape.ts:
   * one instance holding as many replicas as fit, or the instances of one multi-node replica). */
  readonly gpus: number;
  /** Throughput of the pool's GPU relative to H100 for this workload; for inference, the H100-replica units one block
   * serves (its replicas × that throughput). */
  readonly rel: number;
}

export interface World {
  readonly scenario: Scenario;
  readonly start: number;
  readonly end: number;
  readonly buckets: readonly Bucket[];
  readonly pools: readonly Pool[];
  readonly groups: readonly CapacityGroup[];
  readonly terms: readonly CommitmentTerm[];
  readonly sunkCost: number;
  /** Location index of each pool; locations[k] = {provider, region}. */
  readonly poolLoc: Int32Array;
  readonly locations: readonly { readonly provider: string; readonly region: string }[];
  readonly providers: readonly string[];
  /** Spot preemptions per hour, per provider id. */
  readonly preemptionsPerHour: Readonly<Record<string, number>>;
  /** USD per H100-equivalent GPU-hour at which unserved work is valued: the dearest list price per H100-equivalent
   * among the scenario's non-spot, non-reserved pools (what buying the missing capacity would cost at worst). */
  readonly unservedPricePerH100Hour: number;
  /** Candidates of a workload with a given gang size (inference: gang size = GPUs per replica). */
  candidates(w: Workload, gpus: number, opts: { clauses: boolean; geo?: string }): readonly Candidate[];
}

export function buildWorld(scenario: Scenario, horizon: { start: number; end: number }): World {
  const { snapshot } = scenario;
  const buckets = contractBuckets(horizon.start, horizon.end, scenario.request.bucketHours, snapshot.contracts);
  const supply = buildSupply(snapshot, buckets);
  const locIndex = new Map<string, number>();
  const locations: { provider: string; region: string }[] = [];
  const poolLoc = new Int32Array(supply.pools.length);
  supply.pools.forEach((p, i) => {
    const key = `${p.provider}\u0000${p.region}`;
    let k = locIndex.get(key);
    if (k === undefined) {
      k = locations.length;
      locations.push({ provider: p.provider, region: p.region });
      locIndex.set(key, k);
    }
    poolLoc[i] = k;
  });
  const providerById = new Map(snapshot.providers.map((p) => [p.id, p]));
  const preemptionsPerHour: Record<string, number> = {};
  for (const p of snapshot.providers) preemptionsPerHour[p.id] = p.spotPreemptionsPerHour;
  let dearest = 0;
  for (const p of supply.pools) {
    if (p.tier === 'spot' || p.tier === 'reserved') continue;
    const rel = snapshot.throughput[p.gpu];
    if (rel && rel > 0) dearest = Math.max(dearest, p.listPricePerGpuHour / rel);
  }
  const cache = new Map<Workload, Map<string, Candidate[]>>();
  const termsOf = termsOfPools(supply.pools);

  const candidates = (w: Workload, gpus: number, opts: { clauses: boolean; geo?: string }): readonly Candidate[] => {
    let byKey = cache.get(w);
    if (!byKey) {
      byKey = new Map();
      cache.set(w, byKey);
    }
    const key = `${gpus}|${opts.clauses ? 1 : 0}|${opts.geo ?? ''}`;
    const hit = byKey.get(key);
    if (hit) return hit;
    const filters = onlineFilters(DEFAULT_PIPELINE, opts);
    const out: Candidate[] = [];
    const start = Math.max(w.start, horizon.start);
    for (const pool of supply.pools) {
      if (w.kind === 'inference' && pool.tier === 'spot') continue; // inference is never put on spot here (see simulate.ts)
      const provider = providerById.get(pool.provider);
      if (!provider) continue;
      const rel = w.throughput?.[pool.gpu] ?? snapshot.throughput[pool.gpu];
      const occupied = w.kind === 'inference' ? gpus : Math.ceil(gpus / pool.gpusPerInstance) * pool.gpusPerInstance;
      const ctx: FilterContext = {
        workload: w,
        geo: opts.geo,
        pool,
        provider,
        contracts: snapshot.contracts,
        policy: snapshot.policy,
        throughput: rel,
        gpus: occupied,
        start,
        end: horizon.end,
        minCapacity: Infinity,
        first: 0,
        last: buckets.length - 1,
        durationHours: (horizon.end - start) / HOUR_MS,
      };
      if (!admits(filters, ctx)) continue;
      if (w.kind === 'inference') {
        // The instance-shape filter passed: a replica fits the shape. The simulator places whole blocks of instances.
        const pack = packing(gpus, pool.gpusPerInstance, multiNodeOf(w))!;
        out.push({ pool: pool.index, gpus: pack.instances * pool.gpusPerInstance, rel: pack.replicas * rel! });
        continue;
      }
      out.push({ pool: pool.index, gpus: occupied, rel: rel! });
    }
    // A shape whose block another shape on the same terms matches with no more GPUs at no higher price is never
    // better (engine/shape.ts blockDominates): leave it out, as compile does, so that scans stay short.
    const kept =
      out.length > 1
        ? undominatedBlocks(out.map((c) => shapeBlock(supply.pools[c.pool]!, c.gpus, c.rel, termsOf))).map(
            (j) => out[j]!,
          )
        : out;
    byKey.set(key, kept);
    return kept;
  };

  return {
    scenario,
    start: horizon.start,
    end: horizon.end,
    buckets,
    pools: supply.pools,
    groups: supply.groups,
    terms: supply.commitments,
    sunkCost: supply.sunkCost,
    poolLoc,
    locations,
    providers: snapshot.providers.map((p) => p.id),
    preemptionsPerHour,
    unservedPricePerH100Hour: dearest,
    candidates,
  };
}
