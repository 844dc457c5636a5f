/**
 * The one money formatter, for every reader of skyfleet's output (the CLI's tables, the HTML report): USD as a person
 * reads it, $12.34, $41.2k, $16.83M, $1.20B. Below $10k the cents are shown, in one of two styles:
 *   - `plain`   $1234.56  (the terminal: columns of digits, no separators)
 *   - `grouped` $1,234.56 (the report's prose and tables, en-US grouping)
 * Everything else is the same for both. Deterministic: en-US and fixed digits, never the machine's locale.
 */

export type MoneyStyle = 'plain' | 'grouped';

export function formatUsd(v: number, style: MoneyStyle = 'plain'): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${sign}$${(a / 1e3).toFixed(1)}k`;
  const small =
    style === 'grouped'
      ? a.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })
      : a.toFixed(2);
  return `${sign}$${small}`;
}
