/**
 * Use case `importTask`: a SkyPilot task file or a skyfleet workload file → the workloads it describes in the
 * scenario format, their run-time parts and the warnings (every problem an IssuesError, file:line:col). The CLI's
 * `validate` calls it through `validateFile`, which also takes scenarios; the server's submission calls it too.
 */
import {
  detectFormat,
  type FileFormat,
  type ImportedFile,
  importTaskText,
  readWorkloadFile,
} from '../skypilot/index.js';
import { IssuesError } from './errors.js';
import { loadCatalog } from './load-scenario.js';
import type { InputFiles } from './ports.js';
import { type ScenarioSummary, validateScenario } from './validate-scenario.js';

export interface ImportRequest {
  /** `--env NAME=VALUE` and `--secret NAME=VALUE`: fill or override the task's envs and secrets. */
  readonly envs?: Readonly<Record<string, string>>;
  readonly secrets?: Readonly<Record<string, string>>;
  /** The team the workloads are booked to. */
  readonly team?: string;
  /** The user's own catalogue (a CSV path); default the bundled one. */
  readonly catalogPath?: string;
}

export interface ImportedTasks {
  readonly format: Exclude<FileFormat, 'scenario'>;
  readonly imported: ImportedFile;
}

/** Imports text already read (the server passes the body of a request). `format`: as detectFormat decides. */
export function importTaskFromText(
  files: InputFiles,
  text: string,
  file: string,
  format: Exclude<FileFormat, 'scenario'>,
  request: ImportRequest = {},
): ImportedTasks {
  const catalog = loadCatalog(files, request.catalogPath);
  const options = {
    ...(request.envs ? { envs: request.envs } : {}),
    ...(request.secrets ? { secrets: request.secrets } : {}),
    ...(request.team !== undefined ? { team: request.team } : {}),
  };
  const r =
    format === 'skypilot'
      ? importTaskText(text, file, { catalog }, options)
      : readWorkloadFile(text, file, { catalog }, options);
  if (!r.ok) throw new IssuesError(r.issues);
  return { format, imported: r.value };
}

/** A task or workload file by name; a file that reads as a scenario is imported as a SkyPilot task. */
export function importTask(files: InputFiles, file: string, request: ImportRequest = {}): ImportedTasks {
  const text = files.read('task file', file);
  const format = detectFormat(file, text);
  return importTaskFromText(files, text, file, format === 'scenario' ? 'skypilot' : format, request);
}

export type ValidatedFile = { readonly format: 'scenario'; readonly summary: ScenarioSummary } | ImportedTasks;

/** `skyfleet validate FILE`: a scenario, a SkyPilot task file or a workload file, told apart by detectFormat. */
export function validateFile(files: InputFiles, file: string, request: ImportRequest = {}): ValidatedFile {
  const text = files.read(/\.sky\.ya?ml$/i.test(file) ? 'task file' : 'scenario', file);
  const format = detectFormat(file, text);
  if (format === 'scenario') return { format, summary: validateScenario(files, file, request.catalogPath) };
  return importTaskFromText(files, text, file, format, request);
}

/** How a file is told apart (docs/skypilot.md), for callers that hold the text (the server). */
export { detectFormat, type FileFormat } from '../skypilot/index.js';
/** The views of an imported file the edge prints (secrets masked): data for `--json`, YAML for text. */
export { type ImportView, importView, renderImport } from '../skypilot/index.js';
