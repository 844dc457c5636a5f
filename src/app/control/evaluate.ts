/**
 * One evaluation (Nomad's word): where one admitted workload goes now. Its candidates are the fleet's pools that pass
 * the engine's static and clause filters (fleet-world.ts); each is then checked against the live state — its provider
 * up, a live offering for its instance type, the offering not blocklisted, the team's quota, free instances after
 * what is placed and not yet launched, the fleet's capacity groups (quotas, reserved blocks) — and the cheapest by the
 * engine's effective cost wins (ties: the first candidate). A gang is one launch of whole instances of one offering,
 * all or nothing. Synchronous and pure over its inputs: the caller reserves the winner in the ledger before it awaits.
 */
import { cents } from '../../core/money.js';
import type { Workload } from '../../core/types.js';
import type { Pool } from '../../engine/problem.js';
import { type BlockEntry, isBlocked, offeringKey } from '../../control/blocklist.js';
import { type CapacityLedger, type Hold, liveKey } from '../../control/capacity-ledger.js';
import type { Offering } from '../../control/ports.js';
import { quotaAllows, quotaHold } from '../../control/quota.js';
import type { Cause, Placement, TeamRecord, WorkloadRecord } from '../../control/records.js';
import type { FleetWorld } from './fleet-world.js';

export interface LiveOfferings {
  /** By `provider/region/instanceType`. */
  readonly byType: ReadonlyMap<string, Offering>;
  /** By `provider/region/gpu/gpusPerInstance` (the cheapest): when the provider names an instance type differently. */
  readonly byShape: ReadonlyMap<string, Offering>;
}

export function indexOfferings(all: Iterable<Offering>): LiveOfferings {
  const byType = new Map<string, Offering>();
  const byShape = new Map<string, Offering>();
  for (const o of all) {
    byType.set(offeringKey(o.provider, o.region, o.instanceType), o);
    const k = `${o.provider}/${o.region}/${o.gpu}/${o.gpusPerInstance}`;
    const old = byShape.get(k);
    if (!old || o.pricePerInstanceHourCents < old.pricePerInstanceHourCents) byShape.set(k, o);
  }
  return { byType, byShape };
}

export interface EvalInputs {
  readonly now: number;
  readonly fleet: FleetWorld;
  readonly live: LiveOfferings;
  readonly up: (provider: string) => boolean;
  readonly blocklist: readonly BlockEntry[];
  readonly team: TeamRecord | undefined;
  readonly ledger: CapacityLedger;
  /** The pool the last re-optimisation (replan.ts) chose for this workload: taken when usable now. */
  readonly preferred?: string | undefined;
  /** A replica group's siblings of the same geography by the provider they hold (service-split.ts): those
   * providers are rejected (`control.spread`). */
  readonly spread?: ReadonlyMap<string, string> | undefined;
}

export type Decision =
  | {
      readonly kind: 'place';
      readonly placement: Placement;
      readonly hold: Hold;
      readonly cause: Cause;
      readonly rejections: readonly Cause[];
    }
  | { readonly kind: 'wait'; readonly cause: Cause; readonly rejections: readonly Cause[] }
  | { readonly kind: 'hold'; readonly cause: Cause; readonly rejections: readonly Cause[] };

