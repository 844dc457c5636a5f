/** Use case `validate`: a scenario file read and checked (every problem an IssuesError), and what it holds. */
import { loadScenario } from './load-scenario.js';
import type { InputFiles } from './ports.js';

export interface ScenarioSummary {
  readonly providers: number;
  readonly contracts: number;
  readonly workloads: number;
  /** The horizon, epoch ms. */
  readonly start: number;
  readonly end: number;
}

export function validateScenario(files: InputFiles, file: string, catalogPath?: string): ScenarioSummary {
  const s = loadScenario(files, file, catalogPath);
  return {
    providers: s.snapshot.providers.length,
    contracts: s.snapshot.contracts.length,
    workloads: s.request.workloads.length,
    start: s.request.horizon.start,
    end: s.request.horizon.end,
  };
}

/** Instants as the scenario writes them (ISO-8601 UTC), for the summary's horizon. */
export { formatInstant } from '../scenario/units.js';
