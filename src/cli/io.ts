/** File access for the CLI: clear messages instead of stack traces, and the bundled data's location. */
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { escapeText as escapeControl, formatIssue, type Issue } from '../core/issues.js';
import { IssuesError, UserError } from '../app/errors.js';

/** The user's errors are the application's (src/app/errors.ts): the CLI prints them. */
export { IssuesError, UserError } from '../app/errors.js';

const MiB = 1024 * 1024;

/** The largest file of each kind that is read (docs/limits.md); a larger one is rejected before a byte is read. */
export const MAX_FILE_BYTES = {
  scenario: 16 * MiB,
  catalog: 64 * MiB,
  throughput: 64 * MiB,
  /** Anything else read whole (traces, the incident archive), unless its reader passes its own limit. Node cannot
   * hold a string much longer than 512 Mi characters, so a file read whole stays well below that. */
  other: 256 * MiB,
} as const;

const size = (bytes: number): string => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} bytes`);

/**
 * A regular file's text, as UTF-8. Checked before reading: the path names a regular file (not a directory, a named
 * pipe that would block forever, a device such as /dev/zero that never ends, a socket), no larger than `maxBytes`.
 * Then the bytes must be valid UTF-8 (the first bad byte is reported at its line and column). Every failure is an
 * IssuesError: `file:line:col: what [code]`, exit 2.
 */
export function readText(path: string, what: string, maxBytes: number = MAX_FILE_BYTES.other): string {
  const problem = (code: Issue['code'], message: string, line = 1, col = 1): IssuesError =>
    new IssuesError([{ code, path: [], message, file: path, line, col }]);
  let fd: number | undefined;
  try {
    const st = statSync(path); // follows symlinks: a link to a regular file is fine
    if (st.isDirectory()) throw problem('file.not-regular', `cannot read the ${what}: it is a directory`);
    if (!st.isFile())
      throw problem(
        'file.not-regular',
        `cannot read the ${what}: it is not a regular file (a pipe, a device or a socket)`,
      );
    if (st.size > maxBytes)
      throw problem(
        'file.too-large',
        `the ${what} is ${size(st.size)}, larger than the limit of ${size(maxBytes)} (docs/limits.md)`,
      );
    fd = openSync(path, 'r');
    const fst = fstatSync(fd); // the file may have been swapped or grown since the stat
    if (!fst.isFile()) throw problem('file.not-regular', `cannot read the ${what}: it is not a regular file`);
    const buf = Buffer.allocUnsafe(Math.min(maxBytes, fst.size) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes)
        throw problem('file.too-large', `the ${what} is larger than the limit of ${size(maxBytes)} (docs/limits.md)`);
      if (got === buf.length) break; // grew while being read: what was there when it was opened is read
    }
    const bytes = buf.subarray(0, got);
    const bad = firstInvalidUtf8(bytes);
    if (bad !== undefined) {
      const { line, col } = placeOfByte(bytes, bad);
      throw problem(
        'file.not-utf8',
        `the ${what} is not valid UTF-8 text (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`,
        line,
        col,
      );
    }
    return bytes.toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOTDIR'
              ? 'a part of the path is not a directory'
              : code === 'ELOOP'
                ? 'too many symbolic links'
                : code === 'ENAMETOOLONG'
                  ? 'the name is too long'
                  : `${code ?? 'error'}`;
    throw problem(code === 'ENOENT' ? 'file.not-found' : 'file.unreadable', `cannot read the ${what}: ${why}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or undefined. */
export function firstInvalidUtf8(b: Uint8Array): number | undefined {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = i + k < n ? b[i + k]! : -1;
      if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return undefined;
}

/** 1-based line and column (in characters) of a byte offset of valid UTF-8 text up to it. */
function placeOfByte(b: Uint8Array, offset: number): { line: number; col: number } {
  const before = b.subarray(0, offset);
  const lastNl = before.lastIndexOf(10);
  let line = 1;
  for (let k = before.indexOf(10); k >= 0; k = before.indexOf(10, k + 1)) line++;
  const col = Buffer.from(before.subarray(lastNl + 1)).toString('utf8').length + 1;
  return { line, col };
}

/** A file shipped with skyfleet (data/…), found relative to this module in both src/ (tsx) and dist/. */
export function bundled(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

// ---- How a failed command ends: one line per problem on stderr, written synchronously, then the exit code. ----

/** One escaper for every message: the core's (src/core/issues.ts), so the CLI and the scenario reader escape alike. */
export { escapeText as escapeControl } from '../core/issues.js';

/** A short, escaped excerpt of user input for a CLI message: at most `max` code points (an emoji is one), `…` when cut. */
export function excerpt(text: string, max = 60): string {
  const chars = [...(text.length > 2 * max ? text.slice(0, 2 * max + 1) : text)]; // never split a huge input whole
  return escapeControl(chars.length > max ? `${chars.slice(0, max).join('')}…` : text);
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
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
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

const COMMANDS =
  'plan, simulate, compare, ledger, validate, catalog, serve, sandbox, submit, status, logs, cancel, explain, token or team';

/** The one line for a commander usage error: its message without `error: `, user text cut short and escaped. */
export function usageLine(e: CommanderError, args: readonly string[] = []): string {
  if (e.code === 'commander.help' && args[0] === 'help' && args[1] !== undefined) {
    return problemLine(
      `unknown command '${excerpt(args[1])}': use ${COMMANDS} [usage.unknown-command]`,
      'usage.unknown-command',
    );
  }
  const code = USAGE_CODES[e.code] ?? 'usage.invalid';
  if (e.code === 'commander.help')
    return problemLine(`no command given: use ${COMMANDS} (skyfleet --help says more) [${code}]`, code);
  // commander appends a suggestion on a line of its own; the user's text may hold newlines too.
  const m = /^(?:error: )?(.*?)(?:\n(\(Did you mean [^\n]*\)))?$/s.exec(e.message)!;
  const quoted = /^(unknown (?:option|command) ')(.*)'$/s.exec(m[1]!);
  const text = quoted
    ? `${quoted[1]}${excerpt(quoted[2]!)}'`
    : m[1]!.replace(/'([^']{61,})'/gs, (_, q: string) => `'${excerpt(q)}'`);
  return problemLine(`${text}${m[2] ? ` ${excerpt(m[2], 120)}` : ''} [${code}]`, code);
}

/** The lines and exit code for whatever a command threw. */
export function failure(e: unknown, args: readonly string[] = []): { lines: string[]; exitCode: number } {
  if (e instanceof CommanderError) return { lines: [usageLine(e, args)], exitCode: 2 };
  if (e instanceof UserError) {
    const issues = (e as UserError & { issues?: readonly Issue[] }).issues;
    const texts =
      Array.isArray(issues) && issues.length > 0
        ? issues.map(formatIssue)
        : e.message.split('\n').filter((l) => l.trim() !== '');
    // A message without its own `[code]` gets the error's, else a generic one (a flag's value, or other input).
    return {
      lines: texts.map((t) => problemLine(t, e.code ?? (t.startsWith('--') ? 'usage.invalid-value' : 'input.invalid'))),
      exitCode: e.exitCode,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return {
    lines: [
      problemLine(
        `internal error: ${excerpt(message, 300)} (this is a bug; please report it with the command you ran) [internal]`,
        'internal',
      ),
    ],
    exitCode: 70,
  };
}
