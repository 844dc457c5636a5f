/** The files a simulation command writes (--csv FILE, --report FILE): checked before the run, written after it. */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { excerpt } from '../core/excerpt.js';
import { checkReportTarget, ReportWriteError, writeReport } from '../report/write.js';
import { UserError, writeStderrSync } from './io.js';
import { flagError } from './options.js';

/** The HTML report, written where --report says (a clear message, exit 2, when it cannot be). */
export function reportTo(path: string | undefined, render: () => string, check = false): void {
  if (path === undefined) return;
  try {
    if (check) checkReportTarget(path);
    else {
      writeReport(path, render());
      writeStderrSync(`skyfleet: report written to ${path}\n`);
    }
  } catch (e) {
    if (e instanceof ReportWriteError) throw new UserError(`${e.message} [report.unwritable]`);
    throw e;
  }
}

/**
 * Checks before the run that an output file (`--csv FILE`) can be written: its folder exists and is writable and the
 * path is not a folder. Nothing is created (the folder of a CSV is not made for you, unlike --report's).
 */
export function checkOutputFile(flag: string, path: string): void {
  const shown = excerpt(path, 200);
  if (path.trim() === '') throw flagError('output.unwritable', `${flag} needs a file name`);
  const full = resolve(path);
  const dir = statSync(dirname(full), { throwIfNoEntry: false });
  if (!dir)
    throw flagError('output.unwritable', `${flag} ${shown}: the folder ${excerpt(dirname(path), 200)} does not exist`);
  if (!dir.isDirectory())
    throw flagError('output.unwritable', `${flag} ${shown}: ${excerpt(dirname(path), 200)} is not a folder`);
  try {
    accessSync(dirname(full), constants.W_OK);
  } catch {
    throw flagError('output.unwritable', `${flag} ${shown}: the folder is not writable (permission denied)`);
  }
  if (statSync(full, { throwIfNoEntry: false })?.isDirectory())
    throw flagError('output.unwritable', `${flag} ${shown}: it is a folder`);
}

/** Writes an output file, a clear message (exit 2) when it cannot be. */
export function writeOutputFile(flag: string, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw flagError(
      'output.unwritable',
      `${flag} ${excerpt(path, 200)}: cannot write it: ${code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' ? 'permission denied' : (code ?? 'unknown error')}`,
    );
  }
}

/** Output targets checked before anything is read or run. */
export function checkOutputs(o: { csv?: string | boolean; report?: string }): void {
  if (typeof o.csv === 'string') checkOutputFile('--csv', o.csv);
  reportTo(o.report, () => '', true);
}
