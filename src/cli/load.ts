/** Reads a scenario with its reference data (bundled catalog and throughput table, or the user's own catalog). */
import type { Catalog, Scenario } from '../core/types.js';
import type { Result } from '../core/issues.js';
import { parseCatalogCsv } from '../scenario/catalog-csv.js';
import { parseThroughputCsv } from '../scenario/throughput-csv.js';
import { loadScenarioText } from '../scenario/load.js';
import { bundled, IssuesError, MAX_FILE_BYTES, readText } from './io.js';

export { IssuesError };

export const BUNDLED_CATALOG = 'data/gpu-catalog.csv';
export const BUNDLED_THROUGHPUT = 'data/gpu-relative-throughput.csv';

function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new IssuesError(r.issues);
}

export function loadCatalog(path?: string): Catalog {
  const file = path ?? bundled(BUNDLED_CATALOG);
  return orThrow(parseCatalogCsv(readText(file, 'catalog', MAX_FILE_BYTES.catalog), path ?? BUNDLED_CATALOG));
}

export function loadThroughput(): Record<string, number> {
  return orThrow(
    parseThroughputCsv(
      readText(bundled(BUNDLED_THROUGHPUT), 'throughput table', MAX_FILE_BYTES.throughput),
      BUNDLED_THROUGHPUT,
    ),
  );
}

export function loadScenario(file: string, catalogPath?: string): Scenario {
  const catalog = loadCatalog(catalogPath);
  const throughput = loadThroughput();
  return orThrow(loadScenarioText(readText(file, 'scenario', MAX_FILE_BYTES.scenario), file, { catalog, throughput }));
}
