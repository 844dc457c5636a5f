/**
 * `skyfleet simulate <scenario>`: one policy, one seed, through the discrete-event simulator (src/sim). Also holds
 * what `compare` shares: the simulation options, reading the traces and the incident archive, and HiGHS for the
 * offline-optimal bound.
 */
import type { Command } from 'commander';
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as highsModule from 'highs';
import type { Scenario, Tier } from '../../core/types.js';
import { formatIssue, type Issue, type Result } from '../../core/issues.js';
import { excerpt } from '../../core/excerpt.js';
import { addDuration } from '../../scenario/units.js';
import { parsePhillyJobs } from '../../sim/traces/philly.js';
import { parseAzureLlmRequests } from '../../sim/traces/azure-llm.js';
import { parseIncidents } from '../../sim/outages/incidents.js';
import { buildWorld, type World } from '../../sim/world.js';
import { setupInput, type OutageMode, type SetupOptions } from '../../sim/setup.js';
import { TRACE_DEFAULTS } from '../../sim/inputs.js';
import { simulate } from '../../sim/simulate.js';
import type { SimResult } from '../../sim/result.js';
import { parsePolicy, OFFLINE_OPTIMAL } from '../../sim/policies/index.js';
import { checkBoundModelSize, offlineOptimal, type LpSolve } from '../../sim/offline-optimal.js';
import type { RunSummary } from '../../sim/metrics.js';
import { CSV_PERIODS, type CsvPeriod } from '../../sim/calendar.js';
import { loadScenario } from '../load.js';
import { bundled, UserError } from '../io.js';
import { FLAG_LIMITS, flagError, parseList, parseNumberFlag, parseSeed } from '../options.js';
import { checkJobBudget, SIM_LIMITS, SimLimitError } from '../../sim/limits.js';
import { renderSimulation, simulationCsv } from '../render-sim.js';
import { renderSimulationReport } from '../../report/index.js';
import { checkReportTarget, ReportWriteError, writeReport } from '../../report/write.js';

/** The one seed rule (src/cli/options.ts), also exported here for the modules that read it from this one. */
export { parseSeed };

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
    if (e instanceof ReportWriteError) throw new UserError(`${e.message} [report.unwritable]`);
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
    .option(
      '--horizon <duration>',
      'simulate this long from the scenario start, e.g. 7y, 18mo (default: the scenario horizon)',
    )
    .option('--trace <csv>', 'job trace with the Philly columns (job_id,submit_time_s,duration_s,num_gpus,…)')
    .option(
      '--requests <csv>',
      'LLM request trace with the Azure columns (timestamp_s,context_tokens,generated_tokens): hourly demand shape',
    )
    .option('--request-rate <factor>', 'multiply inference demand', '1')
    .option('--gpus-per-job <factor>', "multiply every trace job's gang size (capped at the largest interconnect)", '1')
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

/** Issues as `file:line:col: message [code]` lines; the row/column path is left out when the file position is given. */
function issueLines(issues: readonly Issue[]): string {
  return issues
    .map((i) => formatIssue(i.file !== undefined && i.line !== undefined ? { ...i, path: [] } : i))
    .join('\n');
}

function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new UserError(issueLines(r.issues));
}

/**
 * A trace or archive file, its size checked (stat) before it is read: at most SIM_LIMITS.traceBytes, a regular file.
 * Messages name the file as an escaped excerpt of the path given.
 */
