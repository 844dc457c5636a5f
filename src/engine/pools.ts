/**
 * Pools, capacity groups and commitment terms: the supply side of the compiled problem.
 *
 * For each declared provider, each (region, GPU model) in the catalog and each instance shape worth offering there
 * (`instanceShapes`, `undominated`: per GPU count the cheapest instance type per GPU, a size dropped only when a larger
 * one is strictly cheaper per GPU; fractional-GPU instance types are left out: they cannot host a replica or a gang):
 *   - a `committed` pool when a contract with the provider exists (its discount inside the contract term, list price
 *     outside it; its spend burns the commitment period the bucket falls in), else an `on-demand` pool at list price;
 *   - a `spot` pool when the catalog has a spot price and the provider declares a preemption rate (> 0);
 * with prices per bucket following the provider's `priceChangePerYear` (a price change takes effect at a bucket start);
 * and each contract's reserved block becomes a `reserved` pool with its own ramp, priced 0 (it is sunk), made of the
 * instance type the contract declares for it or else the catalog's largest shape of its GPU in its region.
 * A pool's price is per GPU-hour of its instance type (instance price / GPUs per instance); placements on it take
 * whole instances (compile.ts), so what they pay is instances × the instance's price.
 */
import type { ContractId, Contract, Offering, ProviderSpec, Snapshot } from '../core/types.js';
import { rampAt } from '../core/ramp.js';
import { geoOfRegion } from '../core/geo.js';
import type { Bucket, CapacityGroup, CommitmentTerm, Pool } from './problem.js';

export interface Supply {
  readonly pools: Pool[];
  readonly groups: CapacityGroup[];
  readonly commitments: CommitmentTerm[];
  readonly sunkCost: number;
  readonly sunkByProvider: Record<string, number>;
}

/** A pool with every field present, always in the same order: all pools share one object shape, which keeps the
 * solver's property reads on them monomorphic (a large plan reads them millions of times). */
function makePool(p: Pool): Pool {
  return {
    index: p.index,
    id: p.id,
    provider: p.provider,
    region: p.region,
    geo: p.geo,
    gpu: p.gpu,
    tier: p.tier,
    instanceType: p.instanceType,
    gpusPerInstance: p.gpusPerInstance,
    contractId: p.contractId,
    blockId: p.blockId,
    listPricePerGpuHour: p.listPricePerGpuHour,
    pricePerGpuHour: p.pricePerGpuHour,
    burns: p.burns,
    groups: p.groups,
  };
}

/** One instance shape of a (region, GPU model): the cheapest instance type per GPU with that many GPUs, and the
 * cheapest spot price per GPU among the instance types of that size. */
export interface Shape {
  offering: Offering;
  perGpu: number;
  spotOffering?: Offering;
  spotPerGpu?: number;
}

/**
 * The instance shapes each (region, GPU model) of a provider offers, keyed `region\0gpu`, smallest first. Only whole
 * GPUs count (a fractional-GPU instance cannot host a replica or a gang). Per GPU count the cheapest instance type per
 * GPU stands for the size; a size is dropped when a larger one is strictly cheaper per GPU (`undominated`).
 */
export function instanceShapes(offerings: readonly Offering[], spec: ProviderSpec): Map<string, Shape[]> {
  const bySize = new Map<string, Map<number, Shape>>();
  for (const o of offerings) {
    if (o.provider !== spec.id || o.gpusPerInstance < 1 || !Number.isInteger(o.gpusPerInstance)) continue;
    if (spec.regions && !spec.regions.includes(o.region)) continue;
    const key = `${o.region}\u0000${o.gpu}`;
    let sizes = bySize.get(key);
    if (!sizes) {
      sizes = new Map();
      bySize.set(key, sizes);
    }
    const perGpu = o.pricePerHour / o.gpusPerInstance;
    const spot = o.spotPricePerHour !== undefined ? o.spotPricePerHour / o.gpusPerInstance : undefined;
    const cur = sizes.get(o.gpusPerInstance);
    if (!cur) {
      sizes.set(
        o.gpusPerInstance,
        spot === undefined ? { offering: o, perGpu } : { offering: o, perGpu, spotOffering: o, spotPerGpu: spot },
      );
      continue;
    }
    if (perGpu < cur.perGpu) {
      cur.offering = o;
      cur.perGpu = perGpu;
    }
    if (spot !== undefined && (cur.spotPerGpu === undefined || spot < cur.spotPerGpu)) {
      cur.spotOffering = o;
      cur.spotPerGpu = spot;
    }
  }
  const out = new Map<string, Shape[]>();
  for (const [key, sizes] of bySize)
    out.set(
      key,
      [...sizes.values()].sort((a, b) => a.offering.gpusPerInstance - b.offering.gpusPerInstance),
    );
  return out;
}

