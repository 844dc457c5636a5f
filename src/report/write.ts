/** Writing a report to disk (shell side): parent folders created, a clear message when the file cannot be written. */
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class ReportWriteError extends Error {}

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM'
    ? 'permission denied'
    : code === 'EISDIR'
      ? 'it is a directory'
      : code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a part of the path is a file, not a directory'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : code === 'EROFS'
            ? 'read-only file system'
            : (e as Error).message;
}

/** Checks before a long run that the report can be written there (creating its folder), so a typo fails at once. */
export function checkReportTarget(path: string): void {
  if (path.trim() === '') throw new ReportWriteError('--report needs a file name');
  const full = resolve(path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    accessSync(dirname(full), constants.W_OK);
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory())
      throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (e) {
    throw new ReportWriteError(`cannot write the report to ${path}: ${why(e)}`);
  }
}

export function writeReport(path: string, html: string): void {
  if (path.trim() === '') throw new ReportWriteError('--report needs a file name');
  const full = resolve(path);
  try {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, html);
  } catch (e) {
    throw new ReportWriteError(`cannot write the report to ${path}: ${why(e)}`);
  }
}
