/**
 * The one column mapping of the trace readers: each field a reader needs, and the header names (aliases) it accepts
 * for it, each with the unit its values are in. Public traces name the same thing differently (`num_gpus`, `gpu_num`,
 * `num_gpu`; `timestamp_s`, `TIMESTAMP`, `Timestamp`; `context_tokens`, `ContextTokens`, `Request tokens`), so a header
 * name is matched after normalising both sides: lower case, and every character but letters and digits dropped
 * (`Request tokens`, `request_tokens` and `REQUEST-TOKENS` are one name; `duration (min)` is `duration_min`).
 *
 * Rules (docs/simulator.md, "Trace formats"):
 *   - a field with no matching column: `trace.missing-column`, naming the field and every name accepted for it;
 *   - a field matched by two or more columns (`timestamp` and `submit_time`): `trace.ambiguous-column`, naming them
 *     (descriptive fields — id, user, status, GPU type — take the column whose name comes first in their list);
 *   - a name twice in the header: `csv.duplicate-column`;
 *   - other columns are ignored (a trace may carry any number of extra columns, up to the field limit).
 * Pure: the header in, column indices out.
 */
import { excerpt } from '../../core/excerpt.js';
import type { Issue } from '../../core/issues.js';
import { at } from '../../core/csv.js';

/** Seconds per unit of a time or duration column. */
export type TimeUnit = 's' | 'ms' | 'min' | 'h';
export const SECONDS_PER: Readonly<Record<TimeUnit, number>> = { s: 1, ms: 0.001, min: 60, h: 3600 };

export interface FieldSpec {
  /** The field's name in messages (and in the skyfleet-normalised files: `submit_time_s`, …). */
  readonly name: string;
  /** Accepted header names, in the spelling shown to users, with the unit of their values ('' for non-time fields). */
  readonly aliases: readonly (readonly [string, TimeUnit | ''])[];
  /** A descriptive field (id, user, status, GPU type): when several columns match, the one whose name comes first in
   * `aliases` is taken (Helios has both `user` and `vc`). Numeric fields have no such rule: two matches are refused. */
  readonly firstWins?: boolean;
}

const plain = (...names: string[]): FieldSpec['aliases'] => names.map((n) => [n, ''] as const);
const timed = (unit: TimeUnit, ...names: string[]): FieldSpec['aliases'] => names.map((n) => [n, unit] as const);

/** Job traces (`--trace`). */
export const JOB_FIELDS = {
  id: {
    name: 'job_id',
    aliases: plain('job_id', 'id', 'job_name', 'job', 'name', 'pod_name', 'task_id'),
    firstWins: true,
  },
  submit: {
    name: 'submit_time_s',
    aliases: [
      ...timed('s', 'submit_time_s', 'submit_time', 'timestamp', 'creation_time', 'arrival_time'),
      ...timed('ms', 'submit_time_ms'),
      ...timed('s', 'submitted_time', 'submit', 'submission_time', 'arrival_time_s', 'arrival', 'create_time'),
      ...timed('s', 'created', 'time', 'timestamp_s'),
      ...timed('ms', 'timestamp_ms', 'arrival_time_ms'),
    ],
  },
  duration: {
    name: 'duration_s',
    aliases: [
      ...timed('s', 'duration_s', 'duration', 'runtime'),
      ...timed('min', 'duration_min'),
      ...timed('ms', 'duration_ms'),
      ...timed('h', 'duration_h'),
      ...timed('s', 'duration_sec', 'runtime_s', 'elapsed', 'elapsed_s', 'job_duration'),
      ...timed('ms', 'runtime_ms'),
      ...timed('min', 'duration_minutes', 'runtime_min'),
      ...timed('h', 'duration_hours', 'runtime_h'),
    ],
  },
  start: {
    name: 'start_time',
    aliases: [
      ...timed('s', 'start_time', 'start_time_s', 'start', 'scheduled_time', 'launch_time', 'begin_time'),
      ...timed('ms', 'start_time_ms'),
    ],
  },
  end: {
    name: 'end_time',
    aliases: [
      ...timed('s', 'end_time', 'end_time_s', 'end', 'finish_time', 'completion_time', 'deletion_time', 'stop_time'),
      ...timed('ms', 'end_time_ms'),
    ],
  },
  gpus: {
    name: 'num_gpus',
    aliases: plain('num_gpus', 'num_gpu', 'gpu_num', 'gpus', 'gpu_count', 'n_gpus', 'gpus_requested'),
  },
  gpuType: { name: 'gpu_type', aliases: plain('gpu_type', 'gpu_model'), firstWins: true },
  user: {
    name: 'user',
    aliases: plain('user', 'user_id', 'username', 'vc', 'virtual_cluster'),
    firstWins: true,
  },
  status: {
    name: 'status',
    aliases: plain('status', 'state', 'job_status', 'pod_phase', 'final_status'),
    firstWins: true,
  },
} as const satisfies Record<string, FieldSpec>;

