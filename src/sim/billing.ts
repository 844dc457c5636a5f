/**
 * Billing and commitment burn for one run. An allocation is billed when it ends and at every bucket boundary (so a
 * billed segment lies in one bucket, one price and one commitment term): GPUs × hours × the pool's price in that
 * bucket, rounded to the cent once into the ledger. What runs now is tracked per term as an open burn rate, so the
 * policy can see how much of a term's minimum is still unburned (`commitmentGap`). Reserved blocks are charged up
 * front for every GPU of their ramp, used or not; what counts toward a term burns it bucket by bucket.
 */
import { addCents, type Cents, toUsd, ZERO_CENTS } from '../core/money.js';
import type { PolicyView } from './policy.js';
import type { RunState } from './run-state.js';
import { HOUR_MS } from './world.js';

/** The commitment term pool `pool` burns in the current bucket, -1 if none. */
export function termOf(r: RunState, pool: number): number {
  return r.pools[pool]!.burns[r.bucket] ?? -1;
}

/** Burn per hour (in the term's unit) of `gpus` GPUs on `pool` now. */
export function burnRate(r: RunState, pool: number, gpus: number): number {
  const t = termOf(r, pool);
  if (t < 0) return 0;
  return r.terms[t]!.unit === 'usd' ? (r.pools[pool]!.pricePerGpuHour[r.bucket] ?? 0) * gpus : gpus;
}

/** An allocation of `gpus` GPUs on `pool` starts burning its term at `at`. */
export function openSeg(r: RunState, pool: number, gpus: number, at: number): void {
  const t = termOf(r, pool);
  if (t < 0) return;
  const rate = burnRate(r, pool, gpus);
  r.openRate[t]! += rate;
  r.openAnchor[t]! += (rate * at) / HOUR_MS;
}

/** Bills the segment [from, to) of `gpus` GPUs on `pool` in the current bucket and closes its open burn; returns the
 * usage cents booked (0 on a reserved pool, whose block is charged used or not). */
export function bill(r: RunState, pool: number, gpus: number, from: number, to: number): Cents {
  const t = termOf(r, pool);
  const terms = r.terms;
  if (t >= 0) {
    const rate = burnRate(r, pool, gpus);
    r.openRate[t]! -= rate;
    r.openAnchor[t]! -= (rate * from) / HOUR_MS;
  }
  const hours = (to - from) / HOUR_MS;
  if (!(hours > 0)) return ZERO_CENTS;
  const p = r.pools[pool]!;
  const bucket = r.bucket;
  const gh = gpus * hours;
  for (const g of p.groups) r.usedGpuH[g]! += gh;
  const pi = r.provIndex.get(p.provider)!;
  r.gpuHours[bucket]![pi]! += gh;
  if (p.tier === 'reserved') return ZERO_CENTS; // sunk: charged by the block, not by use
  const contract = t >= 0 ? terms[t]!.contractId : '';
  const cents = r.ledger.post(
    { period: bucket, provider: p.provider, kind: 'usage', tier: p.tier, contract },
    (p.pricePerGpuHour[bucket] ?? 0) * gh,
  );
  r.usageCents = addCents(r.usageCents, cents);
  r.spendCents[bucket]![pi]! += cents;
  if (t >= 0) {
    r.burningCents = addCents(r.burningCents, cents);
    if (terms[t]!.unit === 'usd') r.termBurnCents[t]! += cents;
    else r.termBurn[t]! += gh;
  }
  return cents;
}

/** PolicyView.commitmentGap: the unburned part of the minimum of the term `pool` burns now. */
export function commitmentGap(r: RunState, pool: number): ReturnType<PolicyView['commitmentGap']> {
  const t = termOf(r, pool);
  if (t < 0) return undefined;
  const term = r.terms[t]!;
  const now = r.now;
  const termEnd = Math.min(term.end, r.end);
  const hoursLeft = Math.max(0, (termEnd - now) / HOUR_MS);
  const billed =
    term.unit === 'usd'
      ? (r.termBurnCents[t]! + r.termReservedCents[t]!) / 100
      : r.termBurn[t]! + r.termReservedBurn[t]!;
  const accrued = (r.openRate[t]! * now) / HOUR_MS - r.openAnchor[t]!;
  const futureReserved = term.unit === 'usd' ? (r.reservedFuture[t] ?? 0) : (r.reservedFutureH[t] ?? 0);
  const gap = term.minimum + r.carryIn[t]! - billed - accrued - r.openRate[t]! * hoursLeft - futureReserved;
  return { unit: term.unit, gap, hoursLeft, shortfallRate: term.unit === 'usd' ? 1 : term.shortfallRate };
}

/** Charges every reserved block for every bucket into the ledger, and notes what each bucket burns of which term. */
export function chargeReservedBlocks(r: RunState): void {
  const { groups, buckets, terms, provIndex } = r;
  const groupIndex = new Map(groups.map((g) => [g.id, g.index]));
  for (const c of r.input.scenario.snapshot.contracts) {
    if (!provIndex.has(c.provider)) continue;
    for (const block of c.reserved) {
      const g = groupIndex.get(`${c.id}/${block.id}`);
      if (g === undefined) continue;
      buckets.forEach((b, i) => {
        const gh = (groups[g]!.capacity[i] ?? 0) * b.hours;
        if (gh <= 0) return;
        const cents = r.ledger.post(
          { period: i, provider: c.provider, kind: 'reserved', tier: 'reserved', contract: c.id },
          gh * block.ratePerGpuHour,
        );
        r.reservedCents = addCents(r.reservedCents, cents);
        r.spendCents[i]![provIndex.get(c.provider)!]! += cents;
        if (!block.countsTowardCommitment) return;
        const t = terms.findIndex((x) => x.contractId === c.id && x.start <= b.start && b.end <= x.end);
        if (t < 0) return;
        r.reservedByBucket[i]!.push({ t, usd: toUsd(cents), cents, gh });
        r.reservedFuture[t]! += toUsd(cents);
        r.reservedFutureH[t]! += gh;
      });
    }
  }
}

/** Bucket i is reached: its reserved charges burn their terms. */
export function bookReserved(r: RunState, i: number): void {
  for (const x of r.reservedByBucket[i] ?? []) {
    r.termReservedCents[x.t]! += x.cents;
    r.termReservedBurn[x.t]! += x.gh;
    r.reservedFuture[x.t]! -= x.usd;
    r.reservedFutureH[x.t]! -= x.gh;
  }
}
