/**
 * GPU throughput relative to H100 (data/gpu-relative-throughput.csv: one row per benchmark model × container × GPU).
 * The ratio of a GPU is the MEDIAN of its rows, as the data README advises (single rows are noisy: one Qwen3 row gives
 * 10–12×). H100 is 1 by definition. Only the columns `gpu` and `relative_to_H100` are needed.
 */
import { capIssues, fail, ok, type Result } from '../core/issues.js';
import { checkNameCell, columns, numberCell, readCsv, textCell } from './csv.js';
import { MAX_THROUGHPUT_RATIO } from './limits.js';

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function parseThroughputCsv(text: string, file: string): Result<Record<string, number>> {
  const { rows, issues } = readCsv(text, file);
  const [header, ...data] = rows;
  const cols = columns(header, ['gpu', 'relative_to_H100'] as const, file);
  issues.push(...cols.issues);
  if (cols.issues.length > 0) return fail(issues);
  const byGpu = new Map<string, number[]>();
  for (const row of data) {
    const gpu = textCell(row, cols.index.gpu);
    const before = issues.length;
    const ratio = numberCell(row, cols.index.relative_to_H100, 'relative_to_H100', file, issues, {
      positive: true,
      max: MAX_THROUGHPUT_RATIO,
    });
    if (!checkNameCell(row, cols.index.gpu, 'gpu', file, issues)) continue;
    if (gpu === '' || ratio === undefined) {
      if (issues.length === before)
        issues.push({
          code: 'csv.empty-cell',
          path: [row.line],
          message: 'a row needs both gpu and relative_to_H100',
          file,
          line: row.line,
          col: 1,
        });
      continue;
    }
    const ratios = byGpu.get(gpu);
    if (ratios) ratios.push(ratio);
    else byGpu.set(gpu, [ratio]);
  }
  if (issues.length > 0) return fail(capIssues(issues));
  const out: Record<string, number> = { H100: 1 };
  for (const [gpu, ratios] of byGpu) if (gpu !== 'H100') out[gpu] = median(ratios);
  return ok(out);
}