/** LLM request traces (`--requests`). */
export const REQUEST_FIELDS = {
  time: {
    name: 'timestamp_s',
    aliases: [
      ...timed('s', 'timestamp_s', 'timestamp', 'time', 'arrival_time'),
      ...timed('ms', 'timestamp_ms'),
      ...timed('s', 'arrival_time_s', 'request_time'),
      ...timed('ms', 'time_ms', 'arrival_time_ms'),
    ],
  },
  context: {
    name: 'context_tokens',
    aliases: plain(
      'context_tokens',
      'request_tokens',
      'input_tokens',
      'prompt_tokens',
      'input_length',
      'input_len',
      'prompt_length',
      'prompt_len',
      'num_prompt_tokens',
    ),
  },
  generated: {
    name: 'generated_tokens',
    aliases: plain(
      'generated_tokens',
      'response_tokens',
      'output_tokens',
      'completion_tokens',
      'output_length',
      'output_len',
      'num_generated_tokens',
    ),
  },
} as const satisfies Record<string, FieldSpec>;

/** A header name as matched: lower case, letters and digits only. */
export const normHeader = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Where a field was found: its column index, the header name as written and the unit of its values. */
export interface Column {
  readonly index: number;
  readonly header: string;
  readonly unit: TimeUnit | '';
}

export interface HeaderPlace {
  readonly file: string;
  readonly line: number;
  readonly cols: readonly number[];
}

/** Each field's column (undefined when no column matches), and the issues of the fields matched twice (`ambiguous`:
 * those fields, which are not also missing). */
export function findColumns<K extends string>(
  header: readonly string[],
  fields: Readonly<Record<K, FieldSpec>>,
  place: HeaderPlace,
): { columns: { readonly [P in K]?: Column }; issues: Issue[]; ambiguous: Set<K> } {
  const columns: { [P in K]?: Column } = {};
  const issues: Issue[] = [];
  const ambiguous = new Set<K>();
  // A name twice in the header (as written) is refused, as by the CSV reader (src/core/csv.ts).
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (seen.has(name))
      issues.push(
        at(
          'csv.duplicate-column',
          place.file,
          place.line,
          place.cols[k] ?? 1,
          `column '${excerpt(name)}' appears twice in the header`,
        ),
      );
    seen.add(name);
  });
  for (const key of Object.keys(fields) as K[]) {
    const spec = fields[key];
    const hits: (Column & { rank: number })[] = [];
    header.forEach((h, index) => {
      const n = normHeader(h);
      if (n === '') return;
      const rank = spec.aliases.findIndex(([a]) => normHeader(a) === n);
      const alias = spec.aliases[rank];
      if (alias) hits.push({ index, header: h, unit: alias[1], rank });
    });
    hits.sort((a, b) => (spec.firstWins ? a.rank - b.rank : 0) || a.index - b.index);
    const first = hits[0];
    if (first && (hits.length === 1 || spec.firstWins))
      columns[key] = { index: first.index, header: first.header, unit: first.unit };
    else if (hits.length > 1) {
      ambiguous.add(key);
      const names = hits.map((c) => `'${excerpt(c.header)}'`).join(', ');
      issues.push(
        at(
          'trace.ambiguous-column',
          place.file,
          place.line,
          place.cols[hits[1]?.index ?? 0] ?? 1,
          `columns ${names} all name the ${spec.name} field: keep one (or rename the others)`,
          [spec.name],
        ),
      );
    }
  }
  return { columns, issues, ambiguous };
}

/** The accepted names of a field, as a message lists them: the first `max` (all of them: docs/simulator.md). */
export function acceptedNames(spec: FieldSpec, max = Infinity, sep = ', '): string {
  const names = spec.aliases.map(([a]) => a);
  return names.length > max ? `${names.slice(0, max).join(sep)}${sep}…` : names.join(sep);
}

/**
 * The `trace.missing-column` issue for fields not found: each with its first accepted names (`extra` after a field's
 * names, by field name), what the header has, and where the full list is — in one line of at most 400 characters.
 */
export function missingColumns(
  specs: readonly FieldSpec[],
  header: readonly string[],
  place: HeaderPlace,
  extra: Readonly<Record<string, string>> = {},
): Issue {
  const s = specs.length > 1 ? 's' : '';
  const names = specs.map((f) => `'${f.name}'`).join(', ');
  const accepted = specs.map((f) => `${acceptedNames(f, 4, '|')}${extra[f.name] ?? ''}`).join('; ');
  const has = excerpt(header.join(','), 60);
  const other = header.length === 1 ? /[;\t|]/.exec(header[0] ?? '')?.[0] : undefined;
  const sep =
    other === undefined ? '' : ` (fields must be separated by commas, and this header uses '${excerpt(other)}')`;
  return at(
    'trace.missing-column',
    place.file,
    place.line,
    1,
    `missing column${s} ${names} in the header${sep} (the first line: ${has}); accepted, case, spaces and _ ignored: ${accepted} (all names: docs/simulator.md, "Trace formats")`,
    specs.map((f) => f.name),
  );
}
