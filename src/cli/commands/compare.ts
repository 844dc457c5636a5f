/**
 * `skyfleet compare <scenario> --policies a,b,… --seeds N`: every (policy, seed) pair through the simulator, spread
 * over worker threads (src/cli/adapters/compare-workers.ts: each worker prepares the inputs once and runs the use
 * case's task; offline-optimal solves its LP with HiGHS), then a summary table with 95% confidence intervals over
 * seeds. The use case is src/app/compare-scenario.ts.
 */
import { writeStderrSync } from '../io.js';
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { parseCompareRequest, type CompareRequestText } from '../../app/compare-request.js';
import { checkComparison, compareScenario } from '../../app/compare-scenario.js';
import { renderComparisonReport } from '../../report/index.js';
import { workerPool } from '../adapters/compare-workers.js';
import { runsPrinter } from '../adapters/progress.js';
import { checkOutputs, reportTo, writeOutputFile } from '../output-files.js';
import { renderRegret } from '../render-regret.js';
import { comparisonCsv, renderComparison } from '../render-sim.js';
import { addSimOptions, prepare, simulationRequest, type SimCliOptions } from './simulate.js';

interface CompareOptions extends SimCliOptions, CompareRequestText {
  policies: string;
  seeds: string;
  seed: string;
  workers?: string;
}

export function registerCompare(program: Command): void {
  addSimOptions(
    program
      .command('compare')
      .description(
        'compare policies over many seeds (worker threads): cost, shortfall, availability, regret vs offline-optimal',
      )
      .argument('<scenario>', 'scenario file (YAML or JSON)')
      .option(
        '--policies <list>',
        'comma-separated: single:<provider>, cheapest-first, skypilot-like, skyfleet, offline-optimal',
        'single:aws,cheapest-first,skyfleet,offline-optimal',
      )
      .option('--seeds <n>', 'number of seeds (seed, seed+1, …)', '10')
      .option('--seed <n>', 'first seed', '1')
      .option('--workers <n>', 'worker threads (default: available parallelism)'),
  ).action(async (file: string, o: CompareOptions) => {
    const request = parseCompareRequest(o, availableParallelism());
    checkOutputs(o);
    const p = prepare(file, o); // validates every input before any worker starts
    checkComparison(p, request);
    for (const n of p.notes) writeStderrSync(`skyfleet: ${n}\n`);
    const t0 = Date.now();
    const progress = runsPrinter();
    const { runs, summaries, regret } = await compareScenario(
      request,
      workerPool(file, simulationRequest(o), request.workers),
      (n, total) => {
        if (o.progress) progress(n, total);
      },
    );
    const seconds = (Date.now() - t0) / 1000;
    const seeds = request.seeds.length;
    reportTo(o.report, () => renderComparisonReport({ scenario: p.scenario.name, seeds, summaries, runs, regret }));
    if (o.csv !== undefined) {
      const csv = comparisonCsv(runs);
      if (typeof o.csv === 'string') writeOutputFile('--csv', o.csv, csv);
      else {
        process.stdout.write(csv);
        return;
      }
    }
    if (o.json) {
      process.stdout.write(
        `${JSON.stringify({ scenario: p.scenario.name, seeds, policies: summaries, regret, runs }, null, 2)}\n`,
      );
      return;
    }
    process.stdout.write(
      `${renderComparison(p.scenario.name, seeds, summaries, seconds)}\n\n${renderRegret(regret)}\n`,
    );
  });
}
