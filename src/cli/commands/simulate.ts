/**
 * `skyfleet simulate <scenario>`: one policy, one seed, through the discrete-event simulator (src/sim). Also holds
 * what `compare` shares: the simulation options, reading the traces and the incident archive, and HiGHS for the
 * offline-optimal bound.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import * as highsModule from 'highs';
import type { Scenario, Tier } from '../../core/types.js';
import { formatIssue, type Result } from '../../core/issues.js';
import { addDuration } from '../../spec/units.js';
import { parsePhillyJobs } from '../../sim/traces/philly.js';
import { parseAzureLlmRequests } from '../../sim/traces/azure-llm.js';
import { parseIncidents } from '../../sim/outages/incidents.js';
import { buildWorld, type World } from '../../sim/world.js';
import { setupInput, type OutageMode, type SetupOptions } from '../../sim/setup.js';
import { TRACE_DEFAULTS } from '../../sim/inputs.js';
import { simulate } from '../../sim/simulate.js';
import type { SimResult } from '../../sim/result.js';
import { parsePolicy, OFFLINE_OPTIMAL } from '../../sim/policies/index.js';
import { offlineOptimal, type LpSolve } from '../../sim/offline-optimal.js';
import type { RunSummary } from '../../sim/metrics.js';
import { CSV_PERIODS, type CsvPeriod } from '../../sim/calendar.js';
import { loadScenario } from '../load.js';
import { bundled, readText, UserError } from '../io.js';
import { renderSimulation, simulationCsv } from '../render-sim.js';
import { renderSimulationReport } from '../../report/index.js';
import { checkReportTarget, ReportWriteError, writeReport } from '../../report/write.js';

/** The HTML report, written where --report says (a clear message, exit 2, when it cannot be). */
export function reportTo(path: string | undefined, render: () => string, check = false): void {
  if (path === undefined) return;
  try {
    if (check) checkReportTarget(path);
    else {
      writeReport(path, render());
      process.stderr.write(`skyfleet: report written to ${path}\n`);
    }
  } catch (e) {
    if (e instanceof ReportWriteError) throw new UserError(e.message);
    throw e;
  }
}

export interface SimCliOptions {
  horizon?: string;
  seed: string;
  trace?: string;
  requests?: string;
  requestRate: string;
  gpusPerJob: string;
  jobRate: string;
  traceGpus?: string;
  traceTiers?: string;
  traceKind: string;
  repeat: boolean;
  deadlineSlack?: string;
  outages: string;
  incidents?: string;
  catalog?: string;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
  progress: boolean;
}

export function addSimOptions(cmd: Command): Command {
  return cmd
    .option('--horizon <duration>', 'simulate this long from the scenario start, e.g. 7y, 18mo (default: the scenario horizon)')
    .option('--trace <csv>', 'job trace with the Philly columns (job_id,submit_time_s,duration_s,num_gpus,…)')
    .option('--requests <csv>', 'LLM request trace with the Azure columns (timestamp_s,context_tokens,generated_tokens): hourly demand shape')
    .option('--request-rate <factor>', 'multiply inference demand', '1')
    .option('--gpus-per-job <factor>', 'multiply every trace job\'s gang size (capped at the largest interconnect)', '1')
    .option('--job-rate <factor>', 'resample trace arrivals: <1 thins, >1 adds jobs', '1')
    .option('--trace-gpus <list>', `GPU models a trace job accepts (default ${TRACE_DEFAULTS.gpus.join(',')})`)
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

const positive = (name: string, v: string): number => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new UserError(`${name} must be a positive number, not "${v}"`);
  return n;
};

export function parseSeed(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UserError(`--seed must be an integer, not "${v}"`);
  return n;
}

function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new UserError(r.issues.map(formatIssue).join('\n'));
}

export interface Prepared {
  readonly scenario: Scenario;
  readonly world: World;
  readonly setup: SetupOptions;
}

