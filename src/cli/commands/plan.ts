import type { Command } from 'commander';
import type { Scenario } from '../../core/types.js';
import { plan, type PlanContext } from '../../engine/plan.js';
import { DEFAULT_PROFILE, type SolverChoice } from '../../engine/profile.js';
import { parsePriceShock, withoutProvider, withPriceShock } from '../../engine/what-if.js';
import { diffPlans } from '../../engine/diff.js';
import { formatIssue } from '../../core/issues.js';
import { parseInstant } from '../../scenario/units.js';
import { loadScenario } from '../load.js';
import { UserError } from '../io.js';
import { parseSeed } from '../options.js';
import { withExactSolver } from '../exact.js';
import { renderDiff, renderExplain, renderPlan } from '../render-plan.js';
import type { Plan } from '../../engine/plan-types.js';

interface PlanOptions {
  json?: boolean;
  explain?: string[];
  whatIf?: string[];
  without?: string[];
  seed: string;
  now?: string;
  solver: string;
  catalog?: string;
  timings?: boolean;
  check?: boolean;
}

/**
 * `--check`: the CI gate. Undefined when the plan is clean (no violation, nothing unplaced or partial), else one line
 * saying why it is not. Workloads outside the horizon are not failures.
 */
export function checkFailure(p: Plan): string | undefined {
  const unplaced = p.workloads.filter((w) => w.status === 'unplaced').map((w) => w.id);
  const partial = p.workloads.filter((w) => w.status === 'partial').map((w) => w.id);
  const policy = p.violations.filter((v) => !v.code.startsWith('workload.'));
  if (unplaced.length === 0 && partial.length === 0 && policy.length === 0) return undefined;
  const names = (ids: readonly string[]): string =>
    ids.length > 3 ? `${ids.slice(0, 3).join(', ')}, …` : ids.join(', ');
  const byCode = new Map<string, number>();
  for (const v of policy) byCode.set(v.code, (byCode.get(v.code) ?? 0) + 1);
  const parts = [
    unplaced.length ? `${unplaced.length} unplaced (${names(unplaced)})` : '',
    partial.length ? `${partial.length} partial (${names(partial)})` : '',
    policy.length
      ? `${policy.length} policy violation${policy.length === 1 ? '' : 's'} (${[...byCode].map(([c, n]) => (n > 1 ? `${c} ×${n}` : c)).join(', ')})`
      : '',
  ].filter(Boolean);
  return `check failed: ${parts.join(', ')}`;
}

/** The planning instant: nothing starts before it. UTC dates only (as in scenario files), inside the horizon. */
function nowOf(text: string | undefined, scenario: Scenario): number {
  const { start, end } = scenario.request.horizon;
  if (text === undefined) return start;
  const t = parseInstant(text);
  if (!t.ok) throw new UserError(`--now: ${t.issues[0]?.message ?? `cannot read "${text}"`}`);
  if (t.value < start || t.value >= end) {
    throw new UserError(
      `--now ${text} is outside the scenario's horizon (${new Date(start).toISOString().slice(0, 10)} to ${new Date(end).toISOString().slice(0, 10)})`,
    );
  }
  return t.value;
}

