/** Reads a scenario with its reference data (bundled catalog and throughput table, or the user's own catalog). */
import type { Catalog, Scenario } from '../core/types.js';
import { formatIssue, type Issue, type Result } from '../core/issues.js';
import { parseCatalogCsv } from '../spec/catalog-csv.js';
import { parseThroughputCsv } from '../spec/throughput-csv.js';
import { loadScenarioText } from '../spec/load.js';
import { bundled, readText, UserError } from './io.js';

export const BUNDLED_CATALOG = 'data/gpu-catalog.csv';
export const BUNDLED_THROUGHPUT = 'data/gpu-relative-throughput.csv';

function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new IssuesError(r.issues);
}

/** Input problems, all of them: main prints one `file:line:col: message [code]` line each. */
export class IssuesError extends UserError {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function loadCatalog(path?: string): Catalog {
  const file = path ?? bundled(BUNDLED_CATALOG);
  return orThrow(parseCatalogCsv(readText(file, 'catalog'), path ?? BUNDLED_CATALOG));
}

export function loadThroughput(): Record<string, number> {
  return orThrow(parseThroughputCsv(readText(bundled(BUNDLED_THROUGHPUT), 'throughput table'), BUNDLED_THROUGHPUT));
}

export function loadScenario(file: string, catalogPath?: string): Scenario {
  const catalog = loadCatalog(catalogPath);
  const throughput = loadThroughput();
  return orThrow(loadScenarioText(readText(file, 'scenario'), file, { catalog, throughput }));
}
