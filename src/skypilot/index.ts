/** Reading SkyPilot task files into skyfleet workloads (docs/skypilot.md). Pure: no I/O, no clock. */
export { baseId, importTaskText, type ImportedFile, MAX_TASKS } from './import.js';
export { detectFormat, type FileFormat } from './detect.js';
export type * from './types.js';
