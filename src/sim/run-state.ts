/**
 * The mutable state of one simulation run (one policy, one seed), as typed arrays indexed by job, pool, capacity
 * group, commitment term, service and time bucket, and its capacity bookkeeping: GPUs in use per capacity group now,
 * never above the group's size in the current bucket; a pool whose location is down takes nothing.
 * Built once per run; every event handler (simulate.ts and the modules it calls) reads and updates it in place.
 */
import { type Cents, type Usd, ZERO_CENTS } from '../core/money.js';
import { createRng, type Rng } from '../core/rng.js';
import type { Bucket, CapacityGroup, CommitmentTerm, Pool } from '../engine/problem.js';
import { Ledger } from '../ledger/ledger.js';
import { commitmentGap } from './billing.js';
import { CandidateScan } from './candidate-scan.js';
import { EventHeap } from './heap.js';
import type { JobSet, ServiceSpec, SimInput } from './inputs.js';
import type { PolicyView, SimPolicy } from './policy.js';
import type { ContractPeriodResult } from './result.js';
import { RoomMemo } from './room.js';
import { HOUR_MS, type Candidate, type World } from './world.js';

/** Job states (RunState.state). */
export const PENDING = 1,
  RUNNING = 2,
  DONE = 3,
  UNPLACEABLE = 4;

export interface ReservedBurn {
  readonly t: number;
  readonly usd: Usd;
  readonly cents: Cents;
  readonly gh: number;
}

export class RunState {
  readonly world: World;
  readonly input: SimInput;
  readonly policy: SimPolicy;
  readonly exhaustive: boolean;
  readonly pools: readonly Pool[];
  readonly groups: readonly CapacityGroup[];
  readonly terms: readonly CommitmentTerm[];
  readonly buckets: readonly Bucket[];
  readonly jobs: JobSet;
  readonly services: readonly ServiceSpec[];
  readonly start: number;
  readonly end: number;
  readonly spotRng: Map<string, Rng>;
  readonly ledger = new Ledger();
  readonly heap = new EventHeap();
  readonly provIndex: Map<string, number>;

  // ---- clock and counters ------------------------------------------------------------------------------------
  now: number;
  bucket = 0;
  events = 0;
  overCapacity = 0;
  pendingCount = 0;
  nextArrival = 0;
  finishedCount = 0;
  deadlineMisses = 0;
  demandBooked = 0;
  servedBooked = 0;
  usageCents: Cents = ZERO_CENTS;
  burningCents: Cents = ZERO_CENTS;
  reservedCents: Cents = ZERO_CENTS;
  shortfallCents: Cents = ZERO_CENTS;
  readonly stats = {
    outage: 0,
    preemption: 0,
    capacity: 0,
    checkpoints: 0,
    lostGpuH: 0,
    redoneGpuH: 0,
    unplaceable: 0,
  };

  // ---- capacity groups and locations -------------------------------------------------------------------------
  readonly used: Float64Array;
  readonly usedGpuH: Float64Array;
  readonly idleGpuH: Float64Array;
  readonly groupT: Float64Array;
  /** Group sizes in the current bucket (refreshed when the bucket changes). */
  readonly capNow: Float64Array;
  readonly poolGroups: Int32Array[];
  readonly locDown: Int32Array;
  /** Candidate lists known to have no room (room.ts): told whenever capacity may grow. */
  readonly room: RoomMemo;

  // ---- jobs --------------------------------------------------------------------------------------------------
  readonly running: Set<number>[];
  readonly state: Uint8Array;
  readonly done: Float64Array;
  readonly jobPool: Int32Array;
  readonly jobGpus: Float64Array;
  readonly jobRate: Float64Array;
  readonly runStart: Float64Array;
  readonly segStart: Float64Array;
  readonly gen: Uint32Array;
  readonly redo: Float64Array;
  readonly finishAt: Float64Array;
  readonly blocked = new Map<number, Set<number>>();
  readonly maxPri: number;
  // Waiting jobs: one doubly linked FIFO per priority over job indices (O(1) append and removal).
  readonly qHead: Int32Array;
  readonly qTail: Int32Array;
  readonly qNext: Int32Array;
  readonly qPrev: Int32Array;
  /** Completion times (hours) of finished jobs, in finishing order. */
  readonly completionH: Float64Array;

