/**
 * The greedy solver: fast, and the fallback for instances too large to solve exactly.
 *
 * Items go in order (priority first, then the most constrained — fewest alternatives — then the largest; the seed
 * breaks ties).
 * Each takes the feasible candidate of least *marginal effective cost* — what it adds to the bill given everything
 * placed before it (objective.ts): committed capacity whose period minimum is not yet burned costs nothing extra,
 * a reserved block costs nothing, spot carries its expected rework. Right of first refusal: while a first-refusal
 * provider can take the item, only its candidates are considered. Inference services are divisible: they first get
 * one unit on each of their `minProviders` cheapest providers, then fill in chunks, never above
 * `maxUnitsPerProvider` on one provider (survivability). Provider share caps are enforced against an estimate of the
 * plan's totals (the exact solver enforces them exactly; the plan report checks the real shares).
 */
import { reason, type ParamValue, type Reason } from '../../core/codes.js';
import { totalSpend, type Assignment, type Candidate, type Item, type Problem, type Solution } from '../problem.js';
import { GreedyState, gpusFor, type Caps } from './greedy-state.js';

const EPS = 1e-9;
/** A move in an improvement pass must save at least this (USD) besides a relative 1e-6: marginal costs are
 * differences of bills in the billions, and below a cent they are rounding noise. */
const MIN_GAIN = 0.01;

/** FNV-1a of a string mixed with the seed: a deterministic tie-breaker. */
export function seededHash(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** An item's least GPU-hours over its candidates (candidates of one workload on one GPU share their hours array,
 * so each array is summed once). */
function itemSize(problem: Problem, item: Item, sums: Map<readonly number[], number>): number {
  let best = Infinity;
  for (const k of item.candidates) {
    const hours = problem.candidates[k]!.gpuHours;
    let h = sums.get(hours);
    if (h === undefined) {
      h = 0;
      for (const v of hours) h += v;
      sums.set(hours, h);
    }
    best = Math.min(best, h * item.units);
  }
  return Number.isFinite(best) ? best : 0;
}

export function greedyOrder(problem: Problem, seed: number): number[] {
  const sums = new Map<readonly number[], number>();
  const size = problem.items.map((it) => itemSize(problem, it, sums));
  const tie = problem.items.map((it) => seededHash(seed, `${it.workloadId}/${it.geo ?? ''}`));
  return problem.items
    .map((it) => it.index)
    .sort((a, b) => {
      const A = problem.items[a]!;
      const B = problem.items[b]!;
      // Most critical first; then the most constrained (fewest alternatives); then the largest; the seed breaks ties.
      return (
        A.priority - B.priority ||
        A.candidates.length - B.candidates.length ||
        size[b]! - size[a]! ||
        tie[a]! - tie[b]! ||
        a - b
      );
    });
}

export function estimateCaps(problem: Problem): Caps {
  const nb = problem.buckets.length;
  const estGpus = new Float64Array(nb);
  let estSpend = problem.sunkCost;
  for (const item of problem.items) {
    let bestGpu: Candidate | undefined;
    let bestSpend = Infinity;
    for (const k of item.candidates) {
      const c = problem.candidates[k]!;
      if (!bestGpu || gpusFor(c, item.units) < gpusFor(bestGpu, item.units)) bestGpu = c;
      bestSpend = Math.min(bestSpend, (totalSpend(c) + c.preemptionCost) * item.units);
    }
    if (bestGpu)
      for (let b = bestGpu.firstBucket; b <= bestGpu.lastBucket; b++) estGpus[b]! += gpusFor(bestGpu, item.units);
    if (Number.isFinite(bestSpend)) estSpend += bestSpend;
  }
  const minimums = problem.commitments.reduce(
    (s, t) => s + (t.unit === 'usd' ? Math.max(0, t.minimum - t.preBurned) : 0),
    0,
  );
  estSpend = Math.max(estSpend, problem.sunkCost + minimums);
  return {
    gpuShare: new Float64Array(problem.providers.map((p) => problem.maxGpuShare[p] ?? 1)),
    spendShare: new Float64Array(problem.providers.map((p) => problem.maxSpendShare[p] ?? 1)),
    estGpus,
    estSpend,
  };
}

interface Choice {
  readonly cand: number;
  readonly cost: number;
}

