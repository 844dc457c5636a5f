/**
 * Generated trace files in the formats docs/simulator.md ("Trace formats") accepts — the bundled Philly and Azure
 * columns, Helios `cluster_log.csv`, Alibaba v2023 `openb_pod_list`, the raw Pollux `philly.csv`, Azure LLM 2023/2024,
 * BurstGPT, a millisecond request log — well formed, then (most of the time) mutated: rows shuffled, duplicated or
 * cut, a cell set to an extreme or odd value, a column dropped or renamed, quoting, CRLF, a byte-order mark, the text
 * cut anywhere, binary bytes or a gzip header in front. Small files: a few rows each.
 */
import fc from 'fast-check';

export type TraceFlag = '--trace' | '--requests';

export interface TraceFile {
  readonly flag: TraceFlag;
  readonly text: string;
  readonly label: string;
}

interface Format {
  readonly name: string;
  readonly flag: TraceFlag;
  readonly header: readonly string[];
  /** Row k of n, from a random source. */
  row(k: number, r: Rand): string[];
}

/** Deterministic draws for one file (fast-check gives the seed). */
class Rand {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s ^ (this.s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return this.s / 2 ** 32;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

const iso = (s: number, sep = ' ', frac = false): string => {
  const d = new Date(Date.UTC(2020, 5, 9) + s * 1000).toISOString();
  const body = d.slice(0, frac ? 23 : 19).replace('T', sep);
  return frac ? `${body}0000` : body;
};

const FORMATS: readonly Format[] = [
  {
    name: 'philly (bundled)',
    flag: '--trace',
    header: ['job_id', 'submit_time_s', 'duration_s', 'num_gpus', 'gpu_type', 'user', 'status'],
    row: (k, r) => [
      `philly-${k}`,
      String(k * r.int(0, 500)),
      String(r.int(0, 90_000)),
      r.pick(['1', '2', '4', '8']),
      '',
      `vc-${r.int(0, 3)}`,
      '',
    ],
  },
  {
    name: 'helios cluster_log',
    flag: '--trace',
    header: [
      'job_id',
      'user',
      'vc',
      'gpu_num',
      'cpu_num',
      'node_num',
      'state',
      'submit_time',
      'start_time',
      'end_time',
      'duration',
      'queue',
    ],
    row: (k, r) => {
      const t = k * r.int(1, 300);
      const q = r.int(0, 60);
      const d = r.int(1, 40_000);
      return [
        String(1425511 + k),
        `u${k % 5}`,
        `vc${k % 3}`,
        r.pick(['0', '1', '4', '8', '16']),
        '4',
        '1',
        r.pick(['COMPLETED', 'FAILED']),
        iso(t),
        iso(t + q),
        iso(t + q + d),
        String(d),
        String(q),
      ];
    },
  },
  {
    name: 'alibaba v2023 openb_pod_list',
    flag: '--trace',
    header: [
      'name',
      'cpu_milli',
      'memory_mib',
      'num_gpu',
      'gpu_milli',
      'gpu_spec',
      'qos',
      'pod_phase',
      'creation_time',
      'deletion_time',
      'scheduled_time',
    ],
    row: (k, r) => {
      const t = 9_000_000 + k * r.int(1, 1000);
      const pending = r.next() < 0.15;
      return [
        `openb-pod-${k}`,
        '8000',
        '30517',
        r.pick(['0', '1', '1', '8']),
        '1000',
        '',
        'LS',
        pending ? 'Pending' : 'Running',
        String(t),
        String(t + r.int(1, 90_000)),
        pending ? '' : String(t + r.int(0, 5)),
      ];
    },
  },
  {
    name: 'pollux philly.csv (Unix seconds, no id)',
    flag: '--trace',
    header: ['timestamp', 'duration', 'num_gpus', 'gpu_time', 'cluster'],
    row: (k, r) => [
      String(1_504_521_041 + k * r.int(0, 900)),
      String(r.int(1, 50_000)),
      r.pick(['1', '2', '8']),
      '0',
      String(r.int(0, 14)),
    ],
  },
  {
    name: 'minutes and end time',
    flag: '--trace',
    header: ['id', 'arrival_time', 'end_time', 'gpus', 'gpu_type'],
    row: (k, r) => {
      const t = k * r.int(0, 120);
      return [
        `j${k}`,
        String(t),
        String(t + r.int(0, 7200)),
        String(r.int(1, 64)),
        r.pick(['', 'H100', 'h100', 'A100_80GB']),
      ];
    },
  },
  {
    name: 'azure (bundled)',
    flag: '--requests',
    header: ['timestamp_s', 'context_tokens', 'generated_tokens'],
    row: (k, r) => [(k * r.next()).toFixed(3), String(r.int(0, 14_000)), String(r.int(0, 1000))],
  },
  {
    name: 'azure 2023/2024 raw',
    flag: '--requests',
    header: ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'],
    row: (k, r) => [iso(k * r.int(0, 3), ' ', true), String(r.int(1, 9000)), String(r.int(1, 900))],
  },
  {
    name: 'burstgpt',
    flag: '--requests',
    header: ['Timestamp', 'Model', 'Request tokens', 'Response tokens', 'Total tokens', 'Log Type'],
    row: (k, r) => {
      const a = r.int(0, 3000);
      const b = r.int(0, 800);
      return [
        String(k * r.int(0, 20)),
        r.pick(['ChatGPT', 'GPT-4']),
        String(a),
        String(b),
        String(a + b),
        '"Conversation log"',
      ];
    },
  },
  {
    name: 'milliseconds request log',
    flag: '--requests',
    header: ['timestamp_ms', 'input_length', 'output_length'],
    row: (k, r) => [String(k * r.int(0, 4000)), String(r.int(1, 60_000)), String(r.int(1, 2000))],
  },
];

/** Odd and extreme cell values. */
const ODD = [
  '',
  ' ',
  '-1',
  '-0',
  '0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '1e-320',
  '4294967304',
  '99999999999999999999',
  '1e9',
  '999999999',
  '1000000000',
  '1e11',
  '1700000000000',
  '2020-13-01',
  '2020-02-30 00:00:00',
  '2020-06-09T18:41:01Z',
  '2024-05-10 00:00:00.0092350+00:00',
  '0x10',
  '8.0',
  '1,5',
  '"quoted, comma"',
  '"unterminated',
  'a"b',
  '\u0000',
  '\u202e',
  '\uffff',
  'x'.repeat(300),
  '65536',
  '65537',
  '10000000',
  '10000001',
];

type Edit =
  | { kind: 'cell'; row: number; col: number; value: string }
  | { kind: 'shuffle' }
  | { kind: 'duplicate'; row: number }
  | { kind: 'drop-column'; col: number }
  | { kind: 'rename-column'; col: number; name: string }
  | { kind: 'drop-rows'; keep: number }
  | { kind: 'extra-field'; row: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('cell' as const),
      row: fc.nat(40),
      col: fc.nat(12),
      value: fc.constantFrom(...ODD),
    }),
  },
  fc.constant({ kind: 'shuffle' as const }),
  fc.record({ kind: fc.constant('duplicate' as const), row: fc.nat(40) }),
  fc.record({ kind: fc.constant('drop-column' as const), col: fc.nat(12) }),
  fc.record({
    kind: fc.constant('rename-column' as const),
    col: fc.nat(12),
    name: fc.constantFrom(
      'time',
      'timestamp',
      'duration_min',
      'duration_ms',
      'gpus',
      'start_time',
      'x',
      '',
      'submit_time',
    ),
  }),
  fc.record({ kind: fc.constant('drop-rows' as const), keep: fc.nat(3) }),
  fc.record({ kind: fc.constant('extra-field' as const), row: fc.nat(40) }),
);

