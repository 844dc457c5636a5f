/**
 * The price catalog CSV (the columns of data/gpu-catalog.csv):
 *   cloud,instance_type,accelerator,accelerator_count,vcpus,memory_gib,price_usd_hr,spot_price_usd_hr,region,availability_zone
 * Prices are USD per instance-hour. A row with an empty price is skipped (AWS p5e has no public on-demand price);
 * an empty spot price or zone is simply absent. Columns are found by header name, so extra columns are allowed.
 * A bad number is an issue at its line and column; every problem is reported, not just the first.
 */
import { capIssues, fail, issue, ok, type Issue, type Result } from '../core/issues.js';
import { providerId } from '../core/ids.js';
import type { Catalog, Offering } from '../core/types.js';
import { checkNameCell, columns, numberCell, readCsv, textCell, type CsvRow } from './csv.js';
import { MAX_GPUS, MAX_RATE_USD } from './limits.js';

/** Fractional GPUs (AWS g6f, Azure NVads A10 v5) are 1/n of a GPU for a whole n up to this. */
const MAX_GPU_DIVISOR = 64;

/** A whole number of GPUs (1 … MAX_GPUS), or 1/n of one (0.5, 0.25, 0.333333, 0.125 …). */
function isGpuCount(n: number): boolean {
  if (n >= 1) return Number.isInteger(n) && n <= MAX_GPUS;
  const parts = 1 / n;
  const whole = Math.round(parts);
  return whole >= 2 && whole <= MAX_GPU_DIVISOR && Math.abs(parts - whole) <= whole * 1e-5;
}

const REQUIRED = [
  'cloud',
  'instance_type',
  'accelerator',
  'accelerator_count',
  'price_usd_hr',
  'spot_price_usd_hr',
  'region',
  'availability_zone',
] as const;

export function parseCatalogCsv(text: string, file: string): Result<Catalog> {
  const { rows, issues } = readCsv(text, file);
  const [header, ...data] = rows;
  const cols = columns(header, REQUIRED, file);
  issues.push(...cols.issues);
  if (cols.issues.length > 0) return fail(issues);
  const c = cols.index;
  const offerings: Offering[] = [];
  // (provider, region, instance type, zone) -> the first row with it and its offering (undefined: no price)
  const seen = new Map<string, { line: number; offering: Offering | undefined }>();
  for (const row of data) {
    const rowIssues: Issue[] = [];
    for (const col of ['cloud', 'instance_type', 'accelerator', 'region', 'availability_zone'] as const)
      checkNameCell(row, c[col], col, file, rowIssues);
    const names = {
      provider: textCell(row, c.cloud),
      instanceType: textCell(row, c.instance_type),
      gpu: textCell(row, c.accelerator),
      region: textCell(row, c.region),
    };
    for (const [key, col] of [
      ['provider', 'cloud'],
      ['instanceType', 'instance_type'],
      ['gpu', 'accelerator'],
      ['region', 'region'],
    ] as const) {
      if (names[key] === '') {
        const cell = row.cells[c[col]];
        rowIssues.push({
          ...issue('csv.empty-cell', [row.line, col], `column ${col} is empty`),
          file,
          line: cell?.line ?? row.line,
          col: cell?.col ?? 1,
        });
      }
    }
    const count = numberCell(row, c.accelerator_count, 'accelerator_count', file, rowIssues, {
      positive: true,
      max: MAX_GPUS,
    });
    if (count !== undefined && !isGpuCount(count)) {
      const cell = row.cells[c.accelerator_count];
      rowIssues.push({
        ...issue(
          'csv.bad-gpu-count',
          [row.line, 'accelerator_count'],
          `accelerator_count ${count} is neither a whole number of GPUs nor a fraction 1/n of one (n from 2 to ${MAX_GPU_DIVISOR})`,
        ),
        file,
        line: cell?.line ?? row.line,
        col: cell?.col ?? 1,
      });
    }
    if (count === undefined && rowIssues.length === 0) {
      rowIssues.push({
        ...issue('csv.empty-cell', [row.line, 'accelerator_count'], 'column accelerator_count is empty'),
        file,
        line: row.line,
        col: 1,
      });
    }
    const price = numberCell(row, c.price_usd_hr, 'price_usd_hr', file, rowIssues, { max: MAX_RATE_USD });
    const spot = numberCell(row, c.spot_price_usd_hr, 'spot_price_usd_hr', file, rowIssues, { max: MAX_RATE_USD });
    issues.push(...rowIssues);
    if (rowIssues.length > 0 || count === undefined) continue;
    const zone = textCell(row, c.availability_zone);
    const offering: Offering | undefined =
      price === undefined
        ? undefined
        : {
            ...names,
            provider: providerId(names.provider),
            gpusPerInstance: count,
            pricePerHour: price,
            ...(zone !== '' ? { zone } : {}),
            ...(spot !== undefined ? { spotPricePerHour: spot } : {}),
          };
    // The same instance type twice in one place: an exact repeat is merged (kept once); a different one is an error.
    const key = JSON.stringify([names.provider, names.region, names.instanceType, zone]);
    const first = seen.get(key);
    if (first !== undefined) {
      if (!sameRow(first.offering, offering)) issues.push(conflict(row, first.line, names, zone, file));
      continue;
    }
    seen.set(key, { line: row.line, offering });
    if (offering) offerings.push(offering); // empty price: not purchasable
  }
  return issues.length > 0 ? fail(capIssues(issues)) : ok({ offerings });
}

function sameRow(a: Offering | undefined, b: Offering | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.gpu === b.gpu &&
    a.gpusPerInstance === b.gpusPerInstance &&
    a.pricePerHour === b.pricePerHour &&
    a.spotPricePerHour === b.spotPricePerHour
  );
}

function conflict(
  row: CsvRow,
  firstLine: number,
  n: { provider: string; region: string; instanceType: string },
  zone: string,
  file: string,
): Issue {
  return {
    ...issue(
      'catalog.duplicate-row',
      [row.line],
      `${n.provider} ${n.instanceType} in ${n.region}${zone ? ` (${zone})` : ''} is already on line ${firstLine} with a different GPU, count or price (which one holds?)`,
    ),
    file,
    line: row.line,
    col: 1,
  };
}