/**
 * The shapes worth offering at a price (list or spot per GPU; shapes without one are left out): a shape is dominated,
 * and dropped, when a shape with more GPUs per instance is strictly cheaper per GPU — it holds every replica the
 * smaller one holds, at a lower rate. A smaller shape at the same or a lower rate is kept: it wastes less on a small
 * replica or gang. `shapes` is smallest first.
 */
export function undominated(shapes: readonly Shape[], rate: (s: Shape) => number | undefined): Shape[] {
  const out: Shape[] = [];
  let best = Infinity; // least rate among the larger shapes seen so far
  for (let i = shapes.length - 1; i >= 0; i--) {
    const r = rate(shapes[i]!);
    if (r === undefined) continue;
    if (r <= best) out.push(shapes[i]!);
    best = Math.min(best, r);
  }
  return out.reverse();
}

/** The shape a reserved block is made of: the instance type its contract declares, else the catalog's largest shape
 * for its GPU in its region (reserved capacity is sold as whole nodes, usually of 8 GPUs). */
function reservedShape(shapes: readonly Shape[] | undefined, declared: string | undefined): Shape | undefined {
  if (!shapes || shapes.length === 0) return undefined;
  if (declared !== undefined) {
    const hit = shapes.find((s) => s.offering.instanceType === declared);
    if (hit) return hit;
  }
  return shapes[shapes.length - 1];
}

/** The contract of `provider` in force at instant t (the first declared wins when several overlap). */
function contractAt(contracts: readonly Contract[], t: number): Contract | undefined {
  return contracts.find((c) => c.start <= t && t < c.end);
}

