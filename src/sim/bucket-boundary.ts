/**
 * Bucket boundaries: everything open is billed up to now under the old bucket, contract periods that end here are
 * settled (shortfall into the ledger, carry-forward passed on), capacity groups take their new size (reserved ramps,
 * contract ends: work above a shrunken group is evicted and re-queued) and prices change. Also records the time
 * series of the report (each open term's burn, each bucket's inference demand and service).
 */
import { addCents, type Cents, cents } from '../core/money.js';
import { bill, bookReserved, openSeg } from './billing.js';
import { R_BUCKET } from './event-kinds.js';
import { templateOf } from './inputs.js';
import { integrate, setReplicas } from './inference.js';
import { interrupt, retryPending } from './job-lifecycle.js';
import { topUpServices } from './preemption.js';
import type { RunState } from './run-state.js';
import type { TermState } from './state/commitments.js';

/** Queues the start of every bucket after the first. */
export function scheduleBoundaries(r: RunState): void {
  r.buckets.forEach((b, i) => {
    if (i > 0) r.heap.push(b.start, R_BUCKET, i);
  });
}

/** Bucket b starts now (b = buckets.length: the horizon ends). */
export function boundary(r: RunState, b: number): void {
  // Bill everything up to now under the old bucket; settle terms that end here; switch to the new bucket.
  const { clock, capacity } = r;
  flushAll(r);
  for (const sv of r.services) integrate(r, sv);
  recordSeries(r);
  for (let g = 0; g < r.groups.length; g++) capacity.touchGroup(g, clock.now);
  for (const ts of r.commitments.states) {
    ts.openRate = 0;
    ts.openAnchor = 0;
  }
  clock.bucket = b;
  capacity.refresh(b);
  capacity.room.anyFreed();
  for (const ts of r.commitments.states) if (!ts.settled && Math.min(ts.term.end, r.end) <= clock.now) settle(r, ts);
  if (b >= r.buckets.length) return;
  bookReserved(r, b);
  reopenAll(r);
  evictOverCapacity(r);
  topUpServices(r);
  retryPending(r);
}

/** Bills every running job and replica up to now and starts its next segment. */
function flushAll(r: RunState): void {
  const now = r.clock.now;
  const { running, gpus, segStart } = r.runs;
  running.forEach((jobs, p) => {
    for (const j of jobs) {
      bill(r, p, gpus[j]!, segStart[j]!, now, templateOf(r.jobs, j));
      segStart[j] = now;
    }
  });
  for (const sv of r.services) {
    for (const slot of sv.slots) {
      const { n, cand: c } = slot;
      if (n <= 0) continue;
      sv.billed(bill(r, c.pool, n * c.gpus, slot.segStart, now, sv.spec.workload));
      slot.segStart = now;
    }
  }
}

/** Opens the burn of every running job and replica under the new bucket's terms. */
function reopenAll(r: RunState): void {
  const now = r.clock.now;
  const { running, gpus } = r.runs;
  running.forEach((jobs, p) => {
    for (const j of jobs) openSeg(r, p, gpus[j]!, now);
  });
  for (const sv of r.services) {
    for (const { n, cand: c } of sv.slots) if (n > 0) openSeg(r, c.pool, n * c.gpus, now);
  }
}

/** Time series for the report: each open term's burn so far, and the ending bucket's inference demand and service. */
function recordSeries(r: RunState): void {
  const { now, bucket } = r.clock;
  for (const ts of r.commitments.states) {
    const term = ts.term;
    if (ts.settled || !(term.start < now && now <= Math.min(term.end, r.end))) continue;
    ts.series.push({ at: now, usage: ts.billed() });
  }
  if (bucket < r.buckets.length) {
    let demand = 0,
      served = 0;
    for (const sv of r.services) {
      demand += sv.demandUH;
      served += sv.servedUH;
    }
    const series = r.series;
    series.demandUH[bucket] = demand - series.demandBooked;
    series.servedUH[bucket] = served - series.servedBooked;
    series.demandBooked = demand;
    series.servedBooked = served;
  }
}

/** Commitment term ts's period has ended: books its shortfall and carry-forward and records its result. */
function settle(r: RunState, ts: TermState): void {
  if (ts.settled) return;
  ts.settled = true;
  const term = ts.term;
  const ledger = r.accounts.ledger;
  const next = term.next >= 0 ? r.commitments.states[term.next] : undefined;
  const last = Math.max(0, r.clock.bucket - 1);
  let usage: number, shortfall: number, carryOut: number, paid: Cents;
  if (term.unit === 'usd') {
    const min = Math.round(term.minimum * 100);
    const usedC = ts.burnCents + ts.reservedCents;
    const sf = Math.max(0, min + ts.carryIn * 100 - usedC);
    const co = next ? Math.round(term.carryForwardFraction * sf) : 0;
    paid = ledger.postCents(
      { period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId },
      cents(sf - co),
    );
    usage = usedC / 100;
    shortfall = sf / 100;
    carryOut = co / 100;
  } else {
    usage = ts.burnGpuH + ts.reservedGpuH;
    shortfall = Math.max(0, term.minimum + ts.carryIn - usage);
    carryOut = next ? term.carryForwardFraction * shortfall : 0;
    paid = ledger.post(
      { period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId },
      (shortfall - carryOut) * term.shortfallRate,
    );
  }
  const acc = r.accounts;
  acc.shortfallCents = addCents(acc.shortfallCents, paid);
  acc.spendCents[last]![r.provIndex.get(term.provider)!]! += paid;
  if (next) next.carryIn += carryOut;
  const owed = term.minimum + ts.carryIn;
  r.commitments.results.push({
    contract: term.contractId,
    provider: term.provider,
    period: term.periodIndex,
    start: term.start,
    end: term.end,
    unit: term.unit,
    minimum: term.minimum,
    carryIn: ts.carryIn,
    usage,
    shortfall,
    paidCents: paid,
    carryOut,
    utilisation: owed > 0 ? usage / owed : null,
    burn: ts.series,
  });
}

/** Capacity that shrank: evicts the most recently started work until every group fits again. */
function evictOverCapacity(r: RunState): void {
  const { pools } = r;
  const { used, capNow } = r.capacity;
  const { running, runStart } = r.runs;
  for (let g = 0; g < r.groups.length; g++) {
    if (used[g]! <= capNow[g]!) continue;
    const victims: number[] = [];
    pools.forEach((pool, p) => {
      if (pool.groups.includes(g)) for (const j of running[p] ?? []) victims.push(j);
    });
    victims.sort((a, c) => runStart[c]! - runStart[a]! || c - a);
    for (const j of victims) {
      if (used[g]! <= capNow[g]!) break;
      interrupt(r, j, 'capacity');
    }
    for (const sv of r.services) {
      for (const slot of sv.slots) {
        const c = slot.cand;
        if (used[g]! > capNow[g]! && pools[c.pool]!.groups.includes(g) && slot.n > 0) {
          const over = used[g]! - capNow[g]!;
          setReplicas(r, sv, slot, Math.max(0, slot.n - Math.ceil(over / c.gpus)));
        }
      }
    }
  }
}
