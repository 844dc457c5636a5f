/**
 * The trace readers' CSV scanner: the same dialect as src/core/csv.ts (RFC 4180 quoting, `\n`, `\r\n` or a lone `\r`
 * between records, a leading UTF-8 byte-order mark dropped, blank lines skipped, a `"` inside an unquoted field kept),
 * but one record at a time: the caller keeps only the cells it needs, in typed arrays, so a 1,000,000-row trace is not
 * held as a million record objects (src/core/csv.ts's table, about 1 KB a row at peak).
 *
 * Before scanning, `sniffNotCsv` refuses text that is not a CSV table at all — compressed or binary bytes, JSON —
 * with one issue saying what it looks like (`trace.not-csv`), instead of a missing-column message about garbage.
 * Pure.
 */
import { excerpt } from '../../core/excerpt.js';
import type { Issue } from '../../core/issues.js';
import { at } from '../../core/csv.js';

/** One record: its fields and where each begins (1-based line and column; a quoted field at its opening quote). */
export interface Row {
  readonly line: number;
  readonly fields: readonly string[];
  readonly lines: readonly number[];
  readonly cols: readonly number[];
}

/**
 * Calls `onRow` for each record, the header first, until it returns false. Returns the CSV structure issue that
 * stopped it (an unterminated quote or a character after a closing quote), or undefined.
 */
export function scanRows(text: string, file: string, onRow: (row: Row) => boolean): Issue | undefined {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n) {
    const recLine = line;
    const first = src.charCodeAt(i);
    if (first === 10 || first === 13) {
      i += first === 13 && src.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    const fields: string[] = [];
    const lines: number[] = [];
    const cols: number[] = [];
    for (;;) {
      lines.push(line);
      cols.push(i - lineStart + 1);
      if (src.charCodeAt(i) === 34) {
        const openLine = line;
        const openCol = i - lineStart + 1;
        let value = '';
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const q = src.indexOf('"', j);
          const end = q < 0 ? n : q;
          value += src.slice(j, end);
          for (let k = j; k < end; k++) {
            const c = src.charCodeAt(k);
            if (c === 10 || (c === 13 && src.charCodeAt(k + 1) !== 10)) {
              line++;
              lineStart = k + 1;
            }
          }
          if (q < 0) break;
          if (src.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) return at('csv.unterminated-quote', file, openLine, openCol, 'quoted field is never closed');
        fields.push(value);
        i = j;
        const c = src.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) {
          return at(
            'csv.bad-quote',
            file,
            line,
            i - lineStart + 1,
            `unexpected '${excerpt(src[i] ?? '')}' after a closing quote`,
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = src.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        fields.push(src.slice(i, j));
        i = j;
      }
      if (src.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      if (i < n) {
        i += src.charCodeAt(i) === 13 && src.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        lineStart = i;
      }
      break;
    }
    if (!onRow({ line: recLine, fields, lines, cols })) return undefined;
  }
  return undefined;
}

/** How much of the text's start `sniffNotCsv` looks at. */
const SNIFF_CHARS = 4096;

/**
 * An issue when the text is plainly not a CSV table: gzip, zip, Parquet or other binary bytes (a NUL, or characters
 * that were not UTF-8, in the first 4,096), or JSON / JSON Lines. Undefined otherwise.
 */
export function sniffNotCsv(text: string, file: string, what: string): Issue | undefined {
  const head = text.slice(0, SNIFF_CHARS);
  const notCsv = (why: string): Issue => at('trace.not-csv', file, 1, 1, `the ${what} is not a CSV text file: ${why}`);
  if (head.charCodeAt(0) === 0x1f && (head.charCodeAt(1) === 0x8b || head.charCodeAt(1) === 0xfffd))
    return notCsv('it is gzip-compressed; decompress it first (gunzip)');
  if (head.startsWith('PK\u0003\u0004'))
    return notCsv('it is a zip archive (or an Excel workbook); extract or export it as CSV');
  if (head.startsWith('PAR1')) return notCsv('it is a Parquet file; export it as CSV');
  if (head.startsWith('\ufffd\ufffd') && head.includes('\u0000'))
    return notCsv('it looks like UTF-16 text; save it as UTF-8');
  let bad = 0;
  for (let k = 0; k < head.length; k++) {
    const c = head.charCodeAt(k);
    if (c === 0) return notCsv('it holds binary data (a NUL byte); give a UTF-8 CSV file');
    if (c === 0xfffd) bad++;
  }
  if (bad > 0) return notCsv(`it is not UTF-8 text (${bad} invalid byte sequences at its start); save it as UTF-8 CSV`);
  const start = head.replace(/^\uFEFF?\s*/, '');
  if (start.startsWith('{') || start.startsWith('['))
    return notCsv(
      'it looks like JSON or JSON Lines; convert it to CSV with a header line (docs/simulator.md, "Trace formats")',
    );
  return undefined;
}
