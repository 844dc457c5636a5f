/**
 * `skyfleet simulate <scenario>`: one policy, one seed. Flags in, the use case called (src/app/simulate-scenario.ts,
 * inputs read by src/app/prepare-simulation.ts through the file adapter), the result rendered as text, JSON, CSV or
 * the HTML report. Also holds what `compare` shares: the simulation flags.
 */
import type { Command } from 'commander';
import { prepareSimulation, type Prepared, type SimulationRequest } from '../../app/prepare-simulation.js';
import { checkPolicy, OFFLINE_OPTIMAL, simulateScenario } from '../../app/simulate-scenario.js';
import { CSV_PERIODS, TRACE_DEFAULTS, type CsvPeriod } from '../../app/sim-types.js';
import { renderSimulationReport } from '../../report/index.js';
import { fileInputs } from '../adapters/input-files.js';
import { progressPrinter } from '../adapters/progress.js';
import { openLpSolver } from '../exact.js';
import { UserError, writeStderrSync } from '../io.js';
import { flagError, parseSeed } from '../options.js';
import { checkOutputs, reportTo, writeOutputFile } from '../output-files.js';
import { renderSimulation, simulationCsv } from '../render-sim.js';

/** Moved to the application and the file adapter; exported here too for the modules that read them from this one. */
export { parseSeed };
export { readTraceFile } from '../adapters/input-files.js';
export { checkOfflineBound } from '../../app/offline-bound.js';
export { toSummary } from '../../app/run-summary.js';
export { checkOutputFile, checkOutputs, reportTo, writeOutputFile } from '../output-files.js';
export { progressPrinter } from '../adapters/progress.js';
export type { Prepared };

export interface SimCliOptions extends SimulationRequest {
  seed: string;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
  progress: boolean;
}

export function addSimOptions(cmd: Command): Command {
  return cmd
    .option(
      '--horizon <duration>',
      'simulate this long from the scenario start, e.g. 7y, 18mo (default: the scenario horizon)',
    )
    .option(
      '--trace <csv>',
      'job trace: the Philly columns (job_id,submit_time_s,duration_s,num_gpus,…) or another format of docs/simulator.md',
    )
    .option(
      '--requests <csv>',
      'LLM request trace: the Azure columns (timestamp_s,context_tokens,generated_tokens) or another format of docs/simulator.md: hourly demand shape',
    )
    .option('--request-rate <factor>', 'multiply inference demand', '1')
    .option('--gpus-per-job <factor>', "multiply every trace job's gang size (capped at the largest interconnect)", '1')
    .option('--job-rate <factor>', 'resample trace arrivals: <1 thins, >1 adds jobs', '1')
    .option(
      '--trace-gpus <list>',
      `GPU models a trace job accepts when its row gives no gpu_type, or one no model matches (default ${TRACE_DEFAULTS.gpus.join(',')})`,
    )
    .option('--trace-tiers <list>', `tiers a trace job accepts (default ${TRACE_DEFAULTS.tiers.join(',')})`)
    .option('--trace-kind <kind>', 'batch (preemptible) or training', 'batch')
    .option('--no-repeat', 'do not repeat the trace to fill the horizon')
    .option('--deadline-slack <factor>', 'give trace jobs the deadline submit + factor × duration')
    .option('--outages <mode>', 'sample (fitted statistics), replay (the 2018-2020 record) or none', 'sample')
    .option('--incidents <csv>', 'incident archive (default: the bundled data/cloud-incidents-2018-2020.csv)')
    .option('--catalog <csv>', 'your own price catalog')
    .option('--json', 'print JSON')
    .option('--csv [file]', 'write CSV (to the file, or stdout)')
    .option('--report <file>', 'write a self-contained HTML report with charts (folders are created)')
    .option('--no-progress', 'no progress lines on stderr');
}

/** Every flag and input checked and read, in order, before anything is simulated (compare: before workers start). */
export function prepare(file: string, o: SimCliOptions): Prepared {
  return prepareSimulation(fileInputs, file, simulationRequest(o));
}

/** The fields of the simulation request, without the command's output flags. */
export function simulationRequest(o: SimCliOptions): SimulationRequest {
  const { seed: _seed, json: _json, csv: _csv, report: _report, progress: _progress, ...request } = o;
  return request;
}

/** --period: one of CSV_PERIODS, else a usage error (exit 2, one line). */
export function csvPeriod(v: string): CsvPeriod {
  if ((CSV_PERIODS as readonly string[]).includes(v)) return v as CsvPeriod;
  throw new UserError(
    `--period must be one of ${CSV_PERIODS.join(', ')}, not ${JSON.stringify(v.slice(0, 40))} [flag.invalid]`,
  );
}

export function registerSimulate(program: Command): void {
  addSimOptions(
    program
      .command('simulate')
      .description(
        'run the discrete-event simulator: one policy, one seed, with outages, preemptions and contract settlement',
      )
      .argument('<scenario>', 'scenario file (YAML or JSON)')
      .option(
        '--policy <name>',
        'single:<provider>, cheapest-first, skypilot-like, skyfleet, hindsight or offline-optimal',
        'skyfleet',
      )
      .option('--seed <n>', 'random seed', '1')
      .option(
        '--period <period>',
        `rows of --csv: ${CSV_PERIODS.join(', ')} (bucket = the simulator's time buckets; the others are calendar periods in UTC, split exactly in cents)`,
        'bucket',
      ),
  ).action(async (file: string, o: SimCliOptions & { policy: string; period: string }) => {
    const period = csvPeriod(o.period);
    const seed = parseSeed(o.seed);
    if (o.report !== undefined && o.policy === OFFLINE_OPTIMAL)
      throw flagError(
        'flag.invalid',
        '--report needs a simulated policy: offline-optimal is an LP bound without time series (use compare --report)',
      );
    if (o.csv !== undefined && o.policy === OFFLINE_OPTIMAL)
      throw flagError(
        'flag.invalid',
        '--csv needs a simulated policy: offline-optimal is an LP bound without spend per period (use compare --csv)',
      );
    checkOutputs(o);
    const p = prepare(file, o);
    checkPolicy(p, o.policy);
    for (const n of p.notes) writeStderrSync(`skyfleet: ${n}\n`);
    const progress = o.progress ? progressPrinter(p.world.start, p.world.end) : undefined;
    const { summary, result } = await simulateScenario(
      p,
      { policy: o.policy, seed },
      { openLp: openLpSolver, ...(progress ? { onProgress: progress } : {}) },
    );
    if (result) reportTo(o.report, () => renderSimulationReport({ scenario: p.scenario.name, result }));
    if (o.csv !== undefined && result) {
      const csv = simulationCsv(result, period);
      if (typeof o.csv === 'string') writeOutputFile('--csv', o.csv, csv);
      else process.stdout.write(csv);
      if (typeof o.csv !== 'string') return;
    }
    if (o.json) {
      process.stdout.write(`${JSON.stringify(result ?? summary, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${renderSimulation(p.scenario.name, summary, result)}\n`);
  });
}