export function buildSupply(snapshot: Snapshot, buckets: readonly Bucket[]): Supply {
  const pools: Pool[] = [];
  const groups: CapacityGroup[] = [];
  const commitments: CommitmentTerm[] = [];
  const sunkByProvider: Record<string, number> = {};
  let sunkCost = 0;
  const nb = buckets.length;
  const constant = (v: number): number[] => new Array<number>(nb).fill(v);
  const addGroup = (id: string, kind: CapacityGroup['kind'], capacity: number[]): number => {
    groups.push({ index: groups.length, id, kind, capacity });
    return groups.length - 1;
  };

  // Commitment terms: one per commitment period overlapping the horizon, prorated when the horizon cuts it.
  const termAt = new Map<string, number[]>(); // contract id -> term index per bucket
  for (const c of snapshot.contracts) {
    const perBucket = constant(-1);
    termAt.set(c.id, perBucket);
    if (!c.commitment) continue;
    let prev = -1;
    for (const [pi, p] of c.commitment.periods.entries()) {
      const inside = buckets.filter((b) => b.start >= p.start && b.end <= p.end);
      if (inside.length === 0) continue;
      const covered = inside.reduce((s, b) => s + b.hours, 0);
      const periodHours = (p.end - p.start) / 3_600_000;
      const index = commitments.length;
      commitments.push({
        index,
        contractId: c.id,
        provider: c.provider,
        unit: c.commitment.unit,
        periodIndex: pi,
        start: p.start,
        end: p.end,
        minimum: p.minimum * Math.min(1, covered / periodHours),
        preBurned: 0,
        next: -1,
        carryForwardFraction: c.commitment.carryForwardFraction,
        shortfallRate: 0,
      });
      if (prev >= 0) commitments[prev] = { ...commitments[prev]!, next: index };
      prev = index;
      for (const b of inside) perBucket[b.index] = index;
    }
  }

  for (const spec of snapshot.providers) {
    sunkByProvider[spec.id] = 0;
    const contracts = snapshot.contracts.filter((c) => c.provider === spec.id);
    const quota = addGroup(`${spec.id}/quota`, 'provider-quota', constant(spec.quotaGpus));
    const regionGroups = new Map<string, number>();
    for (const [region, q] of Object.entries(spec.regionQuotaGpus ?? {})) {
      regionGroups.set(region, addGroup(`${spec.id}/${region}/quota`, 'region-quota', constant(q)));
    }
    const spotGroup =
      spec.spotPreemptionsPerHour > 0
        ? addGroup(`${spec.id}/spot`, 'spot-capacity', constant(Math.floor(spec.quotaGpus * spec.spotCapacityFraction)))
        : -1;
    const shapes = instanceShapes(snapshot.catalog.offerings, spec);
    // Price changes: list and spot prices move by priceChangePerYear, compounded from the horizon start (the date the
    // catalog's prices are taken to hold); a bucket takes the price at its start. Reserved rates are fixed by contract.
    const t0 = buckets[0]?.start ?? 0;
    const trend = buckets.map((b) => (1 + (spec.priceChangePerYear ?? 0)) ** ((b.start - t0) / (8760 * 3_600_000)));
    let minCommittedRate = Infinity;
    for (const sizes of shapes.values()) {
      for (const { offering: o, perGpu } of undominated(sizes, (s) => s.perGpu)) {
        const base = [quota, ...(regionGroups.has(o.region) ? [regionGroups.get(o.region)!] : [])];
        const geo = geoOfRegion(o.region) ?? 'unknown';
        const price: number[] = [];
        const burns: number[] = [];
        let firstContract: ContractId | undefined;
        for (const b of buckets) {
          const c = contractAt(contracts, b.start);
          const list = perGpu * trend[b.index]!;
          price.push(c ? list * (1 - c.discount) : list);
          burns.push(c ? (termAt.get(c.id)![b.index] ?? -1) : -1);
          if (c && !firstContract) firstContract = c.id;
          if (c) minCommittedRate = Math.min(minCommittedRate, perGpu * (1 - c.discount));
        }
        const tier = contracts.length > 0 ? 'committed' : 'on-demand';
        pools.push(
          makePool({
            index: pools.length,
            id: `${spec.id}/${o.region}/${o.gpu}/${tier}/${o.instanceType}`,
            provider: spec.id,
            region: o.region,
            geo,
            gpu: o.gpu,
            tier,
            instanceType: o.instanceType,
            gpusPerInstance: o.gpusPerInstance,
            ...(firstContract ? { contractId: firstContract } : {}),
            listPricePerGpuHour: perGpu,
            pricePerGpuHour: price,
            burns,
            groups: base,
          }),
        );
      }
      if (spotGroup < 0) continue;
      for (const { spotOffering: o, spotPerGpu } of undominated(sizes, (s) => s.spotPerGpu)) {
        const base = [quota, ...(regionGroups.has(o!.region) ? [regionGroups.get(o!.region)!] : [])];
        pools.push(
          makePool({
            index: pools.length,
            id: `${spec.id}/${o!.region}/${o!.gpu}/spot/${o!.instanceType}`,
            provider: spec.id,
            region: o!.region,
            geo: geoOfRegion(o!.region) ?? 'unknown',
            gpu: o!.gpu,
            tier: 'spot',
            instanceType: o!.instanceType,
            gpusPerInstance: o!.gpusPerInstance,
            listPricePerGpuHour: spotPerGpu!,
            pricePerGpuHour: trend.map((f) => spotPerGpu! * f),
            burns: constant(-1),
            groups: [...base, spotGroup],
          }),
        );
      }
    }
    for (const term of commitments) {
      if (term.provider === spec.id && term.unit === 'gpu-hours') {
        commitments[term.index] = { ...term, shortfallRate: Number.isFinite(minCommittedRate) ? minCommittedRate : 0 };
      }
    }

    for (const c of contracts) {
      for (const block of c.reserved) {
        const capacity = buckets.map((b) => (b.start >= c.start && b.end <= c.end ? rampAt(block.ramp, b.start) : 0));
        const group = addGroup(`${c.id}/${block.id}`, 'reserved-block', capacity);
        const listed = reservedShape(shapes.get(`${block.region}\u0000${block.gpu}`), block.instanceType);
        buckets.forEach((b, i) => {
          const charge = (capacity[i] ?? 0) * b.hours * block.ratePerGpuHour;
          sunkCost += charge;
          sunkByProvider[spec.id] = (sunkByProvider[spec.id] ?? 0) + charge;
          const t = termAt.get(c.id)![i] ?? -1;
          if (block.countsTowardCommitment && t >= 0) {
            const term = commitments[t]!;
            const burned = term.unit === 'usd' ? charge : (capacity[i] ?? 0) * b.hours;
            commitments[t] = { ...term, preBurned: term.preBurned + burned };
          }
        });
        pools.push(
          makePool({
            index: pools.length,
            id: `${spec.id}/${block.region}/${block.gpu}/reserved/${block.id}`,
            provider: spec.id,
            region: block.region,
            geo: geoOfRegion(block.region) ?? 'unknown',
            gpu: block.gpu,
            tier: 'reserved',
            instanceType: listed?.offering.instanceType ?? block.instanceType ?? 'reserved-block',
            gpusPerInstance: listed?.offering.gpusPerInstance ?? 1,
            contractId: c.id,
            blockId: block.id,
            listPricePerGpuHour: listed?.perGpu ?? block.ratePerGpuHour,
            pricePerGpuHour: constant(0),
            burns: constant(-1),
            groups: [group],
          }),
        );
      }
    }
  }
  return { pools, groups, commitments, sunkCost, sunkByProvider };
}
