/**
 * A builder of tiny compiled Problems for solver tests, so that the optimum can be computed by hand.
 * Buckets are `bucketHours` long (default 1 h); a candidate occupies its GPUs for whole buckets, so one unit of an
 * item on a pool spends price × gpus × hours in each active bucket.
 */
import { contractId, providerId } from '../../../core/ids.js';
import type { Tier } from '../../../core/types.js';
import type { Candidate, CapacityGroup, CommitmentTerm, Item, Pool, Problem } from '../../problem.js';

export interface PoolSpec {
  readonly provider: string;
  /** USD per GPU-hour, constant or per bucket. */
  readonly price: number | readonly number[];
  readonly tier?: Tier;
  /** Capacity groups (indexes into ProblemSpec.groups). */
  readonly groups?: readonly number[];
  /** Commitment term burned in every bucket, or per bucket (-1 = none). */
  readonly burns?: number | readonly number[];
}

export interface GroupSpec {
  readonly capacity: number | readonly number[];
  readonly kind?: CapacityGroup['kind'];
}

export interface TermSpec {
  readonly provider: string;
  readonly minimum: number;
  readonly unit?: 'usd' | 'gpu-hours';
  readonly preBurned?: number;
  readonly next?: number;
  readonly carryForwardFraction?: number;
  readonly shortfallRate?: number;
  readonly contractId?: string;
}

export interface ItemSpec {
  readonly units?: number; // default 1
  readonly divisible?: boolean; // default false (a gang)
  readonly gpus?: number; // GPUs per unit, default 8
  readonly pools?: readonly number[]; // default: every pool
  readonly first?: number; // default 0
  readonly last?: number; // default: last bucket
  readonly priority?: number;
  readonly team?: string;
  readonly firstRefusal?: readonly string[];
  readonly maxUnitsPerProvider?: number;
  readonly minProviders?: number;
  readonly preemptionCost?: number; // per unit
  /** Per pool (index into ProblemSpec.pools) preference, USD per unit. */
  readonly preference?: Readonly<Record<number, number>>;
  readonly replicaGpus?: number;
  readonly unitsPerReplica?: number;
}

export interface ProblemSpec {
  readonly buckets?: number; // default 1
  readonly bucketHours?: number; // default 1
  readonly pools: readonly PoolSpec[];
  readonly groups?: readonly GroupSpec[];
  readonly terms?: readonly TermSpec[];
  readonly items: readonly ItemSpec[];
  readonly maxSpendShare?: Readonly<Record<string, number>>;
  readonly maxGpuShare?: Readonly<Record<string, number>>;
  readonly teamBudgets?: Readonly<Record<string, number>>;
  readonly sunkByProvider?: Readonly<Record<string, number>>;
}

const perBucket = <T>(v: T | readonly T[], b: number, fallback: T): T =>
  Array.isArray(v) ? ((v as readonly T[])[b] ?? fallback) : (v as T);

