/**
 * Use case `ledger` against a running control plane (GET /v1/ledger): the providers' usage records the control plane
 * keeps (src/control/records.ts UsageRecord, read through the Store port by the caller) booked into the same ledger as
 * a simulation's or a plan's (ledger/book.ts `LedgerBook.add`, then `finishLedger`), with the contracts, commitment
 * periods and reserved blocks of the fleet (`serve --fleet`) over the period asked for.
 *
 *   period           [from, to): the billing periods are the fleet world's time buckets over it (sim/world.ts, cut at
 *                    every contract and commitment boundary); a commitment period the window cuts is owed prorated,
 *                    and its shortfall is the forecast at the window's end, as for a simulation over a horizon;
 *   a usage record   clipped to the period (a record still running counts up to `now`), cut at bucket boundaries,
 *                    priced at what the provider billed: its price per instance-hour × instances, per GPU-hour;
 *   how it was bought  the record's pricing; `committed` burns the contract of its provider in force at its start,
 *                    `reserved` runs on the fleet's block of that provider, region and GPU (a reserved record no block
 *                    matches is booked at its own price, on demand: the bill stays what the provider charged).
 *
 * Every amount is the ledger's (src/ledger): this file only maps records. A team's view is `teamShare` of the whole
 * ledger, so its allocations are those of the whole fleet.
 */
import type { Contract, Scenario } from '../core/types.js';
import type { UsageRecord as StoredUsage } from '../control/records.js';
import type { Pool } from '../engine/problem.js';
import { LedgerBook } from '../ledger/book.js';
import { type LedgerResult, finishLedger } from '../ledger/result.js';
import { teamShare } from '../ledger/team.js';
import type { LedgerInput, UsageRecord } from '../ledger/usage.js';
import { type LedgerView, ledgerView } from '../ledger/view.js';
import { buildWorld } from '../sim/world.js';
import { ledgerInputFromWorld } from './ledger-input.js';

export interface LiveLedgerRequest {
  readonly fleet: Scenario;
  /** Every usage record overlapping [from, to) (all teams: allocation needs the whole fleet). */
  readonly usage: readonly StoredUsage[];
  /** The kind of each workload (training, batch, inference) by id; unknown ids are `batch`. */
  readonly kindOf: (workloadId: string) => string | undefined;
  readonly from: number;
  readonly to: number;
  /** The clock's now: where a running record stops. */
  readonly now: number;
  /** Only this team's charges (a team token); undefined: the whole fleet (the admin). */
  readonly team?: string | undefined;
}

export interface LiveLedger {
  readonly input: LedgerInput;
  readonly ledger: LedgerResult;
  readonly view: LedgerView;
}

export function ledgerFromUsage(r: LiveLedgerRequest): LiveLedger {
  const world = buildWorld(r.fleet, { start: r.from, end: r.to });
  const input = ledgerInputFromWorld(world);
  const book = new LedgerBook(input);
  const contracts = r.fleet.snapshot.contracts;
  const reservedPool = (u: StoredUsage): Pool | undefined =>
    world.pools.find(
      (p) => p.tier === 'reserved' && p.provider === u.provider && p.region === u.region && p.gpu === u.gpu,
    );
  const listOf = (u: StoredUsage): Pool | undefined =>
    world.pools.find(
      (p) =>
        p.tier === 'on-demand' &&
        p.provider === u.provider &&
        p.region === u.region &&
        p.instanceType === u.instanceType,
    );
  const sorted = [...r.usage].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const u of sorted) {
    const start = Math.max(u.start, r.from);
    const end = Math.min(u.end ?? r.now, r.to);
    if (!(end > start) || !(u.gpus > 0)) continue;
    const unitPrice = (u.pricePerInstanceHourCents * u.instances) / 100 / u.gpus;
    const block = u.pricing === 'reserved' ? reservedPool(u) : undefined;
    const contract = u.pricing === 'committed' ? contractAt(contracts, u.provider, u.start) : undefined;
    const pricing = u.pricing === 'reserved' && !block ? 'on-demand' : u.pricing;
    const list =
      pricing === 'reserved'
        ? (block?.listPricePerGpuHour ?? unitPrice)
        : pricing === 'committed' && contract && contract.discount < 1
          ? unitPrice / (1 - contract.discount)
          : pricing === 'on-demand'
            ? (listOf(u)?.listPricePerGpuHour ?? unitPrice)
            : unitPrice;
    const base: Omit<UsageRecord, 'start' | 'end'> = {
      workload: u.workloadId,
      team: u.team,
      workloadKind: r.kindOf(u.workloadId) ?? 'batch',
      provider: u.provider,
      region: u.region,
      instanceType: block?.instanceType ?? u.instanceType,
      gpu: u.gpu,
      gpus: u.gpus,
      pricing,
      unitPrice: pricing === 'reserved' ? 0 : unitPrice,
      listUnitPrice: Math.max(list, pricing === 'reserved' ? 0 : unitPrice),
      contract: block?.contractId ?? contract?.id,
      reservation: block?.contractId && block.blockId ? `${block.contractId}/${block.blockId}` : undefined,
    };
    // A record lies in one billing period: cut it at the buckets' boundaries.
    for (const b of world.buckets) {
      const a = Math.max(start, b.start);
      const z = Math.min(end, b.end);
      if (z > a) book.add({ ...base, start: a, end: z });
    }
  }
  const full = finishLedger(book);
  const ledger = r.team === undefined ? full : teamShare(full, r.team);
  const view = ledgerView(ledger, input, {
    kind: 'control-plane',
    scenario: r.fleet.name,
    ...(r.team === undefined ? {} : { team: r.team }),
  });
  return { input, ledger, view };
}

/** The contract of `provider` in force at t (the first one listed, as the engine prices pools). */
function contractAt(contracts: readonly Contract[], provider: string, t: number): Contract | undefined {
  return contracts.find((c) => c.provider === provider && c.start <= t && t < c.end);
}
