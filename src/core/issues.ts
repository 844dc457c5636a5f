/**
 * Errors as data (Zod's issues): every problem found carries a stable code, a path into the input and a message.
 * The edge (CLI, HTTP) decides how to print them; nothing inside formats for a terminal.
 */
import type { Code, Params } from './codes.js';

export type IssuePath = readonly (string | number)[];

export interface Issue {
  /** Stable, machine-readable code from the catalogue (src/core/codes.ts, docs/codes.md), e.g. `unit.invalid`. */
  readonly code: Code;
  readonly path: IssuePath;
  readonly message: string;
  /** The numbers and names the message is made from, where the reader gives them (plain JSON). */
  readonly params?: Params;
  /** Where in a file, when the input came from one (1-based). */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(issues: readonly Issue[]): Result<T> => ({ ok: false, issues });

export function issue(code: Code, path: IssuePath, message: string, params?: Params): Issue {
  return params ? { code, path, message, params } : { code, path, message };
}

/**
 * Characters that must never reach a terminal as they are: C0/C1 control characters (ESC starts ANSI sequences, a
 * newline would forge an output line), DEL, the invisible ones that reorder or hide text (bidi overrides, zero-width
 * characters, line/paragraph separators, BOM) and lone surrogates.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every unsafe character written as an escape (`\n`, `\x1b`, `\u202e`): one printable line. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.charCodeAt(0);
    if (n === 10) return '\\n';
    if (n === 13) return '\\r';
    if (n === 9) return '\\t';
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** Longest excerpt of the input a message quotes (characters, before escaping). */
export const EXCERPT_CHARS = 40;
/** Longest message printed (characters, after escaping): a message never floods the terminal. */
export const MESSAGE_CHARS = 400;

/** A short, escaped excerpt of user input for a message: at most `max` characters, then `…`. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const head = text.length > max ? text.slice(0, max).replace(/[\ud800-\udbff]$/, '') : text;
  return escapeText(head) + (head.length < text.length ? '…' : '');
}

/** At most this many issues are listed for one input; one `issues.too-many` line says how many more there were. */
export const MAX_ISSUES = 100;

/** The first `max` issues and, when there were more, an `issues.too-many` issue placed at the first one left out. */
export function capIssues(issues: readonly Issue[], max = MAX_ISSUES): Issue[] {
  if (issues.length <= max) return [...issues];
  const next = issues[max]!;
  const rest = issues.length - max;
  return [
    ...issues.slice(0, max),
    {
      code: 'issues.too-many',
      path: [],
      message: `…and ${rest} more problem${rest === 1 ? '' : 's'} (only the first ${max} are listed)`,
      ...(next.file !== undefined ? { file: next.file } : {}),
      ...(next.line !== undefined ? { line: next.line } : {}),
      ...(next.col !== undefined ? { col: next.col } : {}),
    },
  ];
}

/** `file:line:col: message [code] (at a.b[2])`, the form a terminal and an editor both understand. Everything that
 * can come from the input (the file name, the message, the path) is escaped, and the message is cut to a bounded
 * length, so what is printed is always exactly one line. */
export function formatIssue(i: Issue): string {
  const where = i.file ? `${escapeText(i.file)}${i.line ? `:${i.line}${i.col ? `:${i.col}` : ''}` : ''}: ` : '';
  const at = i.path.length ? ` (at ${formatPath(i.path)})` : '';
  const message = escapeText(i.message);
  const shown = message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message;
  return `${where}${shown} [${i.code}]${at}`;
}

export function formatPath(path: IssuePath): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 ? excerpt(p) : `.${excerpt(p)}`)).join('');
}
