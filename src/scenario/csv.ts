/**
 * Rows and cells for the catalog and throughput readers, on top of the project's one CSV parser (core/csv.ts), so
 * that every cell keeps its file:line:col. Structural problems (an unclosed quote, a row with the wrong number of
 * fields) come back as issues and no rows.
 */
import { excerpt, issue, type Issue } from '../core/issues.js';
import { parseCsv } from '../core/csv.js';
import { isSafeName, MAX_CSV_ROWS, MAX_QUANTITY_CHARS, NAME_RULE } from './limits.js';

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
  const table = parseCsv(text, file, { maxRecords: MAX_CSV_ROWS });
  if (!table.ok) return { rows: [], issues: [...table.issues] };
  const rows = [table.value.header, ...table.value.records].map((r) => ({
    line: r.line,
    cells: r.fields.map((t, j) => ({ text: t, line: r.lines[j] ?? r.line, col: r.cols[j] ?? 1 })),
  }));
  return { rows, issues: [] };
}

/** Maps header names to column indexes; reports the required ones that are missing (at line 1). */
export function columns<K extends string>(
  header: CsvRow | undefined,
  required: readonly K[],
  file: string,
): { index: Record<K, number>; issues: Issue[] } {
  const names = (header?.cells ?? []).map((c) => c.text.trim());
  const index = {} as Record<K, number>;
  const issues: Issue[] = [];
  for (const k of required) {
    const at = names.indexOf(k);
    if (at < 0)
      issues.push({
        ...issue('csv.missing-column', [k], `the header has no column '${k}' (expected: ${required.join(',')})`),
        file,
        line: header?.line ?? 1,
        col: 1,
      });
    index[k] = at;
  }
  return { index, issues };
}

/** A cell as a finite number ≥ 0 (or > 0 when `positive`) and at most `max`; `undefined` = empty. */
export function numberCell(
  row: CsvRow,
  at: number,
  name: string,
  file: string,
  issues: Issue[],
  opts: { positive?: boolean; max?: number } = {},
): number | undefined {
  const cell = row.cells[at];
  const text = cell?.text.trim() ?? '';
  if (text === '') return undefined;
  const n =
    text.length <= MAX_QUANTITY_CHARS && /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  const where = { file, line: cell?.line ?? row.line, col: cell?.col ?? 1 };
  if (!Number.isFinite(n))
    issues.push({
      ...issue('csv.bad-number', [row.line, name], `'${excerpt(text)}' in column ${name} is not a non-negative number`),
      ...where,
    });
  else if (opts.positive && n === 0)
    issues.push({
      ...issue('value.not-positive', [row.line, name], `column ${name} must be greater than 0`),
      ...where,
    });
  else if (opts.max !== undefined && n > opts.max)
    issues.push({
      ...issue(
        'value.too-big',
        [row.line, name],
        `'${excerpt(text)}' in column ${name} is above the limit of ${opts.max.toLocaleString('en-US')} (docs/limits.md)`,
      ),
      ...where,
    });
  else return n;
  return undefined;
}

/** A cell that names something (a provider, region, GPU, instance type, zone): reports a name with characters that
 * are not allowed (NAME_RULE) and returns false. */
export function checkNameCell(row: CsvRow, at: number, name: string, file: string, issues: Issue[]): boolean {
  const cell = row.cells[at];
  const text = cell?.text.trim() ?? '';
  if (text === '' || isSafeName(text)) return true;
  issues.push({
    ...issue(
      'name.invalid',
      [row.line, name],
      `'${excerpt(text)}' in column ${name} is not a valid name: use ${NAME_RULE}`,
    ),
    file,
    line: cell?.line ?? row.line,
    col: cell?.col ?? 1,
  });
  return false;
}

export function textCell(row: CsvRow, at: number): string {
  return row.cells[at]?.text.trim() ?? '';
}
