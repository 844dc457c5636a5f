/**
 * The commitment terms of one run (one contract period each) as they burn: what was billed against each term, what
 * runs on it now (an open burn rate), the reserved charges booked for buckets not yet reached, the carry-forward in,
 * whether the term is settled, and its burn over time. One record per term, so a function holding a term touches
 * only its own numbers. USD terms count in exact cents; GPU-hour terms in GPU-hours.
 */
import type { Cents, Usd } from '../../core/money.js';
import type { CommitmentTerm } from '../../engine/problem.js';
import type { ContractPeriodResult } from '../result.js';

/** A reserved block's charge for one bucket, burning term `term` when that bucket is reached. */
export interface ReservedBurn {
  readonly term: TermState;
  readonly usd: Usd;
  readonly cents: Cents;
  readonly gh: number;
}

export class TermState {
  /** Usage billed against the term: GPU-hours (GPU-hour terms) and cents (USD terms). */
  burnGpuH = 0;
  burnCents = 0;
  /** Reserved charges of buckets reached, in GPU-hours and cents. */
  reservedGpuH = 0;
  reservedCents = 0;
  /** Burn per hour of what runs now, and Σ rate × segment start (hours), for the part accrued but not billed. */
  openRate = 0;
  openAnchor = 0;
  /** Shortfall carried forward into this term's minimum. */
  carryIn = 0;
  settled = false;
  /** Reserved burn booked for buckets not yet reached: USD and GPU-hours. */
  reservedFutureUsd = 0;
  reservedFutureGpuH = 0;
  /** The term's burn so far at each bucket boundary (the report's series). */
  readonly series: { at: number; usage: number }[] = [];

  constructor(readonly term: CommitmentTerm) {}

  /** What has been billed against the term: USD (exact cents / 100) or GPU-hours. */
  billed(): number {
    return this.term.unit === 'usd' ? (this.burnCents + this.reservedCents) / 100 : this.burnGpuH + this.reservedGpuH;
  }
}

export class Commitments {
  /** One per engine commitment term, in the same order (states[t].term = terms[t]). */
  readonly states: readonly TermState[];
  /** Per bucket: the reserved charges that burn a term when the bucket is reached. */
  readonly reservedByBucket: ReservedBurn[][];
  /** Settled periods, in settling order. */
  readonly results: ContractPeriodResult[] = [];

  constructor(terms: readonly CommitmentTerm[], buckets: number) {
    this.states = terms.map((t) => new TermState(t));
    this.reservedByBucket = Array.from({ length: buckets }, () => []);
  }
}