function apply(header: string[], rows: string[][], e: Edit, r: Rand): string {
  const at = <T>(xs: T[], k: number): number => (xs.length ? k % xs.length : -1);
  switch (e.kind) {
    case 'cell': {
      const i = at(rows, e.row);
      if (i < 0) return 'cell (no rows)';
      const j = at(rows[i]!, e.col);
      rows[i]![j] = e.value;
      return `row ${i} ${header[j]} = ${JSON.stringify(e.value.slice(0, 20))}`;
    }
    case 'shuffle':
      for (let i = rows.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      }
      return 'rows shuffled';
    case 'duplicate': {
      const i = at(rows, e.row);
      if (i >= 0) rows.splice(i, 0, [...rows[i]!]);
      return `row ${i} duplicated`;
    }
    case 'drop-column': {
      const j = at(header, e.col);
      const name = header[j];
      header.splice(j, 1);
      for (const row of rows) row.splice(j, 1);
      return `column ${name} dropped`;
    }
    case 'rename-column': {
      const j = at(header, e.col);
      const was = header[j];
      header[j] = e.name;
      return `column ${was} renamed ${e.name}`;
    }
    case 'drop-rows':
      rows.splice(e.keep);
      return `only ${rows.length} rows`;
    case 'extra-field': {
      const i = at(rows, e.row);
      if (i >= 0) rows[i]!.push('extra');
      return `row ${i} has an extra field`;
    }
  }
}

