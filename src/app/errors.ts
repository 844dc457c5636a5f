/**
 * Problems the user can fix, raised by the use cases and by the shell's readers alike. The CLI prints the message
 * (one `skyfleet: …` line per line of it, no stack) and exits with `exitCode`; a server would answer with the same
 * message and code.
 */
import type { Code } from '../core/codes.js';
import { formatIssue, type Issue } from '../core/issues.js';

/** Raised for problems the user can fix; main prints the message (no stack) and exits with `exitCode`. */
export class UserError extends Error {
  /** `code`: the stable `[code]` printed after a line of the message that carries none (main's fallback: `input.invalid`). */
  constructor(
    message: string,
    readonly exitCode = 2,
    readonly code?: Issue['code'],
  ) {
    super(message);
  }
}

/** Input problems, all of them: main prints one `file:line:col: message [code]` line each. */
export class IssuesError extends UserError {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** A user error about a request field (a flag of the CLI): `<message> [<code>]`. */
export function flagError(code: Code, message: string): UserError {
  return new UserError(`${message} [${code}]`);
}