/** `--timings`: wall time per phase (a phase told twice — the base plan and a variant — adds up), on stderr. */
function phaseClock(on: boolean): { lap: (phase: string) => void; report: () => void } {
  const spent = new Map<string, number>();
  const start = performance.now();
  let last = start;
  return {
    lap: (phase) => {
      const now = performance.now();
      spent.set(phase, (spent.get(phase) ?? 0) + now - last);
      last = now;
    },
    report: () => {
      if (!on) return;
      const parts = [...spent].map(([p, ms]) => `${p} ${(ms / 1000).toFixed(2)} s`);
      process.stderr.write(
        `skyfleet: timings: ${parts.join(', ')}; total ${((performance.now() - start) / 1000).toFixed(2)} s since the command started (${(performance.now() / 1000).toFixed(2)} s since the process did)\n`,
      );
    },
  };
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('place every workload at the least effective cost, honouring contracts and policy')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('--json', 'print the whole plan as JSON (schema skyfleet/plan@2, docs/plan-schema.md)')
    .option(
      '--explain <workload>',
      'show every alternative for a workload and why it lost (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      '--what-if <shock>',
      're-plan under a price shock, e.g. aws.price=+20% (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      '--without <provider>',
      're-plan without a provider and its contracts (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--seed <n>', 'seed for tie-breaking', '1')
    .option('--now <date>', 'the planning instant (default: the horizon start)')
    .option('--solver <name>', 'greedy | exact | auto (exact when small enough)', 'auto')
    .option('--catalog <csv>', 'your own price catalog (columns of data/gpu-catalog.csv)')
    .option('--timings', 'print how long each phase took, on stderr')
    .option(
      '--check',
      'exit 1 when the plan has violations or unplaced/partial work (a CI gate; why, in one line on stderr)',
    )
    .action(async (file: string, o: PlanOptions) => {
      if (!['greedy', 'exact', 'auto'].includes(o.solver))
        throw new UserError(`--solver must be greedy, exact or auto, not "${o.solver}"`);
      const clock = phaseClock(o.timings === true);
      const scenario = loadScenario(file, o.catalog);
      clock.lap('load');
      const known = scenario.snapshot.providers.map((p) => p.id);
      for (const id of o.explain ?? []) {
        if (!scenario.request.workloads.some((w) => w.id === id))
          throw new UserError(`--explain: no workload "${id}" in ${file}`);
      }
      let shocked = scenario.snapshot;
      const labels: string[] = [];
      for (const text of o.whatIf ?? []) {
        const r = parsePriceShock(text, known);
        if (!r.ok) throw new UserError(r.issues.map(formatIssue).join('\n'));
        shocked = withPriceShock(shocked, r.value);
        labels.push(text);
      }
      for (const p of o.without ?? []) {
        const id = known.find((k) => k === p);
        if (id === undefined)
          throw new UserError(`--without: unknown provider "${p}" (the scenario has ${known.join(', ')})`);
        shocked = withoutProvider(shocked, id);
        labels.push(`without ${p}`);
      }
      const profile = { ...DEFAULT_PROFILE, solver: o.solver as SolverChoice };
      const ctxBase = {
        now: nowOf(o.now, scenario),
        seed: parseSeed(o.seed),
        scenario: scenario.name,
        explain: o.explain ?? [],
      };
      await withExactSolver(o.solver !== 'greedy', async (exact) => {
        const ctx: PlanContext = { ...ctxBase, ...(exact ? { exact } : {}), onPhase: clock.lap };
        const base = await plan(scenario.snapshot, scenario.request, profile, ctx);
        const variant = labels.length ? await plan(shocked, scenario.request, profile, ctx) : undefined;
        if (o.json) {
          const out = variant
            ? { base, variant: { label: labels.join(', '), plan: variant, diff: diffPlans(base, variant) } }
            : base;
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          if (variant) {
            process.stdout.write(
              `${renderPlan(variant)}\n\n${renderDiff(labels.join(', '), diffPlans(base, variant))}\n`,
            );
          } else {
            process.stdout.write(`${renderPlan(base)}\n`);
          }
          for (const e of base.explain) process.stdout.write(`\n${renderExplain(e)}\n`);
          // Notes are not results: stderr (in --json they are in solver.notes).
          const notes = [...new Set([...base.solver.notes, ...(variant?.solver.notes ?? [])])];
          for (const n of notes) process.stderr.write(`skyfleet: note: ${n}\n`);
        }
        clock.lap('output');
        clock.report();
        if (o.check) {
          // The scenario's own plan is judged (with --what-if / --without too: the variant is for reading).
          const failure = checkFailure(base);
          process.stderr.write(
            `skyfleet: ${failure ?? `check passed: ${base.totals.placed} workloads placed, no violations`}\n`,
          );
          if (failure) process.exitCode = 1;
        }
      });
    });
}
