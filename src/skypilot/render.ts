/**
 * What `skyfleet validate` prints of an imported file: the workloads in the scenario format, the run-time parts
 * with every secret masked, and the warnings — as data (`--json`) or as YAML that a scenario's `workloads:` can
 * take as it is.
 */
import { stringify } from 'yaml';
import { escapeText, formatPath, type Issue } from '../core/issues.js';
import type { ImportedFile } from './import.js';

export interface ImportView {
  readonly workloads: readonly Record<string, unknown>[];
  /** The run-time parts, secrets masked, one per workload, in the same order. */
  readonly tasks: readonly Record<string, unknown>[];
  readonly warnings: readonly {
    code: string;
    message: string;
    file?: string;
    line?: number;
    col?: number;
    path: string;
  }[];
}

const warning = (w: Issue) => ({
  code: w.code,
  message: w.message,
  ...(w.file !== undefined ? { file: w.file } : {}),
  ...(w.line !== undefined ? { line: w.line } : {}),
  ...(w.col !== undefined ? { col: w.col } : {}),
  path: formatPath(w.path),
});

/** The data `--json` prints: `{ workloads, tasks, warnings }`. Secrets appear masked only. */
export function importView(imported: ImportedFile): ImportView {
  return {
    workloads: imported.tasks.map((t) => ({ ...t.workload })),
    tasks: imported.shown.map((r) => ({ ...r })),
    warnings: imported.warnings.map(warning),
  };
}

/** The YAML text: a comment naming the file and what it was, then `workloads:` and `tasks:`. */
export function renderImport(imported: ImportedFile, file: string, what: string): string {
  const view = importView(imported);
  const n = view.workloads.length;
  const head = `# ${escapeText(file)}: ${what}, ${n} workload${n === 1 ? '' : 's'} in the scenario format (docs/skypilot.md)\n`;
  return head + stringify({ workloads: view.workloads, tasks: view.tasks }, { lineWidth: 0 });
}
