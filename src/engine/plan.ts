/**
 * plan(snapshot, request, profile, {now, seed}) → Plan. Pure and deterministic: the same input and seed give the
 * same plan. The greedy solver always runs; when an exact solver is supplied (a port: it runs in a worker thread
 * in the shell) and the instance is small enough, the MIP answer replaces the greedy one when it is cheaper, and the
 * LP relaxation gives the lower bound the plan's gap is reported against.
 */
import { addCents, subCents, sumCents } from '../core/money.js';
import type { PlanRequest, Snapshot } from '../core/types.js';
import type { Profile } from './profile.js';
import type { Plan } from './plan-types.js';
import type { Solution } from './problem.js';
import type { ExactSolver } from './solvers/solver.js';
import { compile, type Compiled } from './compile.js';
import { solveGreedy } from './solvers/greedy.js';
import { evaluate } from './objective.js';
import { cents, contractSection, iso, providerSection, workloadSection } from './report.js';
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
  notes: string[];
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
  const notes: string[] = [];
  const small = problem.candidates.length <= profile.exactMaxCandidates;
  const wantExact = profile.solver === 'exact' || (profile.solver === 'auto' && small);
  if (!ctx.exact || profile.solver === 'greedy' || (!wantExact && !ctx.lowerBound)) {
    if (!ctx.exact && profile.solver === 'exact') notes.push('no exact solver available: greedy used');
    else if (!small && profile.solver === 'auto')
      notes.push(`${problem.candidates.length} candidates > ${profile.exactMaxCandidates}: greedy solver, no LP bound`);
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
    else notes.push(`LP bound not computed: ${lp.notes[0] ?? `the relaxation ended ${lp.status}`}`);
  } catch (e) {
    notes.push(`LP bound not computed: ${(e as Error).message}`);
  }
  const bound = lowerBound !== undefined ? { lowerBound } : {};
  if (!wantExact) return { solution: greedy, notes, ...bound };
  try {
    const mip = await ctx.exact.solve(problem, { integer: true, ...limits });
    const [mu, gu] = [unplacedUnits(compiled, mip), unplacedUnits(compiled, greedy)];
    const [mb, gb] = [evaluate(problem, mip).bill, evaluate(problem, greedy).bill];
    const better = mu < gu - 1e-9 || (mu <= gu + 1e-9 && mb < gb - 1e-6);
    const found = mip.status === 'optimal' ? 'exact optimal solution' : `exact MIP incumbent (${mip.status})`;
    if (mip.status !== 'optimal' && !better) notes.push(...mip.notes.filter((n) => n.startsWith('HiGHS stopped')));
    notes.push(better ? `${found} beats greedy` : `greedy solution is as good as the ${found}: greedy reported`);
    const bills = mu <= gu + 1e-9 ? { greedyBill: gb, exactBill: mb } : {};
    return { solution: better ? mip : greedy, notes, ...bills, ...bound, exactStatus: mip.status };
  } catch (e) {
    const timing =
      (e as { code?: string }).code === 'solver.timeout'
        ? ' (a wall-clock safety net: THIS PLAN DEPENDS ON TIMING)'
        : '';
    notes.push(`exact solver failed (${(e as Error).message})${timing}: greedy used`);
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
  const workloads = workloadSection(compiled, solution, request.workloads, cost, unserved);
  const contracts = contractSection(compiled, snapshot, cost);
  const providers = providerSection(compiled, solution, workloads, contracts);
  ctx.onPhase?.('report');
  const survivability = ctx.skipSurvivability
    ? []
    : survivabilityCheck(problem, solution, snapshot.policy, ctx.seed, unserved.perUnit);
  ctx.onPhase?.('survivability');
  const violations: { code: string; message: string }[] = [];
  for (const p of providers) {
    if (p.spendShare > p.maxSpendShare + 1e-6)
      violations.push({
        code: 'policy.spend-share',
        message: `${p.id} holds ${(p.spendShare * 100).toFixed(1)}% of spend, above its cap of ${(p.maxSpendShare * 100).toFixed(1)}%`,
      });
    if (p.gpuShare > p.maxGpuShare + 1e-6)
      violations.push({
        code: 'policy.gpu-share',
        message: `${p.id} holds ${(p.gpuShare * 100).toFixed(1)}% of GPUs at the peak, above its cap of ${(p.maxGpuShare * 100).toFixed(1)}%`,
      });
  }
  for (const s of survivability)
    for (const r of s.rules) {
      if (!r.ok)
        violations.push({
          code: 'policy.survivability',
          message: `losing ${s.provider} leaves ${r.workload} with ${(r.keptImmediately * 100).toFixed(0)}% of its capacity at once and ${(r.afterReplan * 100).toFixed(0)}% after re-planning (needs ${(r.required * 100).toFixed(0)}%)`,
        });
    }
  for (const w of workloads) {
    if (w.status === 'unplaced' || w.status === 'partial')
      violations.push({ code: `workload.${w.status}`, message: `${w.id}: ${w.unplacedReason ?? ''}` });
  }
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
      notes: [...notes, ...solution.notes],
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
      ),
    ),
  };
}
