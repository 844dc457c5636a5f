/**
 * Billing and commitment burn for one run. An allocation is billed when it ends and at every bucket boundary (so a
 * billed segment lies in one bucket, one price and one commitment term): GPUs × hours × the pool's price in that
 * bucket, rounded to the cent once into the ledger. What runs now is tracked per term as an open burn rate, so the
 * policy can see how much of a term's minimum is still unburned (`commitmentGap`). Reserved blocks are charged up
 * front for every GPU of their ramp, used or not; what counts toward a term burns it bucket by bucket.
 */
import { addCents, type Cents, toUsd, ZERO_CENTS } from '../core/money.js';
import type { PolicyView } from './policy.js';
import type { UsageOwner } from './usage-segment.js';
import type { RunState } from './run-state.js';
import type { TermState } from './state/commitments.js';
import { HOUR_MS } from './world.js';

/** The commitment term pool `pool` burns in the current bucket, undefined if none. */
export function termOf(r: RunState, pool: number): TermState | undefined {
  const t = r.pools[pool]!.burns[r.clock.bucket] ?? -1;
  return t < 0 ? undefined : r.commitments.states[t];
}

/** Burn per hour (in term ts's unit) of `gpus` GPUs on `pool` now. */
function burnRate(r: RunState, ts: TermState, pool: number, gpus: number): number {
  return ts.term.unit === 'usd' ? (r.pools[pool]!.pricePerGpuHour[r.clock.bucket] ?? 0) * gpus : gpus;
}

/** An allocation of `gpus` GPUs on `pool` starts burning its term at `at`. */
export function openSeg(r: RunState, pool: number, gpus: number, at: number): void {
  const ts = termOf(r, pool);
  if (!ts) return;
  const rate = burnRate(r, ts, pool, gpus);
  ts.openRate += rate;
  ts.openAnchor += (rate * at) / HOUR_MS;
}

/** Bills the segment [from, to) of `gpus` GPUs on `pool` in the current bucket for workload `owner` and closes its open
 * burn; returns the usage cents booked (0 on a reserved pool, whose block is charged used or not). The segment is also
 * handed to the run's usage sink, when it has one (SimOptions.onUsage: the ledger's usage records). */
export function bill(r: RunState, pool: number, gpus: number, from: number, to: number, owner: UsageOwner): Cents {
  const ts = termOf(r, pool);
  if (ts) {
    const rate = burnRate(r, ts, pool, gpus);
    ts.openRate -= rate;
    ts.openAnchor -= (rate * from) / HOUR_MS;
  }
  const hours = (to - from) / HOUR_MS;
  if (!(hours > 0)) return ZERO_CENTS;
  const p = r.pools[pool]!;
  const bucket = r.clock.bucket;
  const gh = gpus * hours;
  const usedGpuH = r.capacity.usedGpuH;
  for (const g of p.groups) usedGpuH[g]! += gh;
  const pi = r.poolProv[pool]!;
  const acc = r.accounts;
  acc.gpuHours[bucket]![pi]! += gh;
  r.onUsage?.({ pool: p, bucket, gpus, start: from, end: to, owner });
  if (p.tier === 'reserved') return ZERO_CENTS; // sunk: charged by the block, not by use
  const cents = acc.ledger.post(
    { period: bucket, provider: p.provider, kind: 'usage', tier: p.tier, contract: ts ? ts.term.contractId : '' },
    (p.pricePerGpuHour[bucket] ?? 0) * gh,
  );
  acc.usage(cents, ts !== undefined);
  acc.spendCents[bucket]![pi]! += cents;
  if (ts) {
    if (ts.term.unit === 'usd') ts.burnCents += cents;
    else ts.burnGpuH += gh;
  }
  return cents;
}

/** PolicyView.commitmentGap: the unburned part of the minimum of the term `pool` burns now. */
export function commitmentGap(r: RunState, pool: number): ReturnType<PolicyView['commitmentGap']> {
  const ts = termOf(r, pool);
  if (!ts) return undefined;
  const term = ts.term;
  const now = r.clock.now;
  const termEnd = Math.min(term.end, r.end);
  const hoursLeft = Math.max(0, (termEnd - now) / HOUR_MS);
  const accrued = (ts.openRate * now) / HOUR_MS - ts.openAnchor;
  const futureReserved = term.unit === 'usd' ? ts.reservedFutureUsd : ts.reservedFutureGpuH;
  const gap = term.minimum + ts.carryIn - ts.billed() - accrued - ts.openRate * hoursLeft - futureReserved;
  return { unit: term.unit, gap, hoursLeft, shortfallRate: term.unit === 'usd' ? 1 : term.shortfallRate };
}

/** Charges every reserved block for every bucket into the ledger, and notes what each bucket burns of which term. */
export function chargeReservedBlocks(r: RunState): void {
  const { groups, buckets, provIndex, accounts } = r;
  const { states, reservedByBucket } = r.commitments;
  const groupIndex = new Map(groups.map((g) => [g.id, g]));
  for (const c of r.input.scenario.snapshot.contracts) {
    const pi = provIndex.get(c.provider);
    if (pi === undefined) continue;
    for (const block of c.reserved) {
      const group = groupIndex.get(`${c.id}/${block.id}`);
      if (group === undefined) continue;
      buckets.forEach((b, i) => {
        const gh = (group.capacity[i] ?? 0) * b.hours;
        if (gh <= 0) return;
        const cents = accounts.ledger.post(
          { period: i, provider: c.provider, kind: 'reserved', tier: 'reserved', contract: c.id },
          gh * block.ratePerGpuHour,
        );
        accounts.reservedCents = addCents(accounts.reservedCents, cents);
        accounts.spendCents[i]![pi]! += cents;
        if (!block.countsTowardCommitment) return;
        const term = states.find((x) => x.term.contractId === c.id && x.term.start <= b.start && b.end <= x.term.end);
        if (!term) return;
        reservedByBucket[i]?.push({ term, usd: toUsd(cents), cents, gh });
        term.reservedFutureUsd += toUsd(cents);
        term.reservedFutureGpuH += gh;
      });
    }
  }
}

/** Bucket i is reached: its reserved charges burn their terms. */
export function bookReserved(r: RunState, i: number): void {
  for (const x of r.commitments.reservedByBucket[i] ?? []) {
    x.term.reservedCents += x.cents;
    x.term.reservedGpuH += x.gh;
    x.term.reservedFutureUsd -= x.usd;
    x.term.reservedFutureGpuH -= x.gh;
  }
}
