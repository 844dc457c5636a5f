/**
 * The inference services of one run (a service × geography each): the replicas each holds on its candidate pools,
 * what it serves and what is demanded now, demand and service integrated over time, the usage cents its replicas
 * were billed, and how the policy spreads it. One record per service; the per-bucket totals the report draws are
 * kept beside them.
 */
import { addCents, type Cents, ZERO_CENTS } from '../../core/money.js';
import type { SurvivabilityRule } from '../../core/types.js';
import type { ServiceSpec } from '../inputs.js';
import type { Candidate } from '../world.js';

/** A service's replicas on one of its candidates: how many, and when their unbilled segment started. */
export class ReplicaSlot {
  n = 0;
  segStart: number;

  constructor(
    readonly cand: Candidate,
    start: number,
  ) {
    this.segStart = start;
  }
}

export class ServiceState {
  /** One slot per candidate, in the candidates' order (slots[k].cand = cands[k]). */
  readonly slots: readonly ReplicaSlot[];
  /** H100-replica units served now, and demanded now. */
  serving = 0;
  demandNow = 0;
  /** Instant up to which demand and service are integrated, and the integrals (H100-replica unit-hours). */
  t: number;
  demandUH = 0;
  servedUH = 0;
  /** Service beyond the survivability rule's cap, integrated (H100-replica unit-hours): the part of what it served
   * that its providers' units within the cap could not cover (0 for a run that honours the spread; inference.ts). */
  spreadBreachUH = 0;
  /** Usage cents billed for its replicas (the cost of serving in the revenue result). */
  usageCents: Cents = ZERO_CENTS;
  /** Does the policy spread it (SimPolicy.spread and minProviders > 1 or a survivability rule)? */
  readonly spread: boolean;
  /** Its minProviders, and the fraction its survivability rule keeps (-1: no rule covers it). */
  readonly minProviders: number;
  readonly survive: number;
  /** Per provider index: replicas held and the H100 units they serve (kept by setReplicas). */
  readonly provReps: Float64Array;
  readonly provUnits: Float64Array;

  constructor(
    readonly spec: ServiceSpec,
    readonly cands: readonly Candidate[],
    opts: { start: number; providers: number; spread: boolean; rules: readonly SurvivabilityRule[] },
  ) {
    this.slots = cands.map((c) => new ReplicaSlot(c, opts.start));
    this.t = opts.start;
    this.minProviders = spec.workload.minProviders;
    this.survive = opts.rules.find((rule) => rule.tiers.includes(spec.workload.priority))?.fraction ?? -1;
    this.spread = opts.spread && (this.minProviders > 1 || this.survive >= 0);
    this.provReps = new Float64Array(opts.providers);
    this.provUnits = new Float64Array(opts.providers);
  }

  /** The slot of candidate k (an index the candidate scan returned), undefined for k < 0 (none chosen). */
  slot(k: number): ReplicaSlot | undefined {
    return k < 0 ? undefined : this.slots[k];
  }

  /** `c` more usage cents billed for its replicas. */
  billed(c: Cents): void {
    this.usageCents = addCents(this.usageCents, c);
  }
}

/** Inference demand and service of all services per time bucket (H100-replica unit-hours), for the report. */
export class ServiceSeries {
  readonly demandUH: Float64Array;
  readonly servedUH: Float64Array;
  /** Σ of the services' integrals already booked into earlier buckets. */
  demandBooked = 0;
  servedBooked = 0;

  constructor(buckets: number) {
    this.demandUH = new Float64Array(buckets);
    this.servedUH = new Float64Array(buckets);
  }
}