export function prepare(file: string, o: SimCliOptions): Prepared {
  const scenario = loadScenario(file, o.catalog);
  const start = scenario.request.horizon.start;
  let end = scenario.request.horizon.end;
  if (o.horizon !== undefined) {
    const r = addDuration(start, o.horizon);
    if (!r.ok) throw new UserError(`--horizon: ${r.issues.map((i) => i.message).join('; ')}`);
    if (!(r.value > start)) throw new UserError(`--horizon must be longer than zero, not "${o.horizon}"`);
    end = r.value;
  }
  const horizon = { start, end };
  if (!['sample', 'replay', 'none'].includes(o.outages)) throw new UserError(`--outages must be sample, replay or none, not "${o.outages}"`);
  if (!['batch', 'training'].includes(o.traceKind)) throw new UserError(`--trace-kind must be batch or training, not "${o.traceKind}"`);
  const tiers = o.traceTiers?.split(',').map((s) => s.trim());
  const badTier = tiers?.find((t) => !['reserved', 'committed', 'on-demand', 'spot'].includes(t));
  if (badTier) throw new UserError(`--trace-tiers: unknown tier "${badTier}" (reserved, committed, on-demand, spot)`);
  const trace = o.trace ? orThrow(parsePhillyJobs(readText(o.trace, 'job trace'), o.trace)) : undefined;
  const requests = o.requests ? orThrow(parseAzureLlmRequests(readText(o.requests, 'request trace'), o.requests)) : undefined;
  const incidentsFile = o.incidents ?? bundled('data/cloud-incidents-2018-2020.csv');
  const incidents = o.outages === 'none' ? undefined : orThrow(parseIncidents(readText(incidentsFile, 'incident archive'), o.incidents ?? 'data/cloud-incidents-2018-2020.csv'));
  const traceOptions = {
    gpuFactor: positive('--gpus-per-job', o.gpusPerJob), rate: positive('--job-rate', o.jobRate), repeat: o.repeat,
    kind: o.traceKind as 'batch' | 'training',
    ...(o.traceGpus ? { gpus: o.traceGpus.split(',').map((s) => s.trim()) } : {}),
    ...(tiers ? { tiers: tiers as Tier[] } : {}),
    ...(o.deadlineSlack !== undefined ? { deadlineSlack: positive('--deadline-slack', o.deadlineSlack) } : {}),
  };
  const world = buildWorld(scenario, horizon);
  const setup: SetupOptions = {
    horizon, trace, traceOptions, requests, requestRate: positive('--request-rate', o.requestRate), incidents,
    outages: o.outages as OutageMode,
  };
  return { scenario, world, setup };
}

type HighsInstance = { solve(lp: string, opts: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number } | undefined> } };

/** HiGHS (WebAssembly) as the LP port of the offline-optimal bound. */
export async function loadLpSolve(): Promise<LpSolve> {
  const d = (highsModule as { default?: unknown }).default;
  const loader = (typeof d === 'function' ? d : (d as { default: () => Promise<unknown> }).default) as () => Promise<HighsInstance>;
  const highs = await loader();
  return (lp) => {
    const r = highs.solve(lp, { output_flag: false });
    return { status: r.Status, objective: r.ObjectiveValue, primal: (n) => r.Columns[n]?.Primal ?? 0 };
  };
}

/** One (policy, seed) run, as the summary row `compare` aggregates (and the full result for simulate). */
export function runOne(p: Prepared, policyName: string, seed: number, lp: LpSolve | undefined, onProgress?: (e: number, now: number) => void): { summary: RunSummary; result?: SimResult } {
  const policy = orThrow(parsePolicy(policyName, p.world.providers));
  const input = orThrow(setupInput(p.scenario, p.world, p.setup, seed));
  if (policy === OFFLINE_OPTIMAL) {
    if (!lp) throw new UserError('offline-optimal needs the HiGHS LP solver');
    const b = offlineOptimal(input, p.world, lp);
    return { summary: { policy: policyName, seed, effectiveUsd: b.effectiveUsd, billedUsd: b.billedUsd, attainment: b.attainment, outages: input.outages.length } };
  }
  const r = simulate(input, policy, { seed, world: p.world, ...(onProgress ? { onProgress: (x) => onProgress(x.events, x.now) } : {}) });
  return { summary: toSummary(r), result: r };
}

