/**
 * The ledger's input from a simulated world (pure): billing periods are the world's time buckets, commitment periods
 * its commitment terms (prorated minimums, shortfall rates and carry-forward links as the simulator settles them),
 * reserved blocks its reserved capacity groups (GPUs per bucket); and each billed segment of the run becomes one usage
 * record. The control plane will build the same input from its contracts and the providers' usage records.
 */
import type { Contract } from '../core/types.js';
import type { Pool } from '../engine/problem.js';
import type { LedgerInput, LedgerReservation, Pricing, UsageRecord } from '../ledger/usage.js';
import type { UsageSegment } from '../sim/usage-segment.js';
import type { World } from '../sim/world.js';

/** The id of commitment period k (0-based) of contract c. */
export const commitmentId = (contract: string, period: number): string => `${contract}/period-${period + 1}`;

export function ledgerInputFromWorld(world: World): LedgerInput {
  const contracts = world.scenario.snapshot.contracts;
  const stated = new Map(contracts.map((c) => [c.id, c]));
  const groupIndex = new Map(world.groups.map((g) => [g.id, g]));
  const reservations: LedgerReservation[] = [];
  for (const c of contracts)
    for (const block of c.reserved) {
      const group = groupIndex.get(`${c.id}/${block.id}`);
      if (!group) continue;
      const pool = world.pools.find((p) => p.contractId === c.id && p.blockId === block.id);
      reservations.push({
        id: `${c.id}/${block.id}`,
        block: block.id,
        contract: c.id,
        provider: c.provider,
        region: block.region,
        gpu: block.gpu,
        instanceType: pool?.instanceType ?? block.instanceType ?? 'reserved-block',
        ratePerGpuHour: block.ratePerGpuHour,
        countsTowardCommitment: block.countsTowardCommitment,
        gpus: group.capacity,
        listUnitPrice: pool?.listPricePerGpuHour ?? block.ratePerGpuHour,
      });
    }
  return {
    horizon: { start: world.start, end: world.end },
    periods: world.buckets.map((b) => ({ start: b.start, end: b.end, hours: b.hours })),
    contracts: contracts.map((c) => ({
      id: c.id,
      provider: c.provider,
      start: c.start,
      end: c.end,
      discount: c.discount,
    })),
    commitments: world.terms.map((t) => {
      const next = t.next >= 0 ? world.terms[t.next] : undefined;
      return {
        id: commitmentId(t.contractId, t.periodIndex),
        contract: t.contractId,
        provider: t.provider,
        period: t.periodIndex,
        unit: t.unit,
        start: t.start,
        end: t.end,
        minimum: t.minimum,
        statedMinimum: stated.get(t.contractId)?.commitment?.periods[t.periodIndex]?.minimum ?? t.minimum,
        ...(next ? { next: commitmentId(next.contractId, next.periodIndex) } : {}),
        carryForwardFraction: t.carryForwardFraction,
        shortfallRate: t.shortfallRate,
      };
    }),
    reservations,
  };
}

/** Turns the run's billed segments into usage records (list prices per pool and bucket computed once). */
export function usageRecorder(world: World): (s: UsageSegment) => UsageRecord {
  const contracts = world.scenario.snapshot.contracts;
  const list = new Map<Pool, Float64Array>();
  const listOf = (p: Pool, bucket: number): number => {
    let a = list.get(p);
    if (!a) {
      a = Float64Array.from(world.buckets, (b, i) => listPrice(p, i, contractAt(contracts, p.provider, b.start)));
      list.set(p, a);
    }
    return a[bucket] ?? 0;
  };
  // One group string per (pool, workload, contract): records of a group differ only in GPUs, times and prices.
  const groups = new Map<Pool, Map<UsageSegment['owner'], Map<string, string>>>();
  const groupOf = (p: Pool, owner: UsageSegment['owner'], contract: string): string => {
    let byOwner = groups.get(p);
    if (!byOwner) {
      byOwner = new Map();
      groups.set(p, byOwner);
    }
    let byContract = byOwner.get(owner);
    if (!byContract) {
      byContract = new Map();
      byOwner.set(owner, byContract);
    }
    let g = byContract.get(contract);
    if (g === undefined) {
      g = `${p.index}|${owner.id}|${owner.team}|${contract}`;
      byContract.set(contract, g);
    }
    return g;
  };
  // The contract each pool buys under in each bucket: its block's (reserved), the term it burns, else the one in force.
  const contractOf = new Map<Pool, (string | undefined)[]>();
  const contractIn = (p: Pool, bucket: number): string | undefined => {
    let a = contractOf.get(p);
    if (!a) {
      a = world.buckets.map((b, i) => {
        if (p.tier === 'reserved') return p.contractId;
        const term = world.terms[p.burns[i] ?? -1];
        if (term) return term.contractId;
        return p.tier === 'committed' ? contractAt(contracts, p.provider, b.start)?.id : undefined;
      });
      contractOf.set(p, a);
    }
    return a[bucket];
  };
  return (s) => {
    const p = s.pool;
    const contract = contractIn(p, s.bucket);
    return {
      workload: s.owner.id,
      team: s.owner.team,
      workloadKind: s.owner.kind,
      provider: p.provider,
      region: p.region,
      instanceType: p.instanceType,
      gpu: p.gpu,
      gpus: s.gpus,
      pricing: p.tier as Pricing,
      start: s.start,
      end: s.end,
      unitPrice: p.pricePerGpuHour[s.bucket] ?? 0,
      listUnitPrice: listOf(p, s.bucket),
      contract,
      reservation: p.tier === 'reserved' && p.contractId && p.blockId ? `${p.contractId}/${p.blockId}` : undefined,
      group: groupOf(p, s.owner, contract ?? ''),
    };
  };
}

/** The contract of `provider` in force at t (the first one listed, as the engine prices pools). */
function contractAt(contracts: readonly Contract[], provider: string, t: number): Contract | undefined {
  return contracts.find((c) => c.provider === provider && c.start <= t && t < c.end);
}

/** List price per GPU-hour of pool p in bucket i: what it bills without the contract's discount (on-demand and spot:
 * what it bills; reserved: the on-demand list price of its shape as the engine lists it). */
function listPrice(p: Pool, i: number, c: Contract | undefined): number {
  const paid = p.pricePerGpuHour[i] ?? 0;
  if (p.tier === 'reserved') return p.listPricePerGpuHour;
  if (p.tier === 'committed' && c && c.discount < 1) return paid / (1 - c.discount);
  return paid;
}
