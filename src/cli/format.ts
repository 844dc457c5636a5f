/** Terminal formatting: money, shares and aligned tables. Only the CLI formats; the engine returns numbers. */
import { formatUsd } from '../core/money-text.js';

/** USD for the terminal (the one money formatter, src/core/money-text.ts, in its plain style): $1234.56, $41.2k. */
export function money(v: number): string {
  return formatUsd(v, 'plain');
}

/** Integer cents (the plan's money) as dollars, e.g. 123456 → `$1234.56`, 1.2e9 → `$12.00M`. */
export const cents = (c: number): string => money(c / 100);
export const signedCents = (c: number): string => signedMoney(c / 100);

export const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function signedMoney(v: number): string {
  return v > 0 ? `+${money(v)}` : money(v);
}

/** Renders rows as an aligned table; columns whose header ends with ':' are right-aligned (numbers). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const right = headers.map((h) => h.endsWith(':'));
  const heads = headers.map((h) => h.replace(/:$/, ''));
  const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(heads), ...rows.map(line)].join('\n');
}

export const day = (iso: string): string => iso.slice(0, 10);