export function readTraceFile(path: string, what: string): string {
  const shown = excerpt(path, 200);
  const fail = (code: string, why: string): never => {
    throw new UserError(`${shown}: cannot read the ${what}: ${why} [${code}]`);
  };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return fail('trace.unreadable', (e as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  if (st === undefined) return fail('trace.unreadable', 'no such file');
  if (st.isDirectory()) return fail('trace.unreadable', 'it is a directory');
  if (!st.isFile()) return fail('trace.unreadable', 'not a regular file');
  const max = SIM_LIMITS.traceBytes;
  if (st.size > max) {
    return fail(
      'trace.too-large',
      `${(st.size / 2 ** 20).toFixed(1)} MiB is more than the limit of ${max / 2 ** 20} MiB (docs/limits.md)`,
    );
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail('trace.unreadable', code === 'EACCES' ? 'permission denied' : (code ?? 'unknown error'));
  }
}

/**
 * Checks before the run that an output file (`--csv FILE`) can be written: its folder exists and is writable and the
 * path is not a folder. Nothing is created (the folder of a CSV is not made for you, unlike --report's).
 */
export function checkOutputFile(flag: string, path: string): void {
  const shown = excerpt(path, 200);
  if (path.trim() === '') throw flagError('output.unwritable', `${flag} needs a file name`);
  const full = resolve(path);
  const dir = statSync(dirname(full), { throwIfNoEntry: false });
  if (!dir)
    throw flagError('output.unwritable', `${flag} ${shown}: the folder ${excerpt(dirname(path), 200)} does not exist`);
  if (!dir.isDirectory())
    throw flagError('output.unwritable', `${flag} ${shown}: ${excerpt(dirname(path), 200)} is not a folder`);
  try {
    accessSync(dirname(full), constants.W_OK);
  } catch {
    throw flagError('output.unwritable', `${flag} ${shown}: the folder is not writable (permission denied)`);
  }
  if (statSync(full, { throwIfNoEntry: false })?.isDirectory())
    throw flagError('output.unwritable', `${flag} ${shown}: it is a folder`);
}

/** Writes an output file, a clear message (exit 2) when it cannot be. */
export function writeOutputFile(flag: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw flagError(
      'output.unwritable',
      `${flag} ${excerpt(path, 200)}: cannot write it: ${code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' ? 'permission denied' : (code ?? 'unknown error')}`,
    );
  }
}

/** Output targets checked before anything is read or run. */
export function checkOutputs(o: SimCliOptions): void {
  if (typeof o.csv === 'string') checkOutputFile('--csv', o.csv);
  reportTo(o.report, () => '', true);
}

export interface Prepared {
  readonly scenario: Scenario;
  readonly world: World;
  readonly setup: SetupOptions;
  /** Notes for stderr (`skyfleet: …` lines), e.g. the zero-duration trace rows skipped. */
  readonly notes: readonly string[];
}

const TIERS: readonly Tier[] = ['reserved', 'committed', 'on-demand', 'spot'];
const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** The simulated horizon: the scenario's, or --horizon from its start; longer than zero, at most SIM_LIMITS.horizonYears. */
function simHorizon(scenario: Scenario, text: string | undefined): { start: number; end: number } {
  const start = scenario.request.horizon.start;
  let end = scenario.request.horizon.end;
  if (text !== undefined) {
    const r = addDuration(start, text);
    if (!r.ok && r.issues.some((i) => i.code === 'value.too-big')) {
      throw flagError(
        'sim.horizon-too-long',
        `--horizon "${excerpt(text)}" is longer than the simulator's limit of ${SIM_LIMITS.horizonYears} years (docs/limits.md)`,
      );
    }
    if (!r.ok) {
      throw flagError(
        r.issues[0]?.code ?? 'unit.invalid',
        `--horizon must be a duration like 7y, 18mo, 90d or 12h (y and mo in whole months), not "${excerpt(text)}"`,
      );
    }
    end = r.value;
  }
  const years = SIM_LIMITS.horizonYears;
  const limit = addDuration(start, `${years}y`);
  if (!limit.ok || !(end <= limit.value)) {
    const actual = (end - start) / (8766 * 3_600_000);
    const length = Number.isFinite(actual)
      ? `${actual.toLocaleString('en-US', { maximumFractionDigits: 1 })} years`
      : 'ending past any date it can represent';
    const what = text === undefined ? `the scenario's horizon (${length})` : `--horizon "${excerpt(text)}"`;
    throw flagError(
      'sim.horizon-too-long',
      `${what} is longer than the simulator's limit of ${years} years (docs/limits.md)`,
    );
  }
  if (!(end > start))
    throw flagError('flag.out-of-range', `--horizon must be longer than zero, not "${excerpt(text ?? '')}"`);
  return { start, end };
}

/**
 * The time buckets of a run, estimated before the world is built (its supply holds prices and capacities per bucket
 * and pool): the horizon over the scenario's bucket length, plus every contract, period and ramp boundary.
 */
function checkBuckets(scenario: Scenario, horizon: { start: number; end: number }): void {
  const hours = (horizon.end - horizon.start) / 3_600_000;
  let n = Math.ceil(hours / Math.max(1, scenario.request.bucketHours));
  for (const c of scenario.snapshot.contracts)
    n += 2 + 2 * (c.commitment?.periods.length ?? 0) + c.reserved.reduce((s, r) => s + r.ramp.length, 0);
  const max = SIM_LIMITS.buckets;
  if (n > max) {
    throw new UserError(
      `the run would have up to ${fmtInt(n)} time buckets (the scenario's bucket of ${scenario.request.bucketHours} h over ${fmtInt(Math.round(hours))} h), more than the limit of ${fmtInt(max)}: use a longer horizon.bucket or a shorter --horizon [sim.too-many-buckets]`,
    );
  }
}

/** offline-optimal's LP size checked up front (compare: before any worker starts), from the first seed's input. */
export function checkOfflineBound(p: Prepared, seed: number): void {
  const input = orThrow(setupInput(p.scenario, p.world, p.setup, seed));
  try {
    checkBoundModelSize(input, p.world);
  } catch (e) {
    if (e instanceof SimLimitError) throw new UserError(`${e.message} [${e.code}]`);
    throw e;
  }
}

/** Every flag and input checked and read, in order, before anything is simulated (compare: before workers start). */
export function prepare(file: string, o: SimCliOptions): Prepared {
  if (!['sample', 'replay', 'none'].includes(o.outages))
    throw flagError('flag.invalid', `--outages must be sample, replay or none, not "${excerpt(o.outages)}"`);
  if (!['batch', 'training'].includes(o.traceKind))
    throw flagError('flag.invalid', `--trace-kind must be batch or training, not "${excerpt(o.traceKind)}"`);
  const gpuFactor = parseNumberFlag('--gpus-per-job', o.gpusPerJob, FLAG_LIMITS.gpusPerJob);
  const rate = parseNumberFlag('--job-rate', o.jobRate, FLAG_LIMITS.jobRate);
  const requestRate = parseNumberFlag('--request-rate', o.requestRate, FLAG_LIMITS.requestRate);
  const deadlineSlack =
    o.deadlineSlack === undefined
      ? undefined
      : parseNumberFlag('--deadline-slack', o.deadlineSlack, FLAG_LIMITS.deadlineSlack);
  const tiers =
    o.traceTiers === undefined ? undefined : (parseList('--trace-tiers', o.traceTiers, TIERS, 'tiers') as Tier[]);
  const scenario = loadScenario(file, o.catalog);
  const horizon = simHorizon(scenario, o.horizon);
  const gpus =
    o.traceGpus === undefined
      ? undefined
      : parseList('--trace-gpus', o.traceGpus, Object.keys(scenario.snapshot.throughput), 'GPU models');
  const traceName = o.trace === undefined ? undefined : excerpt(o.trace, 200);
  const trace =
    o.trace === undefined ? undefined : orThrow(parsePhillyJobs(readTraceFile(o.trace, 'job trace'), traceName!));
  const notes: string[] = [];
  const scenarioJobs = scenario.request.workloads.filter((w) => w.kind !== 'inference').length;
  const over = checkJobBudget({
    trace,
    scenarioJobs,
    horizonS: (horizon.end - horizon.start) / 1000,
    repeat: o.repeat,
    rate,
  });
  if (over) throw new UserError(issueLines([over]));
  if (trace) {
    let zero = 0;
    for (let i = 0; i < trace.count; i++) if (trace.durationS[i] === 0) zero++;
    if (zero > 0)
      notes.push(
        `${traceName}: note: ${fmtInt(zero)} of ${fmtInt(trace.count)} rows have duration_s 0 and are skipped (no work to do) [trace.zero-duration]`,
      );
  }
  const requests =
    o.requests === undefined
      ? undefined
      : orThrow(parseAzureLlmRequests(readTraceFile(o.requests, 'request trace'), excerpt(o.requests, 200)));
  const incidentsFile = o.incidents ?? bundled('data/cloud-incidents-2018-2020.csv');
  const incidents =
    o.outages === 'none'
      ? undefined
      : orThrow(
          parseIncidents(
            readTraceFile(incidentsFile, 'incident archive'),
            o.incidents === undefined ? 'data/cloud-incidents-2018-2020.csv' : excerpt(o.incidents, 200),
          ),
        );
  const traceOptions = {
    gpuFactor,
    rate,
    repeat: o.repeat,
    kind: o.traceKind as 'batch' | 'training',
    ...(gpus ? { gpus } : {}),
    ...(tiers ? { tiers } : {}),
    ...(deadlineSlack !== undefined ? { deadlineSlack } : {}),
  };
  checkBuckets(scenario, horizon);
  const world = buildWorld(scenario, horizon);
  const setup: SetupOptions = {
    horizon,
    trace,
    traceOptions,
    requests,
    requestRate,
    incidents,
    outages: o.outages as OutageMode,
  };
  return { scenario, world, setup, notes };
}

type HighsInstance = {
  solve(
    lp: string,
    opts: Record<string, unknown>,
  ): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number } | undefined> };
};