/** Where `rec` (its parsed workload `w`) goes now. `evaluation`: a sequence number carried in the cause. */
export function evaluate(rec: WorkloadRecord, w: Workload, inp: EvalInputs, evaluation: number): Decision {
  const { fleet, ledger, live } = inp;
  const world = fleet.world;
  const bucket = clampBucket(fleet.bucketAt(inp.now), world.buckets.length);
  const work = w.kind === 'inference' ? 0 : w.work;
  const remaining = Math.max(0, work - (rec.checkpoint?.workDone ?? 0));
  const cands = fleet.candidates(w);
  const rejections: Cause[] = [];
  type Pick = { pool: Pool; cost: number; offering: Offering; instances: number; spot: boolean };
  let best: Pick | undefined;
  let preferred: Pick | undefined;
  let quotaOnly = cands.length > 0;
  const models = new Set<string>();
  for (const c of cands) {
    const pool = world.pools[c.pool];
    if (!pool) continue;
    models.add(pool.gpu);
    const reject = (cause: Cause): void => {
      rejections.push(cause);
      if (cause.code !== 'control.quota-filter') quotaOnly = false;
    };
    if (!inp.up(pool.provider)) {
      reject({
        code: 'control.provider-unavailable',
        source: 'health',
        params: { provider: pool.provider, pool: pool.id },
      });
      continue;
    }
    const sibling = inp.spread?.get(pool.provider);
    if (sibling !== undefined) {
      reject({ code: 'control.spread', source: 'spread', params: { provider: pool.provider, pool: pool.id, sibling } });
      continue;
    }
    const spot = pool.tier === 'spot';
    const offering =
      live.byType.get(offeringKey(pool.provider, pool.region, pool.instanceType)) ??
      live.byShape.get(`${pool.provider}/${pool.region}/${pool.gpu}/${pool.gpusPerInstance}`);
    if (!offering || offering.gpu !== pool.gpu || (spot && offering.spotPricePerInstanceHourCents === null)) {
      reject({ code: 'control.offering-missing', source: 'live', params: { pool: pool.id } });
      continue;
    }
    const key = offeringKey(offering.provider, offering.region, offering.instanceType);
    if (isBlocked(inp.blocklist, key, inp.now)) {
      const until = inp.blocklist.find((e) => e.key === key)?.until ?? inp.now;
      reject({ code: 'control.blocklisted', source: 'blocklist', params: { key, until, pool: pool.id } });
      continue;
    }
    const instances = fleet.instances(w, c);
    const gpus = instances * offering.gpusPerInstance;
    if (!quotaAllows(inp.team, ledger.heldBy(rec.team), pool.gpu, gpus)) {
      const quota = inp.team?.quotaGpus[pool.gpu] ?? 0;
      reject({
        code: 'control.quota-filter',
        source: 'quota',
        params: { gpu: pool.gpu, quota, held: ledger.heldBy(rec.team).get(pool.gpu) ?? 0, needs: gpus },
      });
      continue;
    }
    const free =
      (spot ? offering.spotAvailable : offering.available) -
      ledger.pendingOn(liveKey(offering.provider, offering.region, offering.instanceType, spot));
    if (free < instances) {
      reject({
        code: 'control.capacity',
        source: 'live',
        params: { pool: pool.id, needs: instances, available: Math.max(0, free) },
      });
      continue;
    }
    const g = pool.groups
      .map((k) => world.groups[k])
      .find((x) => x !== undefined && ledger.groupUse(x.index) + gpus > (x.capacity[bucket] ?? Infinity));
    if (g !== undefined) {
      const group = g.index;
      reject({
        code: 'control.capacity',
        source: g.kind,
        params: {
          pool: pool.id,
          needs: gpus,
          available: Math.max(0, (g.capacity[bucket] ?? 0) - ledger.groupUse(group)),
        },
      });
      continue;
    }
    const cost = fleet.cost(w, c, remaining, inp.now);
    if (pool.id === inp.preferred) preferred = { pool, cost, offering, instances, spot };
    if (!best || cost < best.cost) best = { pool, cost, offering, instances, spot };
  }
  if (!best) {
    const held = quotaOnly ? quotaHold(inp.team, ledger.heldBy(rec.team), [...models], gangGpus(w)) : undefined;
    if (held) return { kind: 'hold', cause: held, rejections };
    return {
      kind: 'wait',
      cause: {
        code: 'control.no-capacity',
        source: 'evaluation',
        params: { candidates: cands.length, rejections: countByCode(rejections) },
      },
      rejections,
    };
  }
  const replanned = preferred !== undefined && preferred !== best;
  if (preferred) best = preferred;
  const pool = best.pool;
  const o = best.offering;
  const price = best.spot
    ? (o.spotPricePerInstanceHourCents ?? o.pricePerInstanceHourCents)
    : o.pricePerInstanceHourCents;
  const placement: Placement = {
    provider: o.provider,
    region: o.region,
    instanceType: o.instanceType,
    gpu: o.gpu,
    gpusPerInstance: o.gpusPerInstance,
    instances: best.instances,
    spot: best.spot,
    pricePerInstanceHourCents: cents(Math.round(price)),
    pool: pool.id,
  };
  const hold: Hold = {
    team: rec.team,
    offering: liveKey(o.provider, o.region, o.instanceType, best.spot),
    instances: best.instances,
    gpu: o.gpu,
    gpus: best.instances * o.gpusPerInstance,
    groups: pool.groups,
    launched: false,
  };
  const cause: Cause = {
    code: 'control.placed',
    source: 'evaluation',
    params: {
      provider: o.provider,
      region: o.region,
      instanceType: o.instanceType,
      gpu: o.gpu,
      instances: best.instances,
      spot: best.spot,
      pool: pool.id,
      effectiveCostUsd: best.cost,
      evaluation,
      replanned,
    },
  };
  return { kind: 'place', placement, hold, cause, rejections };
}

const gangGpus = (w: Workload): number => (w.kind === 'inference' ? w.gpusPerReplica : w.gpuCount);

const clampBucket = (b: number, n: number): number => (b < 0 ? (n > 0 ? n - 1 : 0) : b);

export function countByCode(rejections: readonly Cause[]): { code: string; pools: number }[] {
  const m = new Map<string, number>();
  for (const r of rejections) m.set(r.code, (m.get(r.code) ?? 0) + 1);
  return [...m].map(([code, pools]) => ({ code, pools }));
}
