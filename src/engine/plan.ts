/**
 * plan(snapshot, request, profile, {now, seed}) → Plan. Pure and deterministic: the same input and seed give the
 * same plan. The greedy solver always runs; when an exact solver is supplied (a port: it runs in a worker thread
 * in the shell) and the instance is small enough, the MIP answer replaces the greedy one when it is cheaper, and the
 * LP relaxation gives the lower bound the plan's gap is reported against.
 */
import { reason, type Reason } from '../core/codes.js';
import { addCents, subCents, sumCents } from '../core/money.js';
import type { PlanRequest, Snapshot } from '../core/types.js';
import type { Profile } from './profile.js';
import type { Plan } from './plan-types.js';
import type { Solution } from './problem.js';
import type { ExactSolver } from './solvers/solver.js';
import { compile, type Compiled } from './compile.js';
import { solveGreedy } from './solvers/greedy.js';
import { evaluate } from './objective.js';
import { cents, contractSection, iso, providerSection, violationSection, workloadSection } from './report.js';
import type { Words } from './words.js';
import { unservedValues } from './unserved.js';
import { survivabilityCheck } from './survivability.js';
import { explainWorkload } from './explain.js';

export interface PlanContext {
  readonly now: number;
  readonly seed: number;
  readonly scenario?: string;
  readonly exact?: ExactSolver;
  readonly explain?: readonly string[];
  /** Skip the per-provider loss analysis (the simulator re-plans often and does its own). */
  readonly skipSurvivability?: boolean;
  /** Compute the LP lower bound even when the MIP is not attempted (bench). */
  readonly lowerBound?: boolean;
  /** The words port (src/engine/words.ts): the edge's renderer, `MESSAGES` from src/messages. The plan's text
   * fields are made through it from the reasons the engine returns as data. */
  readonly words: Words;
  /** Told as each phase ends (the shell times them; the engine reads no clock). */
  readonly onPhase?: (phase: PlanPhase) => void;
}

export type PlanPhase = 'compile' | 'solve' | 'report' | 'survivability';

const unplacedUnits = (c: Compiled, s: Solution): number =>
  c.problem.items.reduce(
    (sum, it) => sum + it.units - (s.assignments[it.index] ?? []).reduce((x, a) => x + a.units, 0),
    0,
  );

interface Solved {
  solution: Solution;
  notes: Reason[];
  lowerBound?: number;
  greedyBill?: number;
  exactBill?: number;
  exactStatus?: Solution['status'];
}

/**
 * The greedy always runs; the exact solver (when there is one and the instance is small enough) gives the LP bound
 * and a MIP plan. Both exact solves are bounded by deterministic limits (profile.mipMaxNodes, lpIterationLimit), so
 * which plan is reported never depends on timing: the MIP's plan (optimal, or its best incumbent at the node limit)
 * when it places more or bills less than the greedy, else the greedy's. The LP bound is reported only when the
 * relaxation was solved to optimality (a relaxation stopped early bounds nothing).
 */
async function solve(compiled: Compiled, profile: Profile, ctx: PlanContext): Promise<Solved> {
  const { problem } = compiled;
  const greedy = solveGreedy(problem, { seed: ctx.seed, improvementPasses: profile.improvementPasses });
  const notes: Reason[] = [];
  const small = problem.candidates.length <= profile.exactMaxCandidates;
  const wantExact = profile.solver === 'exact' || (profile.solver === 'auto' && small);
  if (!ctx.exact || profile.solver === 'greedy' || (!wantExact && !ctx.lowerBound)) {
    if (!ctx.exact && profile.solver === 'exact') notes.push(reason('note.no-exact-solver', 'plan'));
    else if (!small && profile.solver === 'auto')
      notes.push(
        reason('note.too-many-candidates', 'plan', {
          candidates: problem.candidates.length,
          max: profile.exactMaxCandidates,
        }),
      );
    return { solution: greedy, notes };
  }
  const limits = {
    mipMaxNodes: profile.mipMaxNodes,
    lpIterationLimit: profile.lpIterationLimit,
    timeLimitSeconds: profile.safetyTimeLimitSeconds,
  };
  let lowerBound: number | undefined;
  try {
    const lp = await ctx.exact.solve(problem, { integer: false, ...limits });
    if (lp.status === 'optimal' && lp.lowerBound !== undefined) lowerBound = lp.lowerBound;
    else {
      const first = lp.notes[0];
      notes.push(reason('note.lp-bound-failed', 'plan', first ? { cause: { ...first } } : { status: lp.status }));
    }
  } catch (e) {
    notes.push(reason('note.lp-bound-failed', 'plan', { error: (e as Error).message }));
  }
  const bound = lowerBound !== undefined ? { lowerBound } : {};
  if (!wantExact) return { solution: greedy, notes, ...bound };
  try {
    const mip = await ctx.exact.solve(problem, { integer: true, ...limits });
    const [mu, gu] = [unplacedUnits(compiled, mip), unplacedUnits(compiled, greedy)];
    const [mb, gb] = [evaluate(problem, mip).bill, evaluate(problem, greedy).bill];
    const better = mu < gu - 1e-9 || (mu <= gu + 1e-9 && mb < gb - 1e-6);
    if (mip.status !== 'optimal' && !better) notes.push(...mip.notes.filter((n) => n.code === 'note.solver-limit'));
    notes.push(reason(better ? 'note.exact-better' : 'note.greedy-as-good', 'plan', { status: mip.status }));
    const bills = mu <= gu + 1e-9 ? { greedyBill: gb, exactBill: mb } : {};
    return { solution: better ? mip : greedy, notes, ...bills, ...bound, exactStatus: mip.status };
  } catch (e) {
    const timeout = (e as { code?: string }).code === 'solver.timeout';
    notes.push(reason('note.exact-failed', 'plan', { error: (e as Error).message, timeout }));
    return { solution: greedy, notes, ...bound };
  }
}

