/**
 * Typed access to the cells of a parsed CSV table, with issues that point at the cell (file, line, column) and carry
 * the path `[row, column]` (row = 0-based data row, column = header name).
 */
import type { Issue, Result } from '../../core/issues.js';
import { fail, ok } from '../../core/issues.js';
import { type CsvRecord, type CsvTable, at, push } from '../../core/csv.js';
import { excerpt } from '../../core/excerpt.js';
import { SIM_LIMITS } from '../limits.js';

/**
 * The shape of a trace text, checked in one pass before it is parsed (parsing holds every record and field: about
 * 1 KB per row at peak, and a 60 MB line of commas would be 30 million fields): at most `maxRows` lines after the
 * header and at most `maxFields` fields (commas + 1) on any line. Line breaks are line feeds, carriage returns and
 * CR LF pairs, as the CSV reader has them; blank lines, and line breaks or commas inside quoted fields, count too.
 * The issue points at the first line past a limit.
 */
export function checkRowCount(
  text: string,
  file: string,
  maxRows: number,
  maxFields = SIM_LIMITS.traceFields,
): Issue | undefined {
  const n = text.length;
  let line = 1;
  let commas = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      if (++commas >= maxFields) {
        return at(
          'trace.too-many-fields',
          file,
          line,
          1,
          `line ${line} has more than ${maxFields.toLocaleString('en-US')} fields (the limit: docs/limits.md)`,
        );
      }
    } else if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      commas = 0;
      if (i + 1 >= n) break;
      if (++line > maxRows + 1) {
        return at(
          'trace.too-many-rows',
          file,
          line,
          1,
          `the trace has more than ${maxRows.toLocaleString('en-US')} rows (the limit: docs/limits.md); split it or sample it`,
        );
      }
    }
  }
  return undefined;
}

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
      at(
        'trace.missing-column',
        table.file,
        table.header.line,
        1,
        `missing column${s} ${missing.map((m) => `'${m}'`).join(', ')} (header has: ${excerpt(table.header.fields.join(', '), 120)})`,
        missing,
      ),
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

  text(_row: number, rec: CsvRecord, col: number): string {
    return col < 0 ? '' : (rec.fields[col] ?? '');
  }

  report(row: number, rec: CsvRecord, col: number, code: Issue['code'], message: string): void {
    const name = this.table.header.fields[col] ?? '';
    push(this.issues, at(code, this.table.file, rec.lines[col] ?? rec.line, rec.cols[col] ?? 1, message, [row, name]));
  }

  /**
   * A finite number, optionally required to be >= 0 or a whole number (written in digits only: '8', not '8.0' or
   * '8e0') and at most `max`; undefined (and an issue) otherwise. Values are quoted as short escaped excerpts.
   */
  number(
    row: number,
    rec: CsvRecord,
    col: number,
    rule: 'any' | 'non-negative' | 'non-negative-int' | 'positive-int',
    max = Infinity,
  ): number | undefined {
    const raw = this.text(row, rec, col);
    const name = this.table.header.fields[col] ?? '';
    const shown = excerpt(raw);
    const v = parseDecimal(raw);
    if (v === undefined) {
      this.report(row, rec, col, 'trace.not-a-number', `${name}: '${shown}' is not a number`);
      return undefined;
    }
    if (rule !== 'any' && v < 0) {
      this.report(row, rec, col, 'trace.negative', `${name}: ${shown} is negative`);
      return undefined;
    }
    if ((rule === 'positive-int' || rule === 'non-negative-int') && !(Number.isInteger(v) && /^\+?\d+$/.test(raw))) {
      this.report(row, rec, col, 'trace.not-an-integer', `${name}: ${shown} is not a whole number (write digits only)`);
      return undefined;
    }
    if (rule === 'positive-int' && v < 1) {
      this.report(row, rec, col, 'trace.not-positive', `${name}: ${shown} must be at least 1`);
      return undefined;
    }
    if (v > max) {
      this.report(
        row,
        rec,
        col,
        'trace.too-large-value',
        `${name}: ${shown} is above the limit of ${max.toLocaleString('en-US')}`,
      );
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
