/**
 * The price catalog CSV (the columns of data/gpu-catalog.csv):
 *   cloud,instance_type,accelerator,accelerator_count,vcpus,memory_gib,price_usd_hr,spot_price_usd_hr,region,availability_zone
 * Prices are USD per instance-hour. A row with an empty price is skipped (AWS p5e has no public on-demand price);
 * an empty spot price or zone is simply absent. Columns are found by header name, so extra columns are allowed.
 * A bad number is an issue at its line and column; every problem is reported, not just the first.
 */
import { fail, issue, ok, type Issue, type Result } from '../core/issues.js';
import type { Catalog, Offering } from '../core/types.js';
import { columns, numberCell, readCsv, textCell } from './csv.js';

const REQUIRED = ['cloud', 'instance_type', 'accelerator', 'accelerator_count', 'price_usd_hr', 'spot_price_usd_hr', 'region', 'availability_zone'] as const;

export function parseCatalogCsv(text: string, file: string): Result<Catalog> {
  const { rows, issues } = readCsv(text, file);
  const [header, ...data] = rows;
  const cols = columns(header, REQUIRED, file);
  issues.push(...cols.issues);
  if (cols.issues.length > 0) return fail(issues);
  const c = cols.index;
  const offerings: Offering[] = [];
  for (const row of data) {
    const rowIssues: Issue[] = [];
    const names = { provider: textCell(row, c.cloud), instanceType: textCell(row, c.instance_type), gpu: textCell(row, c.accelerator), region: textCell(row, c.region) };
    for (const [key, col] of [['provider', 'cloud'], ['instanceType', 'instance_type'], ['gpu', 'accelerator'], ['region', 'region']] as const) {
      if (names[key] === '') {
        const cell = row.cells[c[col]];
        rowIssues.push({ ...issue('csv.empty-cell', [row.line, col], `column ${col} is empty`), file, line: cell?.line ?? row.line, col: cell?.col ?? 1 });
      }
    }
    const count = numberCell(row, c.accelerator_count, 'accelerator_count', file, rowIssues, { positive: true });
    if (count === undefined && rowIssues.length === 0) {
      rowIssues.push({ ...issue('csv.empty-cell', [row.line, 'accelerator_count'], 'column accelerator_count is empty'), file, line: row.line, col: 1 });
    }
    const price = numberCell(row, c.price_usd_hr, 'price_usd_hr', file, rowIssues);
    const spot = numberCell(row, c.spot_price_usd_hr, 'spot_price_usd_hr', file, rowIssues);
    issues.push(...rowIssues);
    if (rowIssues.length > 0 || price === undefined || count === undefined) continue; // empty price: not purchasable
    const zone = textCell(row, c.availability_zone);
    offerings.push({
      ...names,
      gpusPerInstance: count,
      pricePerHour: price,
      ...(zone !== '' ? { zone } : {}),
      ...(spot !== undefined ? { spotPricePerHour: spot } : {}),
    });
  }
  return issues.length > 0 ? fail(issues) : ok({ offerings });
}
