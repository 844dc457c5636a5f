/** The application's scenario loading (src/app/load-scenario.ts) on the file system: what the commands read. */
import type { Catalog, Scenario } from '../core/types.js';
import * as app from '../app/load-scenario.js';
import { fileInputs } from './adapters/input-files.js';
import { IssuesError } from './io.js';

export { IssuesError };
export { BUNDLED_CATALOG, BUNDLED_THROUGHPUT } from '../app/load-scenario.js';

export function loadCatalog(path?: string): Catalog {
  return app.loadCatalog(fileInputs, path);
}

export function loadThroughput(): Record<string, number> {
  return app.loadThroughput(fileInputs);
}

export function loadScenario(file: string, catalogPath?: string): Scenario {
  return app.loadScenario(fileInputs, file, catalogPath);
}
