/**
 * Reader for operator-reported cloud incidents (data/cloud-incidents-2018-2020.csv, from the Cloud Uptime Archive):
 *
 *   source_file,vendor,service_id,service_name,location,status,event_start_utc,event_end_utc,duration_min,description_excerpt
 *
 * Required columns: vendor, service_id, service_name, location, event_start_utc, event_end_utc, duration_min (the others
 * are carried along when present). Codes:
 *   trace.missing-column     required columns absent (all named)
 *   incidents.unknown-vendor vendor is not AWS, GCP or Azure
 *   incidents.bad-time       a start or end is not an ISO-8601 UTC instant (`2018-12-13T04:00:00.000Z`)
 *   trace.not-a-number / trace.negative   duration_min is set but not a number >= 0
 *   trace.empty              no data rows
 *   trace.too-many-rows      more than SIM_LIMITS.traceRows lines after the header (checked before parsing)
 *   trace.too-large-value    duration_min above 16,666,666.67 (1,000,000,000 s)
 * Years are read as written: '0050-01-01T00:00Z' is the year 50 (not 1950, as Date.UTC would have it).
 * An empty duration_min is allowed (4 rows: end before or equal to start in the source); such an incident has no
 * `durationMin` and is left out of duration fits and replays. Its end is kept as the source gives it.
 */
import { type Issue, type Result, fail, ok } from '../../core/issues.js';
import type { Instant } from '../../core/types.js';
import { at, parseCsv } from '../../core/csv.js';
import { excerpt } from '../../core/excerpt.js';
import { SIM_LIMITS } from '../limits.js';
import { Cells, checkRowCount, resolveColumns } from '../traces/table.js';
import { type Scope, isComputeRelated, regionsOf, scopeOf } from './locations.js';

export interface Incident {
  /** aws | gcp | azure. */
  readonly provider: string;
  readonly serviceId: string;
  readonly serviceName: string;
  /** The source's location text. */
  readonly location: string;
  readonly scope: Scope;
  /** Region ids for a region-scoped incident (may be empty when the text names none we know). */
  readonly regions: readonly string[];
  readonly computeRelated: boolean;
  readonly start: Instant;
  readonly end: Instant;
  /** Minutes, as the source gives it; absent when the source leaves it empty. */
  readonly durationMin?: number;
  /** 1-based line in the file, for messages. */
  readonly line: number;
}

const REQUIRED = [
  'vendor',
  'service_id',
  'service_name',
  'location',
  'event_start_utc',
  'event_end_utc',
  'duration_min',
] as const;
const VENDORS: Readonly<Record<string, string>> = { aws: 'aws', gcp: 'gcp', azure: 'azure' };
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z$/;

/** An ISO-8601 UTC instant as epoch ms, or undefined (also for impossible dates such as Feb 30). */
export function parseUtc(text: string): Instant | undefined {
  const m = ISO_UTC.exec(text);
  if (!m) return undefined;
  const n = (k: number): number => Number(m[k] ?? 0);
  // Date.UTC reads years 0–99 as 1900–1999: set the full year explicitly so '0050-…' is the year 50, not 1950.
  const d = new Date(0); // a given instant (the epoch), not the clock
  d.setUTCFullYear(n(1), n(2) - 1, n(3));
  d.setUTCHours(n(4), n(5), n(6), Number((m[7] ?? '').padEnd(3, '0')));
  const t = d.getTime();
  const valid = d.getUTCFullYear() === n(1) && d.getUTCMonth() === n(2) - 1 && d.getUTCDate() === n(3);
  return valid && n(4) < 24 && n(5) < 60 && n(6) < 60 ? t : undefined;
}

export function parseIncidents(
  text: string,
  file: string,
  maxRows: number = SIM_LIMITS.traceRows,
): Result<readonly Incident[]> {
  const tooMany = checkRowCount(text, file, maxRows);
  if (tooMany) return fail([tooMany]);
  const csv = parseCsv(text, file);
  if (!csv.ok) return csv;
  const table = csv.value;
  const colsR = resolveColumns(table, REQUIRED);
  if (!colsR.ok) return colsR;
  const c = colsR.value;
  if (table.records.length === 0)
    return fail([at('trace.empty', file, table.header.line, 1, 'the file has a header but no incidents')]);
  const cells = new Cells(table);
  const out: Incident[] = [];
  table.records.forEach((rec, i) => {
    const vendor = cells.text(i, rec, c.vendor);
    const provider = VENDORS[vendor.trim().toLowerCase()];
    if (!provider)
      cells.report(
        i,
        rec,
        c.vendor,
        'incidents.unknown-vendor',
        `vendor '${excerpt(vendor)}' is not one of AWS, GCP, Azure`,
      );
    const time = (col: number): Instant | undefined => {
      const raw = cells.text(i, rec, col);
      const t = parseUtc(raw);
      if (t === undefined) {
        cells.report(
          i,
          rec,
          col,
          'incidents.bad-time',
          `${table.header.fields[col]}: '${excerpt(raw)}' is not an ISO-8601 UTC time like 2018-12-13T04:00:00.000Z`,
        );
      }
      return t;
    };
    const start = time(c.event_start_utc);
    const end = time(c.event_end_utc);
    const rawDur = cells.text(i, rec, c.duration_min);
    const durationMin =
      rawDur === '' ? undefined : cells.number(i, rec, c.duration_min, 'non-negative', SIM_LIMITS.traceSeconds / 60);
    if (!provider || start === undefined || end === undefined || (rawDur !== '' && durationMin === undefined)) return;
    const serviceId = cells.text(i, rec, c.service_id);
    const serviceName = cells.text(i, rec, c.service_name);
    const location = cells.text(i, rec, c.location);
    out.push({
      provider,
      serviceId,
      serviceName,
      location,
      scope: scopeOf(location),
      regions: regionsOf(provider, location, serviceId),
      computeRelated: isComputeRelated(provider, serviceId, serviceName),
      start,
      end,
      ...(durationMin !== undefined ? { durationMin } : {}),
      line: rec.line,
    });
  });
  const issues: readonly Issue[] = cells.issues;
  return issues.length ? fail(issues) : ok(out);
}
