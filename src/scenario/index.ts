/** Reading user files into core types (no file I/O here: the CLI reads files and passes text and a file name). */
export { parseCatalogCsv } from './catalog-csv.js';
export { parseThroughputCsv } from './throughput-csv.js';
export { loadScenarioText, type Reference } from './load.js';
export { renderScenarioJsonSchema, scenarioJsonSchema, ScenarioFileSchema } from './schema.js';
export {
  addDuration,
  formatDuration,
  formatInstant,
  formatMoney,
  parseDuration,
  parseFraction,
  parseGpuHours,
  parseInstant,
  parseMoney,
  parseRate,
  parseReplicas,
  parseTokensPerSecond,
} from './units.js';
