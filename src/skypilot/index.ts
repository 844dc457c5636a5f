/** Reading SkyPilot task files into skyfleet workloads (docs/skypilot.md). Pure: no I/O, no clock. */
export { baseId, importTaskText, type ImportedFile } from './import.js';
export { MAX_DOCUMENTS } from './parse.js';
export { readWorkloadFile } from './workload-file.js';
export { type ImportView, importView, renderImport } from './render.js';
export { detectFormat, type FileFormat } from './detect.js';
export type * from './types.js';
