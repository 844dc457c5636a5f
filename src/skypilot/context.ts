/** One document being read: its place in the file (every issue gets file:line:col at once) and the issue lists. */
import type { Code, Params } from '../core/codes.js';
import { excerpt, type Issue, type IssuePath } from '../core/issues.js';
import { locate, type Locator } from '../scenario/locate.js';

export class DocCtx {
  constructor(
    readonly file: string,
    private readonly locator: Locator | undefined,
    readonly errors: Issue[],
    readonly warnings: Issue[],
    /** Where the fields this context reads hang in the document (a workload file's `task:`). */
    private readonly prefix: IssuePath = [],
  ) {}

  /** The same document and warnings, with a list of errors of its own (to decide later what they become). */
  scratch(): DocCtx {
    return new DocCtx(this.file, this.locator, [], this.warnings, this.prefix);
  }

  /** The same document with problem lists of its own, thrown away: for a second reading of the same fields. */
  silent(): DocCtx {
    return new DocCtx(this.file, this.locator, [], [], this.prefix);
  }

  /** The same document with problem lists of its own, kept: the caller decides where they go (`forward`). */
  isolated(): DocCtx {
    return new DocCtx(this.file, this.locator, [], [], this.prefix);
  }

  /** Hands the problems of an isolated context on to this one. */
  forward(from: DocCtx): void {
    this.errors.push(...from.errors);
    this.warnings.push(...from.warnings);
  }

  /** The text a plain scalar was written as (`2e-5`, `1.0`), when the value at `path` is one. */
  scalarSource(path: IssuePath): string | undefined {
    const node = this.locator?.doc.getIn([...this.prefix, ...path], true) as {
      source?: unknown;
      type?: unknown;
    } | null;
    return node && node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : undefined;
  }

  /** The same document, its paths starting under `prefix`. */
  under(prefix: IssuePath): DocCtx {
    return new DocCtx(this.file, this.locator, this.errors, this.warnings, [...this.prefix, ...prefix]);
  }

  private placed(code: Code, rel: IssuePath, message: string, params?: Params): Issue {
    const path = [...this.prefix, ...rel];
    const at = this.locator ? locate(this.locator, path) : { line: 1, col: 1 };
    return { code, path, message, file: this.file, line: at.line, col: at.col, ...(params ? { params } : {}) };
  }

  error(code: Code, path: IssuePath, message: string, params?: Params): void {
    this.errors.push(this.placed(code, path, message, params));
  }

  warn(code: Code, path: IssuePath, message: string, params?: Params): void {
    this.warnings.push(this.placed(code, path, message, params));
  }

  /** A field read but not honoured. */
  notHonoured(path: IssuePath, why: string): void {
    const field = [...this.prefix, ...path].map((p) => excerpt(String(p))).join('.');
    this.warn('skypilot.not-honoured', path, `${field} is not honoured: ${why}`, { field });
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a short quoted excerpt for messages. */
export function shown(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `'${cut}'`;
}
