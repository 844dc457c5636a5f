/**
 * Reading the cells of one scanned row (rows.ts) of a trace, with issues that point at the cell (file, line, column)
 * and carry the path `[data row, header name]`; and the typed arrays the readers fill as they go. Pure.
 */
import type { Issue } from '../../core/issues.js';
import { at, push } from '../../core/csv.js';
import { excerpt } from '../../core/excerpt.js';
import type { Column } from './columns.js';
import type { Row } from './rows.js';
import { parseDecimal } from './table.js';
import { parseTimeCell, UNIX_EPOCH_FROM_S } from './times.js';

/** What a time or number cell gave: a value, an empty cell (the row is incomplete), or an issue already reported. */
export type Cell = number | 'empty' | 'bad';

export class RowCells {
  readonly issues: Issue[] = [];
  /** The kind of the first time read in each column (by column index): every later one must be the same kind. */
  private readonly timeKind = new Map<number, { kind: 'offset' | 'absolute'; line: number }>();
  constructor(readonly file: string) {}

  text(row: Row, col: Column | undefined): string {
    return col === undefined ? '' : (row.fields[col.index] ?? '');
  }

  report(row: Row, k: number, col: Column | undefined, code: Issue['code'], message: string): void {
    const i = col?.index ?? 0;
    push(this.issues, at(code, this.file, row.lines[i] ?? row.line, row.cols[i] ?? 1, message, [k, col?.header ?? '']));
  }

  /** Whether data row `k` has as many fields as the header; reported (`csv.field-count`) when it has not. */
  fieldCount(row: Row, k: number, header: Row): boolean {
    if (row.fields.length === header.fields.length) return true;
    this.report(
      row,
      k,
      undefined,
      'csv.field-count',
      `expected ${header.fields.length} fields, found ${row.fields.length}`,
    );
    return false;
  }

  /** A time (times.ts), in seconds (spaces around the cell ignored, as in every number cell); absolute times as Unix seconds. Offsets and absolute times do not mix in one
   * column (`trace.mixed-times`). */
  time(row: Row, k: number, col: Column): Cell {
    const raw = this.text(row, col).trim();
    if (raw === '') return 'empty';
    const t = parseTimeCell(raw, col.unit === 'ms' ? 0.001 : col.unit === 'min' ? 60 : col.unit === 'h' ? 3600 : 1);
    const shown = excerpt(raw);
    if (t.kind === 'bad') {
      if (t.why === 'negative') this.report(row, k, col, 'trace.negative', `${col.header}: ${shown} is negative`);
      else if (t.why === 'milliseconds')
        this.report(
          row,
          k,
          col,
          'trace.too-large-value',
          `${col.header}: ${shown} is past the year 5000 as seconds: if it is in milliseconds, name the column with _ms (e.g. timestamp_ms)`,
        );
      else
        this.report(
          row,
          k,
          col,
          'trace.not-a-number',
          `${col.header}: '${shown}' is neither a number of seconds nor an ISO 8601 date-time like 2020-06-09 18:41:01`,
        );
      return 'bad';
    }
    const seen = this.timeKind.get(col.index);
    if (seen === undefined) this.timeKind.set(col.index, { kind: t.kind, line: row.line });
    else if (seen.kind !== t.kind) {
      const what = (kind: string) =>
        kind === 'offset'
          ? `seconds from the trace start (below ${UNIX_EPOCH_FROM_S.toLocaleString('en-US')})`
          : 'an absolute time (a date-time or a Unix time)';
      this.report(
        row,
        k,
        col,
        'trace.mixed-times',
        `${col.header}: ${shown} is ${what(t.kind)} but line ${seen.line} has ${what(seen.kind)}: one column holds one kind`,
      );
      return 'bad';
    }
    return t.s;
  }

  /** The kind of the times read in a column, if any was read. */
  kindOf(col: Column | undefined): 'offset' | 'absolute' | undefined {
    return col === undefined ? undefined : this.timeKind.get(col.index)?.kind;
  }

