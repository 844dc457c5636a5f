/** The bundled catalogue and import helpers for the importer's unit tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatIssue, type Issue, type Result } from '../../core/issues.js';
import type { Catalog } from '../../core/types.js';
import { parseCatalogCsv } from '../../scenario/catalog-csv.js';
import { type ImportedFile, importTaskText } from '../import.js';
import type { ImportOptions, ScenarioWorkload, TaskRun } from '../types.js';

let cached: Catalog | undefined;
export function catalog(): Catalog {
  if (cached) return cached;
  const path = fileURLToPath(new URL('../../../data/gpu-catalog.csv', import.meta.url));
  const r = parseCatalogCsv(readFileSync(path, 'utf8'), 'data/gpu-catalog.csv');
  if (!r.ok) throw new Error('the bundled catalogue does not load');
  cached = r.value;
  return cached;
}

export function importText(text: string, options: ImportOptions = {}, file = 'task.sky.yaml'): Result<ImportedFile> {
  return importTaskText(text, file, { catalog: catalog() }, options);
}

/** The one workload, run parts (real and shown) and warnings of a task that must import. */
export function one(
  text: string,
  options: ImportOptions = {},
): { w: ScenarioWorkload; run: TaskRun; shown: TaskRun; warnings: readonly Issue[] } {
  const r = importText(text, options);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  const [t] = r.value.tasks;
  const [shown] = r.value.shown;
  if (!t || !shown || r.value.tasks.length !== 1) throw new Error(`${r.value.tasks.length} tasks`);
  return { w: t.workload, run: t.run, shown, warnings: r.value.warnings };
}

/** The issues of a task that must be rejected. */
export function rejected(text: string): readonly Issue[] {
  const r = importText(text);
  if (r.ok) throw new Error(`imported: ${JSON.stringify(r.value.tasks.map((t) => t.workload))}`);
  return r.issues;
}

export const codes = (issues: readonly Issue[]): string[] => issues.map((i) => i.code);
