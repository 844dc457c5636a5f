/**
 * Typed access to the cells of a parsed CSV table, with issues that point at the cell (file, line, column) and carry
 * the path `[row, column]` (row = 0-based data row, column = header name).
 */
import type { Issue, Result } from '../../core/issues.js';
import { fail, ok } from '../../core/issues.js';
import { type CsvRecord, type CsvTable, at, push } from '../../core/csv.js';

/** Column name → field index (-1 for an absent optional column). Missing required columns give one `trace.missing-column` issue naming them all. */
export function resolveColumns<K extends string>(
  table: CsvTable,
  required: readonly K[],
  optional: readonly K[] = [],
): Result<{ readonly [P in K]: number }> {
  const index = new Map(table.header.fields.map((name, k) => [name.trim(), k] as const));
  const missing = required.filter((c) => !index.has(c));
  if (missing.length) {
    const s = missing.length > 1 ? 's' : '';
    return fail([
      at('trace.missing-column', table.file, table.header.line, 1,
        `missing column${s} ${missing.map((m) => `'${m}'`).join(', ')} (header has: ${table.header.fields.join(', ')})`,
        missing),
    ]);
  }
  const out: Record<string, number> = {};
  for (const c of [...required, ...optional]) out[c] = index.get(c) ?? -1;
  return ok(out as { readonly [P in K]: number });
}

/** A cursor over one file's records that collects issues (capped). */
export class Cells {
  readonly issues: Issue[] = [];
  constructor(readonly table: CsvTable) {}

  text(row: number, rec: CsvRecord, col: number): string {
    return col < 0 ? '' : rec.fields[col] ?? '';
  }

  report(row: number, rec: CsvRecord, col: number, code: string, message: string): void {
    const name = this.table.header.fields[col] ?? '';
    push(this.issues, at(code, this.table.file, rec.lines[col] ?? rec.line, rec.cols[col] ?? 1, message, [row, name]));
  }

  /** A finite number, optionally required to be >= 0 or a positive integer; undefined (and an issue) otherwise. */
  number(row: number, rec: CsvRecord, col: number, rule: 'any' | 'non-negative' | 'non-negative-int' | 'positive-int'): number | undefined {
    const raw = this.text(row, rec, col);
    const name = this.table.header.fields[col] ?? '';
    const v = parseDecimal(raw);
    if (v === undefined) {
      this.report(row, rec, col, 'trace.not-a-number', `${name}: '${raw}' is not a number`);
      return undefined;
    }
    if (rule !== 'any' && v < 0) {
      this.report(row, rec, col, 'trace.negative', `${name}: ${raw} is negative`);
      return undefined;
    }
    if ((rule === 'positive-int' || rule === 'non-negative-int') && !Number.isInteger(v)) {
      this.report(row, rec, col, 'trace.not-an-integer', `${name}: ${raw} is not a whole number`);
      return undefined;
    }
    if (rule === 'positive-int' && v < 1) {
      this.report(row, rec, col, 'trace.not-positive', `${name}: ${raw} must be at least 1`);
      return undefined;
    }
    return v;
  }
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain decimal (optionally with an exponent) as a finite number; undefined for anything else ('', 'NaN', '1,5', ' 1'). */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}