  // ---- commitment terms and money ----------------------------------------------------------------------------
  readonly termBurn: Float64Array; // billed burn (unit of the term); USD terms in exact cents / 100
  readonly termBurnCents: Float64Array;
  readonly termReservedBurn: Float64Array;
  readonly termReservedCents: Float64Array;
  readonly openRate: Float64Array; // burn per hour of what runs now
  readonly openAnchor: Float64Array; // Σ rate × segment start (hours), for the accrued part
  readonly carryIn: Float64Array;
  readonly settled: Uint8Array;
  readonly reservedFuture: Float64Array; // reserved burn booked for buckets not yet reached (USD or GPU-h)
  readonly reservedFutureH: Float64Array;
  readonly reservedByBucket: ReservedBurn[][];
  readonly contractResults: ContractPeriodResult[] = [];
  readonly spendCents: Float64Array[];
  readonly gpuHours: Float64Array[];
  readonly termSeries: { at: number; usage: number }[][];
  readonly bucketDemandUH: Float64Array;
  readonly bucketServedUH: Float64Array;

  // ---- inference -----------------------------------------------------------------------------------------------
  readonly scan: CandidateScan;
  readonly svcCands: (readonly Candidate[])[];
  readonly replicas: Float64Array[];
  readonly repSeg: Float64Array[];
  readonly serving: Float64Array;
  readonly demandNow: Float64Array;
  readonly svcT: Float64Array;
  readonly svcDemandUH: Float64Array;
  readonly svcServedUH: Float64Array;
  /** Usage cents billed for each service's replicas (the cost of serving in the revenue result). */
  readonly svcUsageCents: Float64Array;
  /** Provider index of each pool. */
  readonly poolProv: Int32Array;
  /** Per service: 1 when the policy spreads it (SimPolicy.spread and minProviders > 1 or a survivability rule). */
  readonly svcSpread: Uint8Array;
  /** Per service: its minProviders, and the fraction its survivability rule keeps (-1: no rule covers it). */
  readonly svcMinProv: Int32Array;
  readonly svcSurvive: Float64Array;
  /** Per service, per provider index: replicas held and the H100 units they serve (maintained by setReplicas). */
  readonly svcProvReps: Float64Array[];
  readonly svcProvUnits: Float64Array[];

  // ---- outages -------------------------------------------------------------------------------------------------
  readonly outages: SimInput['outages'];
  /** Location indices each outage takes down. */
  readonly locsOf: number[][];
  readonly poolsAt: number[][];

  /** What a policy may read of the run. */
  readonly view: PolicyView;

  constructor(input: SimInput, policy: SimPolicy, world: World, seed: number, exhaustive: boolean) {
    this.world = world;
    this.input = input;
    this.policy = policy;
    this.exhaustive = exhaustive;
    const { pools, groups, terms, buckets } = world;
    this.pools = pools;
    this.groups = groups;
    this.terms = terms;
    this.buckets = buckets;
    this.jobs = input.jobs;
    const jobs = input.jobs;
    this.start = world.start;
    this.end = world.end;
    const rng = createRng(seed);
    this.spotRng = new Map(world.providers.map((p) => [p, rng.fork('spot').fork(p)]));
    const nj = jobs.count,
      np = pools.length,
      ng = groups.length,
      nt = terms.length;
    this.provIndex = new Map(world.providers.map((p, i) => [p, i]));
    const nprov = world.providers.length;
    this.now = this.start;

    this.used = new Float64Array(ng);
    this.usedGpuH = new Float64Array(ng);
    this.idleGpuH = new Float64Array(ng);
    this.groupT = new Float64Array(ng).fill(this.start);
    this.locDown = new Int32Array(world.locations.length);
    this.running = Array.from({ length: np }, () => new Set<number>());
    this.state = new Uint8Array(nj);
    this.done = new Float64Array(nj);
    this.jobPool = new Int32Array(nj).fill(-1);
    this.jobGpus = new Float64Array(nj);
    this.jobRate = new Float64Array(nj);
    this.runStart = new Float64Array(nj);
    this.segStart = new Float64Array(nj);
    this.gen = new Uint32Array(nj);
    this.redo = new Float64Array(nj);
    this.finishAt = new Float64Array(nj).fill(Number.NaN);
    this.maxPri = Math.max(1, ...jobs.templates.map((t) => t.priority));
    this.qHead = new Int32Array(this.maxPri + 1).fill(-1);
    this.qTail = new Int32Array(this.maxPri + 1).fill(-1);
    this.qNext = new Int32Array(nj).fill(-1);
    this.qPrev = new Int32Array(nj).fill(-1);
    this.termBurn = new Float64Array(nt);
    this.termBurnCents = new Float64Array(nt);
    this.termReservedBurn = new Float64Array(nt);
    this.termReservedCents = new Float64Array(nt);
    this.openRate = new Float64Array(nt);
    this.openAnchor = new Float64Array(nt);
    this.carryIn = new Float64Array(nt);
    this.settled = new Uint8Array(nt);
    this.spendCents = Array.from({ length: buckets.length }, () => new Float64Array(nprov));
    this.gpuHours = Array.from({ length: buckets.length }, () => new Float64Array(nprov));
    this.termSeries = Array.from({ length: nt }, () => []);
    this.bucketDemandUH = new Float64Array(buckets.length);
    this.bucketServedUH = new Float64Array(buckets.length);
    this.completionH = new Float64Array(nj);

    this.capNow = new Float64Array(ng);
    this.refreshCap();
    this.poolGroups = pools.map((p) => Int32Array.from(p.groups));
    this.room = new RoomMemo(pools, ng);

    this.view = policyView(this);
    this.reservedFuture = new Float64Array(nt);
    this.reservedFutureH = new Float64Array(nt);
    this.reservedByBucket = buckets.map(() => []);

    this.scan = new CandidateScan(this);
    this.services = input.services;
    const services = input.services;
    this.svcCands = services.map((s) =>
      world.candidates(s.workload, s.workload.gpusPerReplica, { clauses: policy.clauses, geo: s.geo }),
    );
    this.replicas = this.svcCands.map((cs) => new Float64Array(cs.length));
    this.repSeg = this.svcCands.map((cs) => new Float64Array(cs.length).fill(this.start));
    this.serving = new Float64Array(services.length);
    this.demandNow = new Float64Array(services.length);
    this.svcT = new Float64Array(services.length).fill(this.start);
    this.svcDemandUH = new Float64Array(services.length);
    this.svcServedUH = new Float64Array(services.length);
    this.svcUsageCents = new Float64Array(services.length);
    this.poolProv = Int32Array.from(pools, (p) => this.provIndex.get(p.provider) ?? 0);
    const rules = input.scenario.snapshot.policy.survivability;
    this.svcMinProv = Int32Array.from(services, (s) => s.workload.minProviders);
    this.svcSurvive = Float64Array.from(
      services,
      (s) => rules.find((rule) => rule.tiers.includes(s.workload.priority))?.fraction ?? -1,
    );
    this.svcSpread = Uint8Array.from(services, (_, s) =>
      policy.spread === true && (this.svcMinProv[s]! > 1 || this.svcSurvive[s]! >= 0) ? 1 : 0,
    );
    this.svcProvReps = services.map(() => new Float64Array(nprov));
    this.svcProvUnits = services.map(() => new Float64Array(nprov));

    const outages = input.outages.filter(
      (o) => o.end > this.start && o.start < this.end && this.provIndex.has(o.provider),
    );
    this.outages = outages;
    this.locsOf = outages.map((o) =>
      world.locations
        .map((l, k) => (l.provider === o.provider && (o.region === '*' || l.region === o.region) ? k : -1))
        .filter((k) => k >= 0),
    );
    this.poolsAt = poolsByLocation(world);
  }