export function toSummary(r: SimResult): RunSummary {
  const minimum = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? c.minimum + c.carryIn : 0), 0);
  const usage = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? Math.min(c.usage, c.minimum + c.carryIn) : 0), 0);
  const total = Object.values(r.cost.byProviderCents).reduce((s, x) => s + x, 0);
  return {
    policy: r.policy, seed: r.seed, effectiveUsd: r.cost.effectiveUsd, billedUsd: r.cost.billedCents / 100,
    shortfallUsd: r.cost.shortfallCents / 100, attainment: r.inference.attainment, deadlineMisses: r.jobs.deadlineMisses,
    lostGpuHours: r.jobs.lostGpuHours, redoneGpuHours: r.jobs.redoneGpuHours, meanCompletionHours: r.jobs.completionHours.mean,
    ...(minimum > 0 ? { commitmentUtilisation: usage / minimum } : {}),
    ...(total > 0 ? { spendShare: Object.fromEntries(Object.entries(r.cost.byProviderCents).map(([k, v]) => [k, v / total])) } : {}),
    outages: r.outages.length, events: r.events,
  };
}

/** Progress on stderr: events done, simulated date, ETA from the share of the horizon covered. */
export function progressPrinter(start: number, end: number, label = ''): (events: number, now: number) => void {
  const t0 = Date.now();
  return (events, now) => {
    const frac = Math.max(1e-9, (now - start) / (end - start));
    const elapsed = (Date.now() - t0) / 1000;
    const eta = elapsed / frac - elapsed;
    process.stderr.write(`${label}${events.toLocaleString('en-US')} events, simulated ${new Date(now).toISOString().slice(0, 10)} (${(frac * 100).toFixed(0)}%), ETA ${eta.toFixed(0)} s\n`);
  };
}

/** --period: one of CSV_PERIODS, else a usage error (exit 2, one line). */
export function csvPeriod(v: string): CsvPeriod {
  if ((CSV_PERIODS as readonly string[]).includes(v)) return v as CsvPeriod;
  throw new UserError(`--period must be one of ${CSV_PERIODS.join(', ')}, not ${JSON.stringify(v.slice(0, 40))} [flag.invalid]`);
}

export function registerSimulate(program: Command): void {
  addSimOptions(program
    .command('simulate')
    .description('run the discrete-event simulator: one policy, one seed, with outages, preemptions and contract settlement')
    .argument('<scenario>', 'scenario file (YAML or JSON)')
    .option('--policy <name>', 'single:<provider>, cheapest-first, skyfleet or offline-optimal', 'skyfleet')
    .option('--seed <n>', 'random seed', '1')
    .option('--period <period>', `rows of --csv: ${CSV_PERIODS.join(', ')} (bucket = the simulator's time buckets; the others are calendar periods in UTC, split exactly in cents)`, 'bucket'))
    .action(async (file: string, o: SimCliOptions & { policy: string; period: string }) => {
      const period = csvPeriod(o.period);
      const seed = parseSeed(o.seed);
      const p = prepare(file, o);
      orThrow(parsePolicy(o.policy, p.world.providers));
      if (o.report !== undefined && o.policy === OFFLINE_OPTIMAL) throw new UserError('--report needs a simulated policy: offline-optimal is an LP bound without time series (use compare --report)');
      if (o.csv !== undefined && o.policy === OFFLINE_OPTIMAL) throw new UserError('--csv needs a simulated policy: offline-optimal is an LP bound without spend per period (use compare --csv) [flag.invalid]');
      reportTo(o.report, () => '', true);
      const lp = o.policy === OFFLINE_OPTIMAL ? await loadLpSolve() : undefined;
      const progress = o.progress ? progressPrinter(p.world.start, p.world.end) : undefined;
      const { summary, result } = runOne(p, o.policy, seed, lp, progress);
      if (result) reportTo(o.report, () => renderSimulationReport({ scenario: p.scenario.name, result }));
      if (o.csv !== undefined && result) {
        const csv = simulationCsv(result, period);
        if (typeof o.csv === 'string') writeFileSync(o.csv, csv); else process.stdout.write(csv);
        if (typeof o.csv !== 'string') return;
      }
      if (o.json) { process.stdout.write(`${JSON.stringify(result ?? summary, null, 2)}\n`); return; }
      process.stdout.write(`${renderSimulation(p.scenario.name, summary, result)}\n`);
    });
}
