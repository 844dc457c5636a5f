/**
 * Bucket boundaries: everything open is billed up to now under the old bucket, contract periods that end here are
 * settled (shortfall into the ledger, carry-forward passed on), capacity groups take their new size (reserved ramps,
 * contract ends: work above a shrunken group is evicted and re-queued) and prices change. Also records the time
 * series of the report (each open term's burn, each bucket's inference demand and service).
 */
import { addCents, type Cents, cents } from '../core/money.js';
import { bill, bookReserved, openSeg } from './billing.js';
import { R_BUCKET } from './event-kinds.js';
import { integrate, setReplicas } from './inference.js';
import { interrupt, retryPending } from './job-lifecycle.js';
import type { RunState } from './run-state.js';

/** Queues the start of every bucket after the first. */
export function scheduleBoundaries(r: RunState): void {
  for (let b = 1; b < r.buckets.length; b++) r.heap.push(r.buckets[b]!.start, R_BUCKET, b);
}

/** Bucket b starts now (b = buckets.length: the horizon ends). */
export function boundary(r: RunState, b: number): void {
  // Bill everything up to now under the old bucket; settle terms that end here; switch to the new bucket.
  flushAll(r);
  for (const s of r.services.keys()) integrate(r, s);
  recordSeries(r);
  for (let g = 0; g < r.groups.length; g++) r.touchGroup(g);
  r.openRate.fill(0);
  r.openAnchor.fill(0);
  r.bucket = b;
  r.refreshCap();
  r.room.anyFreed();
  for (let t = 0; t < r.terms.length; t++) if (!r.settled[t] && Math.min(r.terms[t]!.end, r.end) <= r.now) settle(r, t);
  if (b >= r.buckets.length) return;
  bookReserved(r, b);
  reopenAll(r);
  evictOverCapacity(r);
  retryPending(r);
}

/** Bills every running job and replica up to now and starts its next segment. */
function flushAll(r: RunState): void {
  const now = r.now;
  for (let p = 0; p < r.pools.length; p++) {
    for (const j of r.running[p]!) {
      bill(r, p, r.jobGpus[j]!, r.segStart[j]!, now);
      r.segStart[j] = now;
    }
  }
  r.services.forEach((_, s) => {
    const cands = r.svcCands[s]!;
    for (let k = 0; k < cands.length; k++) {
      const n = r.replicas[s]![k]!;
      if (n <= 0) continue;
      r.svcUsageCents[s]! += bill(r, cands[k]!.pool, n * cands[k]!.gpus, r.repSeg[s]![k]!, now);
      r.repSeg[s]![k] = now;
    }
  });
}

/** Opens the burn of every running job and replica under the new bucket's terms. */
function reopenAll(r: RunState): void {
  const now = r.now;
  for (let p = 0; p < r.pools.length; p++) for (const j of r.running[p]!) openSeg(r, p, r.jobGpus[j]!, now);
  r.services.forEach((_, s) => {
    r.svcCands[s]!.forEach((c, k) => {
      if (r.replicas[s]![k]! > 0) openSeg(r, c.pool, r.replicas[s]![k]! * c.gpus, now);
    });
  });
}

/** Time series for the report: each open term's burn so far, and the ending bucket's inference demand and service. */
function recordSeries(r: RunState): void {
  const { terms, now } = r;
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    if (r.settled[t] || !(term.start < now && now <= Math.min(term.end, r.end))) continue;
    const usage =
      term.unit === 'usd'
        ? (r.termBurnCents[t]! + r.termReservedCents[t]!) / 100
        : r.termBurn[t]! + r.termReservedBurn[t]!;
    r.termSeries[t]!.push({ at: now, usage });
  }
  if (r.bucket < r.buckets.length) {
    let demand = 0,
      served = 0;
    r.services.forEach((_, s) => {
      demand += r.svcDemandUH[s]!;
      served += r.svcServedUH[s]!;
    });
    r.bucketDemandUH[r.bucket] = demand - r.demandBooked;
    r.bucketServedUH[r.bucket] = served - r.servedBooked;
    r.demandBooked = demand;
    r.servedBooked = served;
  }
}

/** Commitment term t's period has ended: books its shortfall and carry-forward and records its result. */
function settle(r: RunState, t: number): void {
  if (r.settled[t]) return;
  r.settled[t] = 1;
  const term = r.terms[t]!;
  const carryIn = r.carryIn;
  const last = Math.max(0, r.bucket - 1);
  let usage: number, shortfall: number, carryOut: number, paid: Cents;
  if (term.unit === 'usd') {
    const min = Math.round(term.minimum * 100);
    const usedC = r.termBurnCents[t]! + r.termReservedCents[t]!;
    const sf = Math.max(0, min + carryIn[t]! * 100 - usedC);
    const co = term.next >= 0 ? Math.round(term.carryForwardFraction * sf) : 0;
    paid = r.ledger.postCents(
      { period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId },
      cents(sf - co),
    );
    usage = usedC / 100;
    shortfall = sf / 100;
    carryOut = co / 100;
  } else {
    usage = r.termBurn[t]! + r.termReservedBurn[t]!;
    shortfall = Math.max(0, term.minimum + carryIn[t]! - usage);
    carryOut = term.next >= 0 ? term.carryForwardFraction * shortfall : 0;
    paid = r.ledger.post(
      { period: last, provider: term.provider, kind: 'shortfall', tier: 'shortfall', contract: term.contractId },
      (shortfall - carryOut) * term.shortfallRate,
    );
  }
  r.shortfallCents = addCents(r.shortfallCents, paid);
  r.spendCents[last]![r.provIndex.get(term.provider)!]! += paid;
  if (term.next >= 0) carryIn[term.next] = carryIn[term.next]! + carryOut;
  const owed = term.minimum + carryIn[t]!;
  r.contractResults.push({
    contract: term.contractId,
    provider: term.provider,
    period: term.periodIndex,
    start: term.start,
    end: term.end,
    unit: term.unit,
    minimum: term.minimum,
    carryIn: carryIn[t]!,
    usage,
    shortfall,
    paidCents: paid,
    carryOut,
    utilisation: owed > 0 ? usage / owed : null,
    burn: r.termSeries[t]!,
  });
}

/** Capacity that shrank: evicts the most recently started work until every group fits again. */
function evictOverCapacity(r: RunState): void {
  const { used, capNow, pools, running, runStart } = r;
  for (let g = 0; g < r.groups.length; g++) {
    if (used[g]! <= capNow[g]!) continue;
    const victims: number[] = [];
    for (let p = 0; p < pools.length; p++)
      if (pools[p]!.groups.includes(g)) for (const j of running[p]!) victims.push(j);
    victims.sort((a, c) => runStart[c]! - runStart[a]! || c - a);
    for (const j of victims) {
      if (used[g]! <= capNow[g]!) break;
      interrupt(r, j, 'capacity');
    }
    r.services.forEach((_, s) => {
      r.svcCands[s]!.forEach((c, k) => {
        if (used[g]! > capNow[g]! && pools[c.pool]!.groups.includes(g) && r.replicas[s]![k]! > 0) {
          const over = used[g]! - capNow[g]!;
          setReplicas(r, s, k, Math.max(0, r.replicas[s]![k]! - Math.ceil(over / c.gpus)));
        }
      });
    });
  }
}
