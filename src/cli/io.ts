/** File access for the CLI: clear messages instead of stack traces, and the bundled data's location. */
import { readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { formatIssue, type Issue } from '../core/issues.js';

/** Raised for problems the user can fix; main prints the message (no stack) and exits with `exitCode`. */
export class UserError extends Error {
  /** `code`: the stable `[code]` printed after a line of the message that carries none (main's fallback: `input.invalid`). */
  constructor(message: string, readonly exitCode = 2, readonly code?: string) {
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

// ---- How a failed command ends: one line per problem on stderr, written synchronously, then the exit code. ----

/** Characters that must not reach a terminal raw: C0/C1 controls, DEL, line/paragraph separators, bidi overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every unsafe character written as an escape (`\n`, `\t`, `\x1b`, `\u202e`), so it stays one line. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** A short, escaped excerpt of user input for a message: at most `max` characters, `…` when cut. */
export function excerpt(text: string, max = 60): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
  return escapeControl(cut);
}

/** The longest problem line printed; longer ones keep their start and their `[code] (at path)` end. */
export const MAX_LINE = 1000;
const CODE_AT_END = /^(.*) (\[[a-z][a-z0-9.-]*\])((?: \(at .*\))?)$/s;

/** One printable line for one problem: escaped, bounded, and ending with (or containing) its `[code]`. */
export function problemLine(text: string, fallbackCode: string): string {
  const m = CODE_AT_END.exec(text);
  let what = escapeControl(m ? m[1]! : text);
  const code = m ? m[2]! : `[${fallbackCode}]`;
  let at = escapeControl(m ? m[3]! : '');
  if (at.length > 200) at = `${at.slice(0, 199)}…)`;
  const room = MAX_LINE - 'skyfleet: '.length - code.length - at.length - 1;
  if (what.length > room) what = `${what.slice(0, room - 1)}…`;
  return `skyfleet: ${what} ${code}${at}`;
}

/**
 * Writes to stderr synchronously, all of it, before anything can end the process: `process.stderr.write` on a pipe
 * is asynchronous, and a `process.exit()` after it cut the output at the pipe's 64 KiB. A closed stderr (EPIPE)
 * is not an error of the command's: the rest is dropped.
 */
export function writeStderrSync(text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(2, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
      return; // EPIPE, EBADF: nobody is reading stderr
    }
  }
}

/**
 * Ends the process with `code` once what was already written to stdout has been handed to the OS (a plain
 * `process.exit()` would drop a pending asynchronous write on a pipe). stderr is written synchronously
 * (writeStderrSync) before this is called.
 */
export function exitAfterStdout(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.write('', () => process.exit(code));
}

/** commander's error codes → skyfleet's stable usage codes (docs: README, "Exit codes and errors"). */
export const USAGE_CODES: Readonly<Record<string, string>> = {
  'commander.unknownOption': 'usage.unknown-option',
  'commander.unknownCommand': 'usage.unknown-command',
  'commander.missingArgument': 'usage.missing-argument',
  'commander.optionMissingArgument': 'usage.missing-option-value',
  'commander.missingMandatoryOptionValue': 'usage.missing-option',
  'commander.conflictingOption': 'usage.conflicting-options',
  'commander.excessArguments': 'usage.too-many-arguments',
  'commander.invalidArgument': 'usage.invalid-value',
  'commander.help': 'usage.missing-command',
  'commander.error': 'usage.invalid',
};

const COMMANDS = 'plan, simulate, compare, validate or catalog';

/** The one line for a commander usage error: its message without `error: `, user text cut short and escaped. */
export function usageLine(e: CommanderError, args: readonly string[] = []): string {
  if (e.code === 'commander.help' && args[0] === 'help' && args[1] !== undefined) {
    return problemLine(`unknown command '${excerpt(args[1])}': use ${COMMANDS} [usage.unknown-command]`, 'usage.unknown-command');
  }
  const code = USAGE_CODES[e.code] ?? 'usage.invalid';
  if (e.code === 'commander.help') return problemLine(`no command given: use ${COMMANDS} (skyfleet --help says more) [${code}]`, code);
  // commander appends a suggestion on a line of its own; the user's text may hold newlines too.
  const m = /^(?:error: )?(.*?)(?:\n(\(Did you mean [^\n]*\)))?$/s.exec(e.message)!;
  const quoted = /^(unknown (?:option|command) ')(.*)'$/s.exec(m[1]!);
  const text = quoted ? `${quoted[1]}${excerpt(quoted[2]!)}'` : m[1]!.replace(/'([^']{61,})'/gs, (_, q: string) => `'${excerpt(q)}'`);
  return problemLine(`${text}${m[2] ? ` ${excerpt(m[2], 120)}` : ''} [${code}]`, code);
}

/** The lines and exit code for whatever a command threw. */
export function failure(e: unknown, args: readonly string[] = []): { lines: string[]; exitCode: number } {
  if (e instanceof CommanderError) return { lines: [usageLine(e, args)], exitCode: 2 };
  if (e instanceof UserError) {
    const issues = (e as UserError & { issues?: readonly Issue[] }).issues;
    const texts = Array.isArray(issues) && issues.length > 0 ? issues.map(formatIssue) : e.message.split('\n').filter((l) => l.trim() !== '');
    // A message without its own `[code]` gets the error's, else a generic one (a flag's value, or other input).
    return { lines: texts.map((t) => problemLine(t, e.code ?? (t.startsWith('--') ? 'usage.invalid-value' : 'input.invalid'))), exitCode: e.exitCode };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    lines: [problemLine(`internal error: ${excerpt(message, 300)} (this is a bug; please report it with the command you ran) [internal]`, 'internal')],
    exitCode: 70,
  };
}

