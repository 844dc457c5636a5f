/** Reads a scenario with its reference data (the bundled catalog and throughput table, or the user's own catalog). */
import type { Catalog, Scenario } from '../core/types.js';
import type { Result } from '../core/issues.js';
import { parseCatalogCsv } from '../scenario/catalog-csv.js';
import { parseThroughputCsv } from '../scenario/throughput-csv.js';
import { loadScenarioText } from '../scenario/load.js';
import { IssuesError } from './errors.js';
import type { InputFiles } from './ports.js';

export const BUNDLED_CATALOG = 'data/gpu-catalog.csv';
export const BUNDLED_THROUGHPUT = 'data/gpu-relative-throughput.csv';

function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new IssuesError(r.issues);
}

/** The user's catalog (`path`) or the bundled one. */
export function loadCatalog(files: InputFiles, path?: string): Catalog {
  const text = path === undefined ? files.readBundled('catalog', BUNDLED_CATALOG) : files.read('catalog', path);
  return orThrow(parseCatalogCsv(text, path ?? BUNDLED_CATALOG));
}

/** The bundled table of relative GPU throughput (H100 = 1). */
export function loadThroughput(files: InputFiles): Record<string, number> {
  return orThrow(parseThroughputCsv(files.readBundled('throughput table', BUNDLED_THROUGHPUT), BUNDLED_THROUGHPUT));
}

/** A scenario file, checked, with its catalog and throughput table; every problem an IssuesError (file:line:col). */
export function loadScenario(files: InputFiles, file: string, catalogPath?: string): Scenario {
  const catalog = loadCatalog(files, catalogPath);
  const throughput = loadThroughput(files);
  return orThrow(loadScenarioText(files.read('scenario', file), file, { catalog, throughput }));
}