/** HiGHS (WebAssembly) as the LP port of the offline-optimal bound. */
export async function loadLpSolve(): Promise<LpSolve> {
  const d = (highsModule as { default?: unknown }).default;
  const loader = (
    typeof d === 'function' ? d : (d as { default: () => Promise<unknown> }).default
  ) as () => Promise<HighsInstance>;
  const highs = await loader();
  return (lp) => {
    const r = highs.solve(lp, { output_flag: false });
    return { status: r.Status, objective: r.ObjectiveValue, primal: (n) => r.Columns[n]?.Primal ?? 0 };
  };
}

/** One (policy, seed) run, as the summary row `compare` aggregates (and the full result for simulate). */
export function runOne(
  p: Prepared,
  policyName: string,
  seed: number,
  lp: LpSolve | undefined,
  onProgress?: (e: number, now: number) => void,
): { summary: RunSummary; result?: SimResult } {
  const policy = orThrow(parsePolicy(policyName, p.world.providers));
  const input = orThrow(setupInput(p.scenario, p.world, p.setup, seed));
  if (policy === OFFLINE_OPTIMAL) {
    if (!lp) throw new UserError('offline-optimal needs the HiGHS LP solver');
    let b: ReturnType<typeof offlineOptimal>;
    try {
      b = offlineOptimal(input, p.world, lp);
    } catch (e) {
      if (e instanceof SimLimitError) throw new UserError(`${e.message} [${e.code}]`);
      throw e;
    }
    return {
      summary: {
        policy: policyName,
        seed,
        effectiveUsd: b.effectiveUsd,
        billedUsd: b.billedUsd,
        attainment: b.attainment,
        outages: input.outages.length,
      },
    };
  }
  let r: SimResult;
  try {
    r = simulate(input, policy, {
      seed,
      world: p.world,
      ...(onProgress ? { onProgress: (x) => onProgress(x.events, x.now) } : {}),
    });
  } catch (e) {
    if (e instanceof SimLimitError) throw new UserError(`${e.message} [${e.code}]`);
    throw e;
  }
  return { summary: toSummary(r), result: r };
}

