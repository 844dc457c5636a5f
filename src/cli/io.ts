/** File access for the CLI: clear messages instead of stack traces, and the bundled data's location. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Raised for problems the user can fix; main prints the message (no stack) and exits with `exitCode`. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UserError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** A file shipped with skyfleet (data/…), found relative to this module in both src/ (tsx) and dist/. */
export function bundled(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}
