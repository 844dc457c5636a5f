/** Turning the simulator's results-or-issues and limit errors into the user's errors. */
import { formatIssue, type Issue, type Result } from '../core/issues.js';
import { SimLimitError } from '../sim/limits.js';
import { UserError } from './errors.js';

/** Issues as `file:line:col: message [code]` lines; the row/column path is left out when the file position is given. */
export function issueLines(issues: readonly Issue[]): string {
  return issues
    .map((i) => formatIssue(i.file !== undefined && i.line !== undefined ? { ...i, path: [] } : i))
    .join('\n');
}

/** The value, or a UserError listing the issues. */
export function orThrow<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new UserError(issueLines(r.issues));
}

/** Runs `f`; a limit the simulator hit (SimLimitError) becomes a UserError `<message> [<code>]`. */
export function withinLimits<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SimLimitError) throw new UserError(`${e.message} [${e.code}]`);
    throw e;
  }
}