export function toSummary(r: SimResult): RunSummary {
  const minimum = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? c.minimum + c.carryIn : 0), 0);
  const usage = r.contracts.reduce((s, c) => s + (c.unit === 'usd' ? Math.min(c.usage, c.minimum + c.carryIn) : 0), 0);
  const total = Object.values(r.cost.byProviderCents).reduce((s, x) => s + x, 0);
  return {
    policy: r.policy,
    seed: r.seed,
    effectiveUsd: r.cost.effectiveUsd,
    billedUsd: r.cost.billedCents / 100,
    shortfallUsd: r.cost.shortfallCents / 100,
    attainment: r.inference.attainment,
    deadlineMisses: r.jobs.deadlineMisses,
    lostGpuHours: r.jobs.lostGpuHours,
    redoneGpuHours: r.jobs.redoneGpuHours,
    meanCompletionHours: r.jobs.completionHours.mean,
    ...(minimum > 0 ? { commitmentUtilisation: usage / minimum } : {}),
    ...(total > 0
      ? { spendShare: Object.fromEntries(Object.entries(r.cost.byProviderCents).map(([k, v]) => [k, v / total])) }
      : {}),
    outages: r.outages.length,
    events: r.events,
  };
}

/** Progress on stderr: events done, simulated date, ETA from the share of the horizon covered. */
export function progressPrinter(start: number, end: number, label = ''): (events: number, now: number) => void {
  const t0 = Date.now();
  return (events, now) => {
    const frac = Math.max(1e-9, (now - start) / (end - start));
    const elapsed = (Date.now() - t0) / 1000;
    const eta = elapsed / frac - elapsed;
    process.stderr.write(
      `${label}${events.toLocaleString('en-US')} events, simulated ${new Date(now).toISOString().slice(0, 10)} (${(frac * 100).toFixed(0)}%), ETA ${eta.toFixed(0)} s\n`,
    );
  };
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
      .option('--policy <name>', 'single:<provider>, cheapest-first, skyfleet or offline-optimal', 'skyfleet')
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
    orThrow(parsePolicy(o.policy, p.world.providers));
    for (const n of p.notes) process.stderr.write(`skyfleet: ${n}\n`);
    const lp = o.policy === OFFLINE_OPTIMAL ? await loadLpSolve() : undefined;
    const progress = o.progress ? progressPrinter(p.world.start, p.world.end) : undefined;
    const { summary, result } = runOne(p, o.policy, seed, lp, progress);
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