export function tinyProblem(spec: ProblemSpec): Problem {
  const nb = spec.buckets ?? 1;
  const hours = spec.bucketHours ?? 1;
  const buckets = Array.from({ length: nb }, (_, index) => ({
    index,
    start: index * hours * 3_600_000,
    end: (index + 1) * hours * 3_600_000,
    hours,
  }));
  const pools: Pool[] = spec.pools.map((p, index) => {
    const price = Array.from({ length: nb }, (_, b) => perBucket(p.price, b, 0));
    return {
      index,
      id: `${p.provider}/r/H100/${p.tier ?? 'on-demand'}/${index}`,
      provider: providerId(p.provider),
      region: 'r',
      geo: 'us',
      gpu: 'H100',
      tier: p.tier ?? 'on-demand',
      instanceType: 'p5',
      gpusPerInstance: 8,
      listPricePerGpuHour: Math.max(...price),
      pricePerGpuHour: price,
      burns: Array.from({ length: nb }, (_, b) => perBucket(p.burns ?? -1, b, -1)),
      groups: [...(p.groups ?? [])],
    };
  });
  const groups: CapacityGroup[] = (spec.groups ?? []).map((g, index) => ({
    index,
    id: `g${index}`,
    kind: g.kind ?? 'provider-quota',
    capacity: Array.from({ length: nb }, (_, b) => perBucket(g.capacity, b, 0)),
  }));
  const commitments: CommitmentTerm[] = (spec.terms ?? []).map((t, index) => ({
    index,
    contractId: contractId(t.contractId ?? `${t.provider}-contract`),
    provider: providerId(t.provider),
    unit: t.unit ?? 'usd',
    periodIndex: index,
    start: 0,
    end: nb * hours * 3_600_000,
    minimum: t.minimum,
    preBurned: t.preBurned ?? 0,
    next: t.next ?? -1,
    carryForwardFraction: t.carryForwardFraction ?? 0,
    shortfallRate: t.shortfallRate ?? 1,
  }));
  const candidates: Candidate[] = [];
  const items: Item[] = spec.items.map((it, index) => {
    const units = it.units ?? 1;
    const gpus = it.gpus ?? 8;
    const first = it.first ?? 0;
    const last = it.last ?? nb - 1;
    const cands: number[] = [];
    for (const pi of it.pools ?? pools.map((p) => p.index)) {
      const pool = pools[pi]!;
      const gpuHours = Array.from({ length: last - first + 1 }, (_, j) => gpus * buckets[first + j]!.hours);
      const spend = gpuHours.map((gh, j) => gh * pool.pricePerGpuHour[first + j]!);
      cands.push(candidates.length);
      candidates.push({
        item: index,
        pool: pi,
        gpusPerUnit: gpus,
        firstBucket: first,
        lastBucket: last,
        gpuHours,
        spend,
        preemptionCost: it.preemptionCost ?? 0,
        listCost: gpuHours.reduce((s, g) => s + g, 0) * pool.listPricePerGpuHour,
        preference: it.preference?.[pi] ?? 0,
        durationHours: (last - first + 1) * hours,
        ...(it.replicaGpus !== undefined ? { replicaGpus: it.replicaGpus } : {}),
        ...(it.unitsPerReplica !== undefined ? { unitsPerReplica: it.unitsPerReplica } : {}),
      });
    }
    return {
      index,
      workloadId: `w${index}`,
      kind: it.divisible ? 'inference' : 'training',
      units,
      divisible: it.divisible ?? false,
      priority: it.priority ?? 1,
      team: it.team ?? 'team',
      class: 'c',
      firstRefusal: (it.firstRefusal ?? []).map(providerId),
      maxUnitsPerProvider: it.maxUnitsPerProvider ?? units,
      minProviders: it.minProviders ?? 1,
      candidates: cands,
    };
  });
  const sunk = spec.sunkByProvider ?? {};
  const providers = [
    ...new Set([...pools.map((p) => p.provider), ...commitments.map((t) => t.provider), ...Object.keys(sunk)]),
  ];
  return {
    buckets,
    pools,
    groups,
    commitments,
    items,
    candidates,
    providers: providers.map(providerId),
    maxSpendShare: { ...spec.maxSpendShare },
    maxGpuShare: { ...spec.maxGpuShare },
    teamBudgets: { ...spec.teamBudgets },
    sunkCost: Object.values(sunk).reduce((s, v) => s + v, 0),
    sunkByProvider: { ...sunk },
  };
}

/** Units placed per pool index, summed over items (a compact way to assert where things went). */
export function unitsByPool(
  problem: Problem,
  assignments: readonly (readonly { candidate: number; units: number }[])[],
): Record<number, number> {
  const out: Record<number, number> = {};
  for (const list of assignments) {
    for (const a of list) {
      const pool = problem.candidates[a.candidate]!.pool;
      out[pool] = (out[pool] ?? 0) + a.units;
    }
  }
  return out;
}
