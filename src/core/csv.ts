/**
 * A small RFC 4180 CSV reader shared by the trace and incident readers. Pure: it takes the text, not a path.
 *
 * - Fields are separated by `,`, records by `\n`, `\r\n` or a lone `\r`.
 * - A field that starts with `"` is quoted: it runs to the next `"` not doubled (`""` is one quote) and may hold commas
 *   and line breaks. After the closing quote only a separator or the end of the record may follow.
 * - A `"` in the middle of an unquoted field is kept as a literal character (as most writers expect).
 * - A leading UTF-8 byte-order mark is dropped; blank lines (no characters at all) are skipped.
 * - The first record is the header; every later record must have as many fields (`csv.field-count`).
 *
 * Every field remembers its 1-based line and column, so a reader can point at the exact cell.
 */
import { type Issue, type Result, fail, ok } from './issues.js';
import { excerpt } from './excerpt.js';

export interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
  /** 1-based line and column of each field's first character (the opening quote for a quoted field). */
  readonly lines: readonly number[];
  readonly cols: readonly number[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: CsvRecord;
  /** Data records, header excluded. */
  readonly records: readonly CsvRecord[];
}

/** At most this many issues are reported for one file; a final `csv.too-many-issues` says more were left out. */
export const MAX_ISSUES = 50;

export interface CsvOptions {
  /** Most data records (header excluded): past it, one `csv.too-many-rows` issue and no table, before the rest of the
   * text is split into records. Default: no limit. */
  readonly maxRecords?: number;
}

export function parseCsv(text: string, file: string, opts: CsvOptions = {}): Result<CsvTable> {
  const maxAll = opts.maxRecords === undefined ? Infinity : opts.maxRecords + 1;
  const issues: Issue[] = [];
  const all: CsvRecord[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n) {
    const recLine = line;
    const fields: string[] = [];
    const lines: number[] = [];
    const cols: number[] = [];
    // Skip a blank line.
    if (src[i] === '\n' || src[i] === '\r') {
      i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
      continue;
    }
    let endOfRecord = false;
    while (!endOfRecord) {
      lines.push(line);
      cols.push(i - lineStart + 1);
      if (src[i] === '"') {
        const openLine = line;
        const openCol = i - lineStart + 1;
        let value = '';
        let j = i + 1;
        let closed = false;
        while (j < n) {
          const q = src.indexOf('"', j);
          const chunkEnd = q < 0 ? n : q;
          const chunk = src.slice(j, chunkEnd);
          value += chunk;
          // Count line breaks inside the quoted chunk to keep line numbers right.
          for (let k = j; k < chunkEnd; k++) {
            const c = src.charCodeAt(k);
            if (c === 10 || (c === 13 && src.charCodeAt(k + 1) !== 10)) {
              line++;
              lineStart = k + 1;
            }
          }
          if (q < 0) {
            j = n;
            break;
          }
          if (src[q + 1] === '"') {
            value += '"';
            j = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          issues.push(at('csv.unterminated-quote', file, openLine, openCol, 'quoted field is never closed'));
          return fail(issues);
        }
        fields.push(value);
        i = j;
        const c = src[i];
        if (c !== undefined && c !== ',' && c !== '\n' && c !== '\r') {
          issues.push(
            at('csv.bad-quote', file, line, i - lineStart + 1, `unexpected '${excerpt(c)}' after a closing quote`),
          );
          return fail(issues);
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
      // Here src[i] is ',', a line break, or the end.
      if (src[i] === ',') {
        i++;
      } else {
        endOfRecord = true;
        if (i < n) {
          i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
          line++;
          lineStart = i;
        }
      }
    }
    all.push({ line: recLine, fields, lines, cols });
    if (all.length > maxAll) {
      return fail([
        at(
          'csv.too-many-rows',
          file,
          recLine,
          1,
          `more than ${opts.maxRecords!.toLocaleString('en-US')} data rows, the limit (docs/limits.md)`,
        ),
      ]);
    }
  }
  const header = all[0];
  if (header === undefined) return fail([at('csv.empty', file, 1, 1, 'file is empty: a header line is needed')]);
  const seen = new Map<string, number>();
  header.fields.forEach((name, k) => {
    if (seen.has(name)) {
      issues.push(
        at(
          'csv.duplicate-column',
          file,
          header.line,
          header.cols[k] ?? 1,
          `column '${excerpt(name)}' appears twice in the header`,
        ),
      );
    }
    seen.set(name, k);
  });
  const records = all.slice(1);
  for (const r of records) {
    if (r.fields.length !== header.fields.length) {
      push(
        issues,
        at('csv.field-count', file, r.line, 1, `expected ${header.fields.length} fields, found ${r.fields.length}`),
      );
    }
  }
  return issues.length ? fail(issues) : ok({ file, header, records });
}

/** Add an issue unless the cap is reached; at the cap, add one `csv.too-many-issues` and ignore the rest. */
export function push(issues: Issue[], i: Issue): void {
  if (issues.length < MAX_ISSUES) issues.push(i);
  else if (issues.length === MAX_ISSUES) {
    issues.push({
      code: 'csv.too-many-issues',
      path: [],
      message: `more than ${MAX_ISSUES} problems; the rest are not listed`,
      ...(i.file ? { file: i.file } : {}),
    });
  }
}

export function at(
  code: Issue['code'],
  file: string,
  line: number,
  col: number,
  message: string,
  path: Issue['path'] = [],
): Issue {
  return { code, path, message, file, line, col };
}