/** Cheapest candidate for `units` more units, honouring first refusal; records blockers for the explanation. */
function choose(
  state: GreedyState,
  item: Item,
  units: number,
  placed: Map<number, number>,
  perProvider: Float64Array,
  excluded: ReadonlySet<number>,
  blockers: Map<number | 'spread', number>,
  onlyNewProvider = false,
): Choice | undefined {
  const problem = state.problem;
  const pick = (restrictTo?: readonly string[]): Choice | undefined => {
    let best: Choice | undefined;
    const facts = state.facts;
    const order = facts.byLowerBound(item);
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      // Candidates come cheapest-possible first; once even the best case of the rest costs more, stop.
      if (best && facts.lowerBound(k) * units >= best.cost) break;
      const p = facts.providerOfCandidate[k]!;
      if (restrictTo && !restrictTo.includes(problem.providers[p]!)) continue;
      if (excluded.has(p)) continue;
      if (onlyNewProvider && perProvider[p]! > 0) continue;
      if (perProvider[p]! + units > item.maxUnitsPerProvider + EPS) {
        blockers.set('spread', (blockers.get('spread') ?? 0) + 1);
        continue;
      }
      const cost = state.marginalCost(k, units, placed.get(k) ?? 0) + facts.preference[k]! * units;
      if (best && cost >= best.cost - EPS * Math.max(1, Math.abs(cost))) continue; // loses whether it fits or not
      const why = state.blocker(k, units, placed.get(k) ?? 0, item.team);
      if (why !== 0) {
        blockers.set(why, (blockers.get(why) ?? 0) + 1);
        continue;
      }
      best = { cand: k, cost };
    }
    return best;
  };
  if (item.firstRefusal.length > 0) {
    const first = pick(item.firstRefusal);
    if (first) return first;
  }
  return pick();
}

/** Largest chunk (≤ want) of units candidate k can still take. */
function chunkFor(
  state: GreedyState,
  item: Item,
  k: number,
  want: number,
  placed: Map<number, number>,
  perProvider: Float64Array,
): number {
  const c = state.problem.candidates[k]!;
  const p = state.providerOf(c);
  let hi = Math.min(want, Math.floor(item.maxUnitsPerProvider - perProvider[p]! + EPS));
  const already = placed.get(k) ?? 0;
  let lo = 1;
  if (hi < 1 || state.blocker(k, 1, already, item.team) !== 0) return 0;
  while (lo < hi) {
    // binary search the largest chunk that fits
    const mid = Math.ceil((lo + hi) / 2);
    if (state.blocker(k, mid, already, item.team) !== 0) hi = mid - 1;
    else lo = mid;
  }
  return lo;
}

/** Shrinks a chunk to the units that still cost what the first unit did (e.g. until a commitment's free part is
 * burned): the marginal cost is convex in the units, so a binary search finds the break. */
function linearChunk(state: GreedyState, best: Choice, n: number, already: number): number {
  const perUnit = state.marginalCost(best.cand, 1, already);
  const fits = (m: number): boolean => state.marginalCost(best.cand, m, already) <= m * perUnit * (1 + 1e-6) + 1e-6;
  if (n <= 1 || fits(n)) return Math.max(1, n);
  let lo = 1;
  let hi = n - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface GreedyOptions {
  readonly seed: number;
  /** Providers (by id) whose candidates may not be used (a lost provider). */
  readonly exclude?: readonly string[];
  /** Only these items are placed (others keep `initial`). */
  readonly only?: readonly number[];
  /** Assignments already made (kept, and counted against capacity). */
  readonly initial?: readonly (readonly Assignment[])[];
  readonly caps?: Caps;
  /** Re-placement passes after the first greedy pass (0 = none). */
  readonly improvementPasses?: number;
  /** A state that already holds `initial` (it is not applied again); the solver works on it in place. */
  readonly state?: GreedyState;
}

interface Placed {
  readonly assignments: Assignment[];
  readonly remaining: number;
  readonly cost: number;
  readonly reason?: Reason;
}

/** A reason nested in another's params (plain JSON). */
const toParam = (r: Reason): ParamValue => ({ code: r.code, source: r.source, params: r.params });

/** Places one item on top of `state` (which it updates), starting from `initial` units already placed. */
function placeItem(
  state: GreedyState,
  item: Item,
  initial: readonly Assignment[],
  excluded: ReadonlySet<number>,
): Placed {
  const problem = state.problem;
  if (item.divisible && item.maxUnitsPerProvider < 1 - EPS && initial.length === 0 && item.candidates.length > 0) {
    return {
      assignments: [],
      remaining: item.units,
      cost: 0,
      reason: reason('unplaced.survivability-rule', 'greedy', { units: item.units }),
    };
  }
  const placed = new Map<number, number>();
  const perProvider = new Float64Array(problem.providers.length);
  for (const a of initial) {
    placed.set(a.candidate, (placed.get(a.candidate) ?? 0) + a.units);
    perProvider[state.providerOf(problem.candidates[a.candidate]!)]! += a.units;
  }
  let remaining = item.units - [...placed.values()].reduce((s, v) => s + v, 0);
  let cost = 0;
  const blockers = new Map<number | 'spread', number>();
  const top = (): Reason[] =>
    [...blockers]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([r]) => (r === 'spread' ? reason('block.spread', 'greedy') : state.describeBlock(r, item.team)));
  const put = (k: number, n: number): void => {
    const c = problem.candidates[k]!;
    cost += state.marginalCost(k, n, placed.get(k) ?? 0);
    state.apply(k, n, placed.get(k) ?? 0, item.team);
    placed.set(k, (placed.get(k) ?? 0) + n);
    perProvider[state.providerOf(c)]! += n;
    remaining -= n;
  };
  if (!item.divisible) {
    const best = remaining > 0 ? choose(state, item, 1, placed, perProvider, excluded, blockers) : undefined;
    if (best) put(best.cand, 1);
  } else {
    const providersUsed = (): number => perProvider.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    while (remaining > EPS && providersUsed() < item.minProviders) {
      const best = choose(state, item, 1, placed, perProvider, excluded, blockers, true);
      if (!best) break;
      put(best.cand, 1);
    }
    const used = providersUsed();
    if (used < Math.min(item.minProviders, item.units)) {
      for (const [k, n] of placed) state.apply(k, n, 0, item.team, -1);
      const why = top();
      return {
        assignments: [],
        remaining: item.units,
        cost: 0,
        reason: reason('unplaced.min-providers', 'greedy', {
          needs: item.minProviders,
          used,
          blocks: why.map(toParam),
        }),
      };
    }
    while (remaining > EPS) {
      const best = choose(state, item, 1, placed, perProvider, excluded, blockers);
      if (!best) break;
      put(
        best.cand,
        linearChunk(
          state,
          best,
          chunkFor(state, item, best.cand, remaining, placed, perProvider),
          placed.get(best.cand) ?? 0,
        ),
      );
    }
  }
  const assignments = [...placed].filter(([, n]) => n > 0).map(([candidate, units]) => ({ candidate, units }));
  if (remaining > EPS && item.candidates.length > 0) {
    const why = top();
    return {
      assignments,
      remaining,
      cost,
      reason: why.length
        ? reason('unplaced.blocked', 'greedy', { blocks: why.map(toParam) })
        : reason('unplaced.no-candidate-left', 'greedy'),
    };
  }
  return { assignments, remaining, cost };
}