  // ---- capacity bookkeeping ------------------------------------------------------------------------------------
  /** Takes every group's size in the current bucket. */
  refreshCap(): void {
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) this.capNow[g] = groups[g]!.capacity[this.bucket] ?? 0;
  }

  /** Accrues group g's idle GPU-hours up to now. */
  touchGroup(g: number): void {
    const dt = (this.now - this.groupT[g]!) / HOUR_MS;
    if (dt > 0) this.idleGpuH[g]! += Math.max(0, this.capNow[g]! - this.used[g]!) * dt;
    this.groupT[g] = this.now;
  }

  /** GPUs pool `pool` can take now: the least room among its groups, 0 when its location is down. */
  free(pool: number): number {
    if (this.locDown[this.world.poolLoc[pool]!]! > 0) return 0;
    let f = Infinity;
    const gs = this.poolGroups[pool]!;
    const capNow = this.capNow,
      used = this.used;
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!;
      f = Math.min(f, capNow[g]! - used[g]!);
    }
    return f;
  }

  take(pool: number, gpus: number): void {
    for (const g of this.pools[pool]!.groups) {
      this.touchGroup(g);
      this.used[g]! += gpus;
      if (this.used[g]! > this.capNow[g]! + 1e-9) this.overCapacity++;
    }
  }

  give(pool: number, gpus: number): void {
    for (const g of this.pools[pool]!.groups) {
      this.touchGroup(g);
      this.used[g]! -= gpus;
      this.room.groupFreed(g);
    }
  }
}

/** What a policy may read of run r: the world, the time, the bucket and the commitment gaps. */
function policyView(r: RunState): PolicyView {
  return {
    world: r.world,
    get now() {
      return r.now;
    },
    get bucket() {
      return r.bucket;
    },
    commitmentGap(pool) {
      return commitmentGap(r, pool);
    },
  };
}

/** The pools at each location of the world. */
function poolsByLocation(world: World): number[][] {
  const poolsAt = world.locations.map(() => [] as number[]);
  world.pools.forEach((_, p) => {
    poolsAt[world.poolLoc[p]!]!.push(p);
  });
  return poolsAt;
}
