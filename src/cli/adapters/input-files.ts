/**
 * The application's InputFiles port on the file system: scenarios, catalogs and the throughput table through
 * readText (src/cli/io.ts: regular files, UTF-8, a size limit each), traces and the incident archive through
 * readTraceFile (SIM_LIMITS.traceBytes); bundled data relative to the installed package.
 */
import { readFileSync, statSync } from 'node:fs';
import { excerpt } from '../../core/excerpt.js';
import type { InputFiles, InputKind } from '../../app/ports.js';
import { TRACE_MAX_BYTES } from '../../app/simulation-limits.js';
import { bundled, MAX_FILE_BYTES, readText, UserError } from '../io.js';

/**
 * A trace or archive file, its size checked (stat) before it is read: at most SIM_LIMITS.traceBytes, a regular file.
 * Messages name the file as an escaped excerpt of the path given.
 */
export function readTraceFile(path: string, what: string): string {
  const shown = excerpt(path, 200);
  const fail = (code: string, why: string): never => {
    throw new UserError(`${shown}: cannot read the ${what}: ${why} [${code}]`);
  };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return fail('trace.unreadable', (e as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  if (st === undefined) return fail('trace.unreadable', 'no such file');
  if (st.isDirectory()) return fail('trace.unreadable', 'it is a directory');
  if (!st.isFile()) return fail('trace.unreadable', 'not a regular file');
  const max = TRACE_MAX_BYTES;
  if (st.size > max) {
    return fail(
      'trace.too-large',
      `${(st.size / 2 ** 20).toFixed(1)} MiB is more than the limit of ${max / 2 ** 20} MiB (docs/limits.md)`,
    );
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail('trace.unreadable', code === 'EACCES' ? 'permission denied' : (code ?? 'unknown error'));
  }
}

function readPath(kind: InputKind, path: string): string {
  switch (kind) {
    case 'scenario':
    case 'task file':
      return readText(path, kind, MAX_FILE_BYTES.scenario);
    case 'catalog':
      return readText(path, kind, MAX_FILE_BYTES.catalog);
    case 'throughput table':
      return readText(path, kind, MAX_FILE_BYTES.throughput);
    default:
      return readTraceFile(path, kind);
  }
}

/** Inputs from the file system: a user's path as given, bundled data next to the installed command. */
export const fileInputs: InputFiles = {
  read: readPath,
  readBundled: (kind, name) => readPath(kind, bundled(name)),
};
