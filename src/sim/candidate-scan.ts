/**
 * Where a job or an inference replica may go and which free candidate is cheapest now. Candidate lists are cached
 * per (template, gang size); right of first refusal is cached per workload class with the interval over which it
 * holds. The scan (rank.ts `cheapest`) reads what it looks at from this object's scratch fields, so the same bound
 * functions serve every placement (no allocation or closure per job).
 */
import type { Placement, PolicyView, SimPolicy } from './policy.js';
import { cheapest, Ranker } from './rank.js';
import type { RunState } from './run-state.js';
import type { Candidate } from './world.js';

/** How an inference replica is placed: one replica for one hour. */
export const REPLICA: Placement = { kind: 'replica', checkpointH: 0 };

/** Float slack when comparing a provider's H100 units with the spread cap. */
export const SPREAD_EPS = 1e-9;

export class CandidateScan {
  private readonly policy: SimPolicy;
  private readonly ranker: Ranker;
  private readonly candCache: Map<number, readonly Candidate[]>[];
  private readonly candOpts: { clauses: boolean };
  private readonly rofrCache = new Map<string, { set: ReadonlySet<string> | undefined; from: number; until: number }>();

  // Scratch state of the scan in progress.
  private cands: readonly Candidate[] = [];
  private only: ReadonlySet<string> | undefined;
  /** A job's remaining H100 GPU-hours and gang size: hours on c = remaining / (gang × c.rel). */
  private remaining = 0;
  private gang = 1;
  private place: Placement = { kind: 'job', checkpointH: 0 };
  /** What the policy is shown while pricing a job: the run's view, or one with a running job's own burn given back
   * (job-migration.ts). */
  private view: PolicyView;
  /** Set when some candidate the scan looked at had room. */
  sawRoom = false;
  /**
   * Spread of an inference service over providers (inference.ts), or undefined: replicas and H100 units the service
   * holds per provider index; with `spreadNew` only providers holding none of its replicas are usable, otherwise only
   * those where one more replica keeps the provider's units within `spreadCap`.
   */
  private spreadReps: Float64Array | undefined;
  private spreadUnits: Float64Array | undefined;
  private spreadCap = Infinity;
  private spreadNew = false;

  constructor(private readonly r: RunState) {
    this.policy = r.policy;
    this.ranker = new Ranker(r.world, r.exhaustive ? undefined : r.policy.floor?.bind(r.policy));
    this.candCache = r.jobs.templates.map(() => new Map());
    this.candOpts = { clauses: r.policy.clauses };
    this.view = r.view;
  }

  /** Job j's candidate lists, looked up without building the world's string key each time. */
  candsOf(j: number): readonly Candidate[] {
    const jobs = this.r.jobs;
    const byGpus = this.candCache[jobs.template[j]!]!;
    const g = jobs.gpus[j]!;
    let cs = byGpus.get(g);
    if (!cs) {
      cs = this.r.world.candidates(jobs.templates[jobs.template[j]!]!, g, this.candOpts);
      byGpus.set(g, cs);
    }
    return cs;
  }

  /**
   * Right of first refusal for a workload class: the providers whose contracts name the class and are in force now,
   * kept with the interval over which that set stays the same (contract starts and ends).
   */
  rofrOf(cls: string): ReadonlySet<string> | undefined {
    if (!this.policy.clauses) return undefined;
    const now = this.r.clock.now;
    const hit = this.rofrCache.get(cls);
    if (hit && hit.from <= now && now < hit.until) return hit.set;
    const set = new Set<string>();
    let from = -Infinity,
      until = Infinity;
    for (const c of this.r.input.scenario.snapshot.contracts) {
      if (!c.rightOfFirstRefusal.includes(cls)) continue;
      if (now < c.start) until = Math.min(until, c.start);
      else if (now < c.end) {
        set.add(c.provider);
        from = Math.max(from, c.start);
        until = Math.min(until, c.end);
      } else from = Math.max(from, c.end);
    }
    const out = set.size ? set : undefined;
    this.rofrCache.set(cls, { set: out, from, until });
    return out;
  }

  /** Sets up the scans for one job placement (`remaining` H100 GPU-hours on a gang of `gang`), priced as `view` shows
   * the run (the run's own view unless given). */
  forJob(place: Placement, remaining: number, gang: number, view: PolicyView = this.r.view): void {
    this.place = place;
    this.remaining = remaining;
    this.gang = gang;
    this.view = view;
  }

  /** The free candidate of least cost for the job set up by `forJob` (lowest index on ties), -1 if none; with `below`,
   * only a candidate costing less than it (-1 if none does). */
  chooseForJob(cands: readonly Candidate[], only?: ReadonlySet<string>, below = Infinity): number {
    this.cands = cands;
    this.only = only;
    this.spreadReps = undefined;
    return cheapest(
      this.ranker.order(cands, this.r.clock.bucket),
      this.remaining / this.gang,
      this.usable,
      this.jobCost,
      below,
    ); // hours on c = that / c.rel
  }

  /**
   * The least cost per H100-replica unit (cost of 1/rel replica-hours) among free candidates, lowest index on ties
   * (rank.ts: keys floor/rel, scale 1); -1 if none.
   */
  chooseForReplica(cands: readonly Candidate[], only?: ReadonlySet<string>): number {
    this.cands = cands;
    this.only = only;
    this.place = REPLICA;
    this.spreadReps = undefined;
    return cheapest(this.ranker.order(cands, this.r.clock.bucket), 1, this.usable, this.replicaCost);
  }

  /**
   * As `chooseForReplica`, among candidates that keep the service spread: on a provider holding none of its replicas
   * (`newOnly`), or where one more replica keeps the provider's H100 units (`units`, per provider index) within `cap`.
   */
  chooseForSpreadReplica(
    cands: readonly Candidate[],
    only: ReadonlySet<string> | undefined,
    reps: Float64Array,
    units: Float64Array,
    cap: number,
    newOnly: boolean,
  ): number {
    this.cands = cands;
    this.only = only;
    this.place = REPLICA;
    this.spreadReps = reps;
    this.spreadUnits = units;
    this.spreadCap = cap;
    this.spreadNew = newOnly;
    const k = cheapest(this.ranker.order(cands, this.r.clock.bucket), 1, this.usable, this.replicaCost);
    this.spreadReps = undefined;
    return k;
  }

  private readonly usable = (k: number): boolean => {
    const c = this.cands[k]!;
    if (this.only && !this.only.has(this.r.pools[c.pool]!.provider)) return false;
    if (this.r.capacity.free(c.pool) < c.gpus) return false;
    this.sawRoom = true;
    const reps = this.spreadReps;
    if (reps) {
      const p = this.r.poolProv[c.pool]!;
      if (this.spreadNew ? reps[p]! > 0 : this.spreadUnits![p]! + c.rel > this.spreadCap + SPREAD_EPS) return false;
    }
    return true;
  };

  private readonly jobCost = (k: number): number => {
    const c = this.cands[k]!;
    return this.policy.cost(this.view, c, this.remaining / (this.gang * c.rel), this.place);
  };

  private readonly replicaCost = (k: number): number => {
    const c = this.cands[k]!;
    return this.policy.cost(this.r.view, c, 1, this.place) * (1 / c.rel);
  };
}