/** A well-formed file of one format (0–30 rows). */
function wellFormed(f: Format, n: number, seed: number): { header: string[]; rows: string[][]; r: Rand } {
  const r = new Rand(seed);
  const rows: string[][] = [];
  for (let k = 0; k < n; k++) rows.push(f.row(k, r));
  return { header: [...f.header], rows, r };
}

const WRAPS = ['cut', 'gzip', 'binary', 'json', 'other-flag'] as const;

/** A file of one format: well formed (`mutated` false: 1–30 rows, CRLF or a BOM at most), or well formed and then
 * mutated (most of the time). */
export function traceFiles(mutated: boolean): fc.Arbitrary<TraceFile> {
  const none = fc.constant<Edit[]>([]);
  return fc
    .record({
      format: fc.constantFrom(...FORMATS),
      n: mutated ? fc.oneof(fc.constant(1), fc.nat(30)) : fc.integer({ min: 1, max: 30 }),
      seed: fc.nat(),
      edits: mutated
        ? fc.oneof(
            { weight: 1, arbitrary: none },
            { weight: 4, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }) },
          )
        : none,
      crlf: fc.boolean(),
      bom: fc.boolean(),
      wrap: mutated
        ? fc.oneof({ weight: 8, arbitrary: fc.constant('none') }, fc.constantFrom(...WRAPS))
        : fc.constant('none'),
      cutAt: fc.nat(),
    })
    .map(({ format, n, seed, edits, crlf, bom, wrap, cutAt }) => {
      const { header, rows, r } = wellFormed(format, n, seed);
      const labels = edits.map((e) => apply(header, rows, e, r));
      let text = `${bom ? '\ufeff' : ''}${[header, ...rows].map((row) => row.join(',')).join(crlf ? '\r\n' : '\n')}\n`;
      let flag = format.flag;
      if (wrap === 'cut') text = text.slice(0, cutAt % (text.length + 1));
      if (wrap === 'gzip') text = `\u001f\ufffd\b\u0000${text}`;
      if (wrap === 'binary') text = `${text.slice(0, 10)}\u0000\u0001\ufffd${text.slice(10)}`;
      if (wrap === 'json') text = `{"timestamp": 0, "input_length": 10, "output_length": 2}\n`;
      if (wrap === 'other-flag') flag = flag === '--trace' ? '--requests' : '--trace';
      const label = [
        format.name,
        `${n} rows`,
        ...labels,
        crlf ? 'CRLF' : '',
        bom ? 'BOM' : '',
        wrap === 'none' ? '' : wrap,
      ]
        .filter(Boolean)
        .join('; ');
      return { flag, text, label };
    });
}

/** Mostly mutated files (one in five left well formed). */
export const traceFile: fc.Arbitrary<TraceFile> = traceFiles(true);
