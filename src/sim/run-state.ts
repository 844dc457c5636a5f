/**
 * The mutable state of one simulation run (one policy, one seed), held in parts by concern (src/sim/state/):
 *
 *   clock        the instant, its time bucket, events handled                         state/clock.ts
 *   capacity     GPUs in use per capacity group, locations down, idle/used GPU-hours  state/capacity.ts
 *   runs         each job's state and current run, the per-pool running sets, stats  state/job-runs.ts
 *   queue        waiting jobs, one FIFO per priority (and team, when shared fairly)   state/wait-queue.ts
 *   teams        each template's team, GPUs and GPU-hours per team (fair share)      state/teams.ts
 *   commitments  one record per commitment term: burn, open rate, carry-in, series    state/commitments.ts
 *   accounts     the ledger, its totals by kind, spend and GPU-hours per bucket        state/accounts.ts
 *   services     one record per inference service; series: demand/service per bucket state/services.ts
 *   outages      the run's outages and the locations and pools they take down          state/outages.ts
 *
 * and what every part reads: the world, the input, the policy, the event heap, the spot preemption clocks.
 * Built once per run; every event handler (simulate.ts and the modules it calls) updates the parts in place.
 */
import { createRng, type Rng } from '../core/rng.js';
import type { Bucket, CapacityGroup, CommitmentTerm, Pool } from '../engine/problem.js';
import { commitmentGap } from './billing.js';
import { CandidateScan } from './candidate-scan.js';
import { EventHeap } from './heap.js';
import type { JobSet, SimInput } from './inputs.js';
import type { PolicyView, SimPolicy } from './policy.js';
import { Accounts } from './state/accounts.js';
import { Capacity } from './state/capacity.js';
import { Clock } from './state/clock.js';
import { Commitments } from './state/commitments.js';
import { JobRuns } from './state/job-runs.js';
import { Outages } from './state/outages.js';
import { ServiceSeries, ServiceState } from './state/services.js';
import { Teams } from './state/teams.js';
import { WaitQueue } from './state/wait-queue.js';
import type { UsageSink } from './usage-segment.js';
import type { World } from './world.js';

export { DONE, PENDING, RUNNING, UNPLACEABLE } from './state/job-runs.js';

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
  readonly start: number;
  readonly end: number;
  readonly heap = new EventHeap();
  /** Provider index of each provider id, and of each pool. */
  readonly provIndex: Map<string, number>;
  readonly poolProv: Int32Array;
  /** The spot preemption clock of each provider. */
  readonly spotRng: Map<string, Rng>;

  readonly clock: Clock;
  readonly capacity: Capacity;
  readonly runs: JobRuns;
  readonly queue: WaitQueue;
  readonly teams: Teams;
  readonly commitments: Commitments;
  readonly accounts: Accounts;
  readonly services: readonly ServiceState[];
  readonly series: ServiceSeries;
  readonly outages: Outages;

  /** Candidates of jobs and the cheapest free one (candidate-scan.ts). */
  readonly scan: CandidateScan;
  /** What a policy may read of the run. */
  readonly view: PolicyView;
  /** Where every billed segment goes besides the ledger (SimOptions.onUsage), when the caller wants them. */
  onUsage: UsageSink | undefined;

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
    this.start = world.start;
    this.end = world.end;
    const rng = createRng(seed);
    this.spotRng = new Map(world.providers.map((p) => [p, rng.fork('spot').fork(p)]));
    this.provIndex = new Map(world.providers.map((p, i) => [p, i]));
    this.poolProv = Int32Array.from(pools, (p) => this.provIndex.get(p.provider) ?? 0);
    const nprov = world.providers.length;

    this.clock = new Clock(world.start, world.end);
    this.capacity = new Capacity(world, world.start);
    this.capacity.refresh(0);
    this.runs = new JobRuns(input.jobs.count, pools.length);
    this.teams = new Teams(input.jobs.templates, policy.preempt === true, input.scenario.snapshot.policy.teamWeights);
    this.queue = new WaitQueue(
      input.jobs.count,
      Math.max(1, ...input.jobs.templates.map((t) => t.priority)),
      this.teams.count,
    );
    this.commitments = new Commitments(terms, buckets.length);
    this.accounts = new Accounts(buckets.length, nprov);
    this.view = policyView(this);
    this.scan = new CandidateScan(this);
    const rules = input.scenario.snapshot.policy.survivability;
    this.services = input.services.map(
      (s) =>
        new ServiceState(
          s,
          world.candidates(s.workload, s.workload.gpusPerReplica, { clauses: policy.clauses, geo: s.geo }),
          { start: world.start, providers: nprov, spread: policy.spread === true, rules },
        ),
    );
    this.series = new ServiceSeries(buckets.length);
    this.outages = new Outages(input.outages, world, world.start, world.end);
  }
}

/** What a policy may read of run r: the world, the time, the bucket and the commitment gaps. */
function policyView(r: RunState): PolicyView {
  return {
    world: r.world,
    get now() {
      return r.clock.now;
    },
    get bucket() {
      return r.clock.bucket;
    },
    commitmentGap(pool) {
      return commitmentGap(r, pool);
    },
  };
}
