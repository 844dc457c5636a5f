/** `skyfleet plan <file>`: flags in, the plan use case (src/app/plan-scenario.ts) called, the plan rendered. */
import { writeStderrSync } from '../io.js';
import type { Command } from 'commander';
import { planScenario } from '../../app/plan-scenario.js';
import { parseSolverChoice } from '../../app/plan-request.js';
import { checkFailure } from '../../app/plan-check.js';
import { loadScenario } from '../load.js';
import { openExactSolver } from '../exact.js';
import { renderDiff, renderExplain, renderPlan } from '../render-plan.js';

/** The CI gate's rule, the application's (src/app/plan-check.ts). */
export { checkFailure };

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
      writeStderrSync(
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
      parseSolverChoice(o.solver);
      const clock = phaseClock(o.timings === true);
      const scenario = loadScenario(file, o.catalog);
      clock.lap('load');
      const { base, variant } = await planScenario(
        scenario,
        file,
        {
          solver: o.solver,
          ...(o.explain ? { explain: o.explain } : {}),
          ...(o.whatIf ? { whatIf: o.whatIf } : {}),
          ...(o.without ? { without: o.without } : {}),
          ...(o.now !== undefined ? { now: o.now } : {}),
          seed: o.seed,
        },
        { openExact: openExactSolver, onPhase: clock.lap },
      );
      if (o.json) {
        const out = variant ? { base, variant } : base;
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else {
        if (variant)
          process.stdout.write(`${renderPlan(variant.plan)}\n\n${renderDiff(variant.label, variant.diff)}\n`);
        else process.stdout.write(`${renderPlan(base)}\n`);
        for (const e of base.explain) process.stdout.write(`\n${renderExplain(e)}\n`);
        // Notes are not results: stderr (in --json they are in solver.notes).
        const notes = [...new Set([...base.solver.notes, ...(variant?.plan.solver.notes ?? [])])];
        for (const n of notes) writeStderrSync(`skyfleet: note: ${n}\n`);
      }
      clock.lap('output');
      clock.report();
      if (o.check) {
        // The scenario's own plan is judged (with --what-if / --without too: the variant is for reading).
        const failure = checkFailure(base);
        writeStderrSync(
          `skyfleet: ${failure ?? `check passed: ${base.totals.placed} workloads placed, no violations`}\n`,
        );
        if (failure) process.exitCode = 1;
      }
    });
}
