/** File access for the CLI: clear messages instead of stack traces, and the bundled data's location. */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatIssue, type Issue } from '../core/issues.js';

/** Raised for problems the user can fix; main prints the message (no stack) and exits with `exitCode`. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** Input problems, all of them: main prints one `file:line:col: message [code]` line each. */
export class IssuesError extends UserError {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

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
  const problem = (code: string, message: string, line = 1, col = 1): IssuesError =>
    new IssuesError([{ code, path: [], message, file: path, line, col }]);
  let fd: number | undefined;
  try {
    const st = statSync(path); // follows symlinks: a link to a regular file is fine
    if (st.isDirectory()) throw problem('file.not-regular', `cannot read the ${what}: it is a directory`);
    if (!st.isFile()) throw problem('file.not-regular', `cannot read the ${what}: it is not a regular file (a pipe, a device or a socket)`);
    if (st.size > maxBytes) throw problem('file.too-large', `the ${what} is ${size(st.size)}, larger than the limit of ${size(maxBytes)} (docs/limits.md)`);
    fd = openSync(path, 'r');
    const fst = fstatSync(fd); // the file may have been swapped or grown since the stat
    if (!fst.isFile()) throw problem('file.not-regular', `cannot read the ${what}: it is not a regular file`);
    const buf = Buffer.allocUnsafe(Math.min(maxBytes, fst.size) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) throw problem('file.too-large', `the ${what} is larger than the limit of ${size(maxBytes)} (docs/limits.md)`);
      if (got === buf.length) break; // grew while being read: what was there when it was opened is read
    }
    const bytes = buf.subarray(0, got);
    const bad = firstInvalidUtf8(bytes);
    if (bad !== undefined) {
      const { line, col } = placeOfByte(bytes, bad);
      throw problem('file.not-utf8', `the ${what} is not valid UTF-8 text (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`, line, col);
    }
    return bytes.toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'ENOTDIR' ? 'a part of the path is not a directory' : code === 'ELOOP' ? 'too many symbolic links' : code === 'ENAMETOOLONG' ? 'the name is too long'
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
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
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