  /**
   * A number: 'seconds' (a duration: a plain decimal >= 0 in the column's unit, converted to seconds) or 'count' (a
   * whole number in digits, with at most a zero fraction as pandas writes a column with gaps: `8` or `8.0`, not `8.5`,
   * `8e0` or 4294967304 read modulo 2³²); at most `max` (after the conversion).
   */
  number(row: Row, k: number, col: Column, rule: 'seconds' | 'count', max: number): Cell {
    const raw = this.text(row, col).trim();
    if (raw === '') return 'empty';
    const shown = excerpt(raw);
    const v0 = parseDecimal(raw);
    if (v0 === undefined) {
      this.report(row, k, col, 'trace.not-a-number', `${col.header}: '${shown}' is not a number`);
      return 'bad';
    }
    if (v0 < 0) {
      this.report(row, k, col, 'trace.negative', `${col.header}: ${shown} is negative`);
      return 'bad';
    }
    if (rule === 'count' && !(Number.isInteger(v0) && /^\+?\d+(\.0+)?$/.test(raw))) {
      this.report(
        row,
        k,
        col,
        'trace.not-an-integer',
        `${col.header}: ${shown} is not a whole number (write digits: 8 or 8.0)`,
      );
      return 'bad';
    }
    const v = rule === 'seconds' ? v0 * secondsPer(col) : v0;
    if (v > max) {
      const unit = rule === 'seconds' ? ' s' : '';
      this.report(
        row,
        k,
        col,
        'trace.too-large-value',
        `${col.header}: ${shown} is above the limit of ${max.toLocaleString('en-US')}${unit} (docs/limits.md)`,
      );
      return 'bad';
    }
    return v;
  }
}

function secondsPer(col: Column): number {
  return col.unit === 'ms' ? 0.001 : col.unit === 'min' ? 60 : col.unit === 'h' ? 3600 : 1;
}

/** A Float64Array / Uint32Array that grows by doubling (a trace's row count is known only at its end). */
export class Grow<A extends Float64Array | Uint32Array> {
  length = 0;
  constructor(
    private a: A,
    private readonly make: (n: number) => A,
  ) {}
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = this.make(Math.max(16, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  /** The values, in an array of exactly `length` (a copy). */
  done(): A {
    return this.a.slice(0, this.length) as A;
  }
}

export const f64 = (): Grow<Float64Array> => new Grow(new Float64Array(1024), (n) => new Float64Array(n));
export const u32 = (): Grow<Uint32Array> => new Grow(new Uint32Array(1024), (n) => new Uint32Array(n));

/** String → small integer, in order of first appearance. */
export class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.values.length;
      this.values.push(s);
      this.index.set(s, k);
    }
    return k;
  }
}

/**
 * The order that sorts `t` ascending, stable (equal times keep file order), or undefined when `t` is already sorted;
 * with the first position out of order.
 */
export function sortOrder(t: Float64Array): { order: Uint32Array; firstOut: number } | undefined {
  let firstOut = -1;
  let prev = Number.NEGATIVE_INFINITY;
  for (const [i, v] of t.entries()) {
    if (v < prev) {
      firstOut = i;
      break;
    }
    prev = v;
  }
  if (firstOut < 0) return undefined;
  const order = Uint32Array.from({ length: t.length }, (_, i) => i);
  order.sort((a, b) => (t[a] ?? 0) - (t[b] ?? 0) || a - b);
  return { order, firstOut };
}

export function permuteF64(a: Float64Array, order: Uint32Array): Float64Array {
  return Float64Array.from(order, (i) => a[i] ?? 0);
}

export function permuteU32(a: Uint32Array, order: Uint32Array): Uint32Array {
  return Uint32Array.from(order, (i) => a[i] ?? 0);
}

/** Absolute times made offsets from the earliest, in place, to the microsecond. */
export function shiftToEarliest(t: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  for (const v of t) if (v < min) min = v;
  for (const [i, v] of t.entries()) t[i] = roundUs(v - min);
}

/** Seconds rounded to the microsecond (absolute times made offsets carry the float error of ~1.7e9). */
export const roundUs = (s: number): number => Math.round(s * 1e6) / 1e6;
