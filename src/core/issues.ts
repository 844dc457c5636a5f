/**
 * Errors as data (Zod's issues): every problem found carries a stable code, a path into the input and a message.
 * The edge (CLI, HTTP) decides how to print them; nothing inside formats for a terminal.
 */
export type IssuePath = readonly (string | number)[];

export interface Issue {
  /** Stable, machine-readable code, e.g. `unit.invalid`, `gpu.unknown`, `contract.periods-overlap`. */
  readonly code: string;
  readonly path: IssuePath;
  readonly message: string;
  /** Where in a file, when the input came from one (1-based). */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(issues: readonly Issue[]): Result<T> => ({ ok: false, issues });

export function issue(code: string, path: IssuePath, message: string): Issue {
  return { code, path, message };
}

/** `file:line:col: message [code] (at a.b[2])`, the form a terminal and an editor both understand. */
export function formatIssue(i: Issue): string {
  const where = i.file ? `${i.file}${i.line ? `:${i.line}${i.col ? `:${i.col}` : ''}` : ''}: ` : '';
  const at = i.path.length ? ` (at ${formatPath(i.path)})` : '';
  return `${where}${i.message} [${i.code}]${at}`;
}

export function formatPath(path: IssuePath): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? p : `.${p}`)).join('');
}
