/**
 * Every field of a simulation request checked and every input read, in a fixed order, before anything is simulated
 * (compare: before any worker starts). The result, `Prepared`, is what simulate and compare run.
 */
import type { Scenario, Tier } from '../core/types.js';
import { excerpt } from '../core/excerpt.js';
import type { Issue } from '../core/issues.js';
import { readJobTrace } from '../sim/traces/job-trace.js';
import { gpuTypeNotes } from '../sim/traces/gpu-type.js';
import { readRequestTrace } from '../sim/traces/request-trace.js';
import { parseIncidents } from '../sim/outages/incidents.js';
import { buildWorld, type World } from '../sim/world.js';
import type { OutageMode, SetupOptions } from '../sim/setup.js';
import { checkJobBudget } from '../sim/limits.js';
import { flagError, UserError } from './errors.js';
import { FLAG_LIMITS, parseList, parseNumberFlag } from './fields.js';
import { loadScenario } from './load-scenario.js';
import type { InputFiles } from './ports.js';
import { issueLines, orThrow } from './sim-issues.js';
import { checkBuckets, simHorizon } from './simulation-horizon.js';

/** A simulation request as given (the CLI's flags, as text): every field is checked by prepareSimulation. */
export interface SimulationRequest {
  horizon?: string;
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
}

export interface Prepared {
  readonly scenario: Scenario;
  readonly world: World;
  readonly setup: SetupOptions;
  /** Notes for the user (the CLI: `skyfleet: …` lines on stderr), e.g. the zero-duration trace rows skipped. */
  readonly notes: readonly string[];
}

export const BUNDLED_INCIDENTS = 'data/cloud-incidents-2018-2020.csv';

const TIERS: readonly Tier[] = ['reserved', 'committed', 'on-demand', 'spot'];
const fmtInt = (n: number): string => n.toLocaleString('en-US');

/** Every field checked and input read, in order, before anything is simulated. */
export function prepareSimulation(files: InputFiles, file: string, o: SimulationRequest): Prepared {
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
  const scenario = loadScenario(files, file, o.catalog);
  const horizon = simHorizon(scenario, o.horizon);
  const gpus =
    o.traceGpus === undefined
      ? undefined
      : parseList('--trace-gpus', o.traceGpus, Object.keys(scenario.snapshot.throughput), 'GPU models');
  const notes: string[] = [];
  const noteLine = (n: Issue): string => `${n.file ?? ''}: note: ${n.message} [${n.code}]`;
  const jobRead =
    o.trace === undefined ? undefined : orThrow(readJobTrace(files.read('job trace', o.trace), excerpt(o.trace, 200)));
  const trace = jobRead?.trace;
  for (const n of jobRead?.notes ?? []) notes.push(noteLine(n));
  if (trace)
    for (const n of gpuTypeNotes(trace, Object.keys(scenario.snapshot.throughput)))
      notes.push(noteLine({ ...n, file: excerpt(o.trace ?? '', 200) }));
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
        `${excerpt(o.trace ?? '', 200)}: note: ${fmtInt(zero)} of ${fmtInt(trace.count)} rows have duration_s 0 and are skipped (no work to do) [trace.zero-duration]`,
      );
    const big = gangTooLarge(scenario, trace.gpus, gpuFactor);
    if (big)
      notes.push(
        `${excerpt(o.trace ?? '', 200)}: note: ${fmtInt(big.jobs)} of ${fmtInt(trace.count)} rows ask for more than ${fmtInt(big.largest)} GPUs, the largest interconnect domain of any provider: no provider can place them, and the run counts them as unplaceable (or use --gpus-per-job, which caps gangs at ${fmtInt(big.largest)}) [trace.gang-too-large]`,
      );
  }
  const requestRead =
    o.requests === undefined
      ? undefined
      : orThrow(readRequestTrace(files.read('request trace', o.requests), excerpt(o.requests, 200)));
  const requests = requestRead?.trace;
  for (const n of requestRead?.notes ?? []) notes.push(noteLine(n));
  const incidents =
    o.outages === 'none'
      ? undefined
      : orThrow(
          parseIncidents(
            o.incidents === undefined
              ? files.readBundled('incident archive', BUNDLED_INCIDENTS)
              : files.read('incident archive', o.incidents),
            o.incidents === undefined ? BUNDLED_INCIDENTS : excerpt(o.incidents, 200),
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

/**
 * The trace rows whose gang no provider can place (the engine's interconnect filter refuses a training or batch gang
 * larger than a provider's interconnect domain): counted so the CLI says so, never silently. With --gpus-per-job
 * other than 1 every gang is capped at the largest domain (sim/inputs.ts), so none is too large.
 */
function gangTooLarge(
  scenario: Scenario,
  gpus: Uint32Array,
  gpuFactor: number,
): { jobs: number; largest: number } | undefined {
  if (gpuFactor !== 1) return undefined;
  const largest = Math.max(1, ...scenario.snapshot.providers.map((p) => p.interconnectDomainGpus));
  let jobs = 0;
  for (const g of gpus) if (g > largest) jobs++;
  return jobs ? { jobs, largest } : undefined;
}
