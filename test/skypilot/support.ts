/** Shared by the SkyPilot importer's tests: the bundled catalogue, an import call, and the scenario check. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../../src/core/types.js';
import { formatIssue, type Result } from '../../src/core/issues.js';
import { parseCatalogCsv } from '../../src/scenario/catalog-csv.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { type ImportedFile, importTaskText, type ImportOptions } from '../../src/skypilot/index.js';
import { REPO_ROOT } from '../cli/helpers.js';

let cached: Catalog | undefined;
export function catalog(): Catalog {
  if (cached) return cached;
  const r = parseCatalogCsv(readFileSync(join(REPO_ROOT, 'data/gpu-catalog.csv'), 'utf8'), 'data/gpu-catalog.csv');
  if (!r.ok) throw new Error('the bundled catalogue does not load');
  cached = r.value;
  return cached;
}

export function importText(text: string, file = 'task.sky.yaml', options: ImportOptions = {}): Result<ImportedFile> {
  return importTaskText(text, file, { catalog: catalog() }, options);
}

/** The workloads of a successful import (the test fails with the issues otherwise). */
export function workloadsOf(text: string, options: ImportOptions = {}): Record<string, unknown>[] {
  const r = importText(text, 'task.sky.yaml', options);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.value.tasks.map((t) => t.workload);
}

/** The problems of a failed import, as printed lines (the test fails if it succeeded). */
export function errorsOf(text: string, file = 'task.sky.yaml'): string[] {
  const r = importText(text, file);
  if (r.ok) throw new Error(`imported, expected errors: ${JSON.stringify(r.value.tasks.map((t) => t.workload))}`);
  return r.issues.map(formatIssue);
}

/** A scenario holding `workloads` (every catalogue provider declared, every GPU with a throughput) is accepted. */
export function scenarioAccepts(workloads: readonly Record<string, unknown>[]): string[] {
  const cat = catalog();
  const providers = [...new Set(cat.offerings.map((o) => o.provider))];
  const gpus = [...new Set(cat.offerings.map((o) => o.gpu))];
  const text = JSON.stringify({
    name: 'check',
    horizon: { start: '2026-12-01', length: '1y' },
    providers: Object.fromEntries(providers.map((p) => [p, {}])),
    workloads,
  });
  const r = loadScenarioText(text, 'check.json', {
    catalog: cat,
    throughput: Object.fromEntries(gpus.map((g) => [g, 1])),
  });
  return r.ok ? [] : r.issues.map(formatIssue);
}