export async function plan(
  snapshot: Snapshot,
  request: PlanRequest,
  profile: Profile,
  ctx: PlanContext,
): Promise<Plan> {
  const compiled = compile(snapshot, request, profile, new Set(ctx.explain ?? []), ctx.now);
  ctx.onPhase?.('compile');
  const { problem } = compiled;
  const { solution, notes, lowerBound, greedyBill, exactBill, exactStatus } = await solve(compiled, profile, ctx);
  ctx.onPhase?.('solve');
  const cost = evaluate(problem, solution);
  const unserved = unservedValues(compiled, snapshot, request, ctx.now);
  const workloads = workloadSection(compiled, solution, request.workloads, cost, unserved, ctx.words);
  const contracts = contractSection(compiled, snapshot, cost);
  const providers = providerSection(compiled, solution, workloads, contracts);
  ctx.onPhase?.('report');
  const survivability = ctx.skipSurvivability
    ? []
    : survivabilityCheck(problem, solution, snapshot.policy, ctx.seed, unserved.perUnit, ctx.words);
  ctx.onPhase?.('survivability');
  const violations = violationSection(providers, survivability, workloads, ctx.words);
  const placedBill = cost.bill;
  const gap =
    lowerBound !== undefined && lowerBound > 0 && unplacedUnits(compiled, solution) < 1e-9
      ? (placedBill - lowerBound) / lowerBound
      : undefined;
  // Totals in cents, each the exact sum of its parts' cents (docs/plan-schema.md).
  const placements = workloads.flatMap((w) => w.placements);
  const spendCents = sumCents(placements.map((p) => p.spendCents));
  const preemptionCents = sumCents(placements.map((p) => p.preemptionCents));
  const listCents = sumCents(workloads.map((w) => w.listCents));
  const unservedCents = sumCents(workloads.map((w) => w.unservedCents));
  const sunkCents = sumCents(contracts.map((c) => c.reservedSunkCents));
  const shortfallPaidCents = sumCents(contracts.map((c) => c.forecastShortfallCents));
  const billCents = sumCents([sunkCents, spendCents, shortfallPaidCents, preemptionCents]);
  const baselineCents = addCents(sunkCents, cents(cost.baseline - cost.sunk));
  return {
    schema: 'skyfleet/plan@2',
    scenario: ctx.scenario ?? '',
    now: iso(ctx.now),
    seed: ctx.seed,
    horizon: { start: iso(request.horizon.start), end: iso(request.horizon.end), buckets: problem.buckets.length },
    solver: {
      used: solution.solver,
      status: solution.status,
      ...(exactStatus !== undefined ? { exactStatus } : {}),
      ...(lowerBound !== undefined ? { lowerBoundCents: cents(lowerBound) } : {}),
      ...(gap !== undefined ? { gapToLowerBound: Math.max(0, Math.round(gap * 1e6) / 1e6) } : {}),
      ...(greedyBill !== undefined && exactBill !== undefined && exactBill > 0
        ? { greedyGapToExact: Math.round(((greedyBill - exactBill) / exactBill) * 1e6) / 1e6 }
        : {}),
      notes: [...notes, ...solution.notes].map((n) => ctx.words.reason(n)),
      noteReasons: [...notes, ...solution.notes].map((n) => ({ code: n.code, source: n.source, params: n.params })),
    },
    totals: {
      billCents,
      baselineCents,
      incrementalCents: subCents(billCents, baselineCents),
      listCents,
      sunkCents,
      spendCents,
      shortfallPaidCents,
      preemptionCents,
      unservedCents,
      placed: workloads.filter((w) => w.status === 'placed').length,
      partial: workloads.filter((w) => w.status === 'partial').length,
      unplaced: workloads.filter((w) => w.status === 'unplaced').length,
    },
    workloads,
    contracts,
    providers,
    survivability,
    violations,
    explain: (ctx.explain ?? []).map((id) =>
      explainWorkload(
        compiled,
        solution,
        id,
        workloads.find((w) => w.id === id),
        ctx.words,
      ),
    ),
  };
}