/** Takes an item's assignments out of the state and returns what putting them back would cost. */
function takeOut(state: GreedyState, item: Item, list: readonly Assignment[]): number {
  for (const a of list) state.apply(a.candidate, a.units, 0, item.team, -1);
  if (list.length === 1) return state.marginalCost(list[0]!.candidate, list[0]!.units);
  let cost = 0;
  for (const a of list) {
    cost += state.marginalCost(a.candidate, a.units);
    state.apply(a.candidate, a.units, 0, item.team);
  }
  for (const a of list) state.apply(a.candidate, a.units, 0, item.team, -1);
  return cost;
}

export function solveGreedy(problem: Problem, options: GreedyOptions): Solution {
  const state = options.state ?? new GreedyState(problem, options.caps ?? estimateCaps(problem));
  const excluded = new Set(
    (options.exclude ?? []).map((p) => state.providerIndex.get(p)).filter((p): p is number => p !== undefined),
  );
  const none: readonly Assignment[] = [];
  // Never written to: an item's list is replaced, not changed, when it is (re)placed.
  const assignments: (readonly Assignment[])[] = problem.items.map((_, i) => options.initial?.[i] ?? none);
  if (!options.state) {
    for (const [i, list] of assignments.entries()) {
      for (const a of list) state.apply(a.candidate, a.units, 0, problem.items[i]!.team);
    }
  }
  const reasons: (Reason | undefined)[] = new Array<Reason | undefined>(problem.items.length).fill(undefined);
  const order = options.only ? [...options.only] : greedyOrder(problem, options.seed);
  for (const i of order) {
    const r = placeItem(state, problem.items[i]!, assignments[i]!, excluded);
    assignments[i] = r.assignments;
    reasons[i] = r.reason;
  }
  // Improvement passes: take each item out and put it back where it is now cheapest given everything else
  // (repairs the choices early items made before later ones were known). A move is kept only if it places at
  // least as much and costs less.
  // Share caps were enforced against estimated totals; the passes use the plan's real totals instead.
  let moves = 0;
  if ((options.improvementPasses ?? 0) > 0 && !options.caps) state.caps = state.capsFromTotals();
  for (let pass = 0; pass < (options.improvementPasses ?? 0); pass++) {
    let improved = false;
    for (const i of order) {
      const item = problem.items[i]!;
      const old = assignments[i]!;
      const oldUnits = old.reduce((s, a) => s + a.units, 0);
      const oldCost = takeOut(state, item, old);
      if (oldUnits >= item.units - EPS && oldCost <= state.facts.itemFloor(item) * item.units + MIN_GAIN) {
        // Already at the least cost any placement of it could have (its candidates' floor): nothing to gain.
        for (const a of old) state.apply(a.candidate, a.units, 0, item.team);
        continue;
      }
      const r = placeItem(state, item, [], excluded);
      const newUnits = item.units - r.remaining;
      if (
        newUnits > oldUnits + EPS ||
        (newUnits >= oldUnits - EPS && r.cost < oldCost - MIN_GAIN - 1e-6 * Math.abs(oldCost))
      ) {
        assignments[i] = r.assignments;
        reasons[i] = r.reason;
        improved = true;
        moves++;
      } else {
        for (const a of r.assignments) state.apply(a.candidate, a.units, 0, item.team, -1);
        for (const a of old) state.apply(a.candidate, a.units, 0, item.team);
      }
    }
    if (!improved) break;
  }
  const notes = moves > 0 ? [reason('note.greedy-moves', 'greedy', { moves })] : [];
  return { solver: 'greedy', assignments, status: 'heuristic', notes, unplacedReasons: reasons };
}
