/**
 * A small RFC 4180 reader (comma-separated, double-quoted fields with "" escapes, CRLF or LF) that remembers where
 * every cell starts, so a bad value can be reported as file:line:col. Blank lines are skipped.
 */
import { issue, type Issue } from '../core/issues.js';

export interface CsvCell {
  readonly text: string;
  readonly line: number; // 1-based
  readonly col: number; // 1-based
}

export interface CsvRow {
  readonly line: number;
  readonly cells: readonly CsvCell[];
}

export function readCsv(text: string, file: string): { rows: CsvRow[]; issues: Issue[] } {
  const rows: CsvRow[] = [];
  const issues: Issue[] = [];
  let cells: CsvCell[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark
  while (i <= src.length) {
    const start = { line, col };
    let value = '';
    if (src[i] === '"') {
      i++; col++;
      for (;;) {
        if (i >= src.length) {
          issues.push({ ...issue('csv.unterminated-quote', [], 'a quoted field is never closed'), file, line: start.line, col: start.col });
          break;
        }
        const ch = src[i]!;
        if (ch === '"' && src[i + 1] === '"') { value += '"'; i += 2; col += 2; continue; }
        if (ch === '"') { i++; col++; break; }
        if (ch === '\n') { line++; col = 1; } else col++;
        value += ch; i++;
      }
    }
    while (i < src.length && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') { value += src[i]; i++; col++; }
    cells.push({ text: value, line: start.line, col: start.col });
    if (src[i] === ',') { i++; col++; continue; }
    // end of record (or of input)
    if (src[i] === '\r') i++;
    if (!(cells.length === 1 && cells[0]!.text === '')) rows.push({ line: cells[0]!.line, cells });
    cells = [];
    i++; line++; col = 1;
  }
  return { rows, issues };
}

/** Maps header names to column indexes; reports the required ones that are missing (at line 1). */
export function columns<K extends string>(
  header: CsvRow | undefined, required: readonly K[], file: string,
): { index: Record<K, number>; issues: Issue[] } {
  const names = (header?.cells ?? []).map((c) => c.text.trim());
  const index = {} as Record<K, number>;
  const issues: Issue[] = [];
  for (const k of required) {
    const at = names.indexOf(k);
    if (at < 0) issues.push({ ...issue('csv.missing-column', [k], `the header has no column '${k}' (expected: ${required.join(',')})`), file, line: header?.line ?? 1, col: 1 });
    index[k] = at;
  }
  return { index, issues };
}

/** A cell as a finite number ≥ 0 (or > 0 when `positive`); `undefined` = empty. */
export function numberCell(
  row: CsvRow, at: number, name: string, file: string, issues: Issue[], opts: { positive?: boolean } = {},
): number | undefined {
  const cell = row.cells[at];
  const text = cell?.text.trim() ?? '';
  if (text === '') return undefined;
  const n = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  const where = { file, line: cell?.line ?? row.line, col: cell?.col ?? 1 };
  if (!Number.isFinite(n)) issues.push({ ...issue('csv.bad-number', [row.line, name], `'${text}' in column ${name} is not a non-negative number`), ...where });
  else if (opts.positive && n === 0) issues.push({ ...issue('value.not-positive', [row.line, name], `column ${name} must be greater than 0`), ...where });
  else return n;
  return undefined;
}

export function textCell(row: CsvRow, at: number): string {
  return row.cells[at]?.text.trim() ?? '';
}
