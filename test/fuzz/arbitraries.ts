/**
 * What the fuzz suite feeds the command line: scenario files (mutations of examples/startup.yaml, as YAML or JSON,
 * and random text), catalog CSV files (mutations of a slice of data/gpu-catalog.csv), trace CSV files (Philly
 * jobs, Azure LLM requests, the incident archive: src/sim/traces, src/sim/outages) and flag values. Each arbitrary
 * yields the text and a short label of what was done, for the failure message.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './harness.js';

export const STARTUP = 'examples/startup.yaml';
const STARTUP_TEXT = readFileSync(join(REPO_ROOT, STARTUP), 'utf8');
const STARTUP_DATA = parse(STARTUP_TEXT) as unknown;

// ---- values -----------------------------------------------------------------------------------------------------

/** Strings a careless or hostile file holds: control characters, escapes, bidi overrides, units gone wrong, long. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\u0000',
    'a\u0000b',
    '\x1b[31mred\x1b[0m',
    '\u202eevil',
    '\r\n',
    'line\nbreak',
    '"',
    "'",
    '\\',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style variable the loader must take literally
    '${HOME}',
    '../../etc/passwd',
    '1e999',
    '-1e999',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '2026-02-30',
    '2026-13-01',
    '9999-12-31',
    '0000-01-01',
    '-5 GPU-h',
    '1e308 USD',
    '99999999999y',
    '0mo',
    '1e9y',
    '-1mo',
    '5 parsecs',
    '100%',
    '1000%',
    '-3%',
    'H100',
    'h100',
    'aws',
    'us-east-1',
    '😀',
    'é',
    '\ufeff',
  ),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 500, max: 20_000 }))
    .map(([s, n]) => s.repeat(n)),
);

/** Numbers at the edges: zero, negative zero, huge, tiny, beyond 2^53, not finite (YAML writes .inf and .nan). */
export const extremeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    1e-320,
    1e15,
    2 ** 31,
    2 ** 32,
    2 ** 53 + 2,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Infinity,
    -Infinity,
    NaN,
  ),
  fc.integer(),
  fc.double(),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(extremeNumber, oddString, fc.boolean(), fc.constant(null));
/** Any value, to put where something of another type belongs. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), leaf, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom([], {}) },
);

// ---- scenario files ---------------------------------------------------------------------------------------------

/** Where a value sits in a parsed document: keys and indexes from the root. */
export type Path = readonly (string | number)[];

/** Every path in `v`, parents before their children. */
export function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push([...at, i]);
      pathsOf(x, [...at, i], out);
    });
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push([...at, k]);
      pathsOf(x, [...at, k], out);
    }
  return out;
}

type Mutation =
  | { readonly kind: 'tweak'; readonly at: number; readonly number: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'duplicate'; readonly at: number }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: unknown };

/** Numbers as a file writes them, for the number inside a unit string ('300k GPU-h', '1y', '20%', '2026-12-01'). */
const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '0.0000001',
    '1e308',
    '1e-300',
    '1e999',
    '9'.repeat(400),
    '4294967296',
    '9007199254740993',
    'NaN',
    '-0',
    '00',
    '1.5',
    '',
  ),
  fc.integer({ min: -1000, max: 1_000_000 }).map(String),
);

/** Keeps the shape, changes the value: a number becomes an extreme one, the number inside a string another. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('tweak' as const),
      at: fc.nat(),
      number: extremeNumber,
      text: numberText,
    }),
  },
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: anyValue }) },
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(oddString, fc.constantFrom('id', 'count', 'extra', '__proto__', 'constructor')),
    value: anyValue,
  }),
);

function apply(root: unknown, m: Mutation): string {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length]!;
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as
    | Record<string | number, unknown>
    | unknown[];
  const key = path[path.length - 1]!;
  const where = path.join('.');
  switch (m.kind) {
    case 'tweak': {
      // Only leaves: the n-th leaf (a number or a string), so the file keeps its structure.
      const leaves = paths.filter((p) => {
        const v = p.reduce<unknown>((x, k) => (x as Record<string | number, unknown>)[k], root);
        return typeof v === 'number' || typeof v === 'string';
      });
      if (leaves.length === 0) return 'tweak nothing';
      const lp = leaves[m.at % leaves.length]!;
      const lparent = lp
        .slice(0, -1)
        .reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<
        string | number,
        unknown
      >;
      const lk = lp[lp.length - 1]!;
      const old = lparent[lk];
      if (typeof old === 'number') lparent[lk] = m.number;
      else if (/\d/.test(old as string)) lparent[lk] = (old as string).replace(/\d+(?:\.\d+)?/, m.text);
      else lparent[lk] = `${old as string}${m.text}`;
      return `tweak ${lp.join('.')}`;
    }
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `delete ${where}`;
    case 'retype':
      (parent as Record<string | number, unknown>)[key] = m.value;
      return `set ${where}`;
    case 'duplicate': {
      // The innermost list element on the path, twice (two workloads or contracts with one id, a GPU listed twice);
      // duplicate keys in a mapping come from the text edits (dup-line).
      const i = path.map((k) => typeof k === 'number').lastIndexOf(true);
      if (i < 0) return 'duplicate nothing';
      const list = path
        .slice(0, i)
        .reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as unknown[];
      const n = path[i] as number;
      list.splice(n, 0, structuredClone(list[n]));
      return `duplicate ${path.slice(0, i + 1).join('.')}`;
    }
    case 'add': {
      const target = (parent as Record<string | number, unknown>)[key];
      if (target && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      else if (Array.isArray(target)) target.push(m.value);
      else (parent as Record<string | number, unknown>)[key] = m.value;
      return `add ${where}.${JSON.stringify(m.key).slice(0, 20)}`;
    }
  }
}

/** JSON with the numbers JSON.stringify cannot write (±Infinity as ±1e999; NaN stays null) written raw. */
function toJson(v: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    v,
    (_k, x: unknown) => {
      if (typeof x === 'number' && !Number.isNaN(x) && !Number.isFinite(x)) {
        marks.push(x > 0 ? '1e999' : '-1e999');
        return `\u0001${marks.length - 1}\u0001`;
      }
      if (typeof x === 'number' && Object.is(x, -0)) {
        marks.push('-0');
        return `\u0001${marks.length - 1}\u0001`;
      }
      return x;
    },
    1,
  );
  return text.replace(/"\\u0001(\d+)\\u0001"/g, (_, i: string) => marks[Number(i)]!);
}

type TextEdit =
  | { readonly kind: 'dup-line' | 'del-line'; readonly at: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('dup-line' as const, 'del-line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      oddString,
      fc.constantFrom(
        ':',
        '- ',
        '{',
        '}',
        '[',
        ']',
        '&a ',
        '*a',
        '!!binary ',
        '!!js/function ',
        '? ',
        '|',
        '#',
        ',',
        '"',
      ),
    ),
  }),
);

function editText(text: string, e: TextEdit): { text: string; label: string } {
  const lines = text.split('\n');
  const i = e.at % Math.max(1, lines.length);
  switch (e.kind) {
    case 'dup-line':
      lines.splice(i, 0, lines[i]!);
      return { text: lines.join('\n'), label: `duplicate line ${i + 1}` };
    case 'del-line':
      lines.splice(i, 1);
      return { text: lines.join('\n'), label: `delete line ${i + 1}` };
    case 'truncate': {
      const at = e.at % Math.max(1, text.length);
      return { text: text.slice(0, at), label: `truncate at ${at}` };
    }
    case 'insert': {
      const at = e.at % Math.max(1, text.length);
      return { text: text.slice(0, at) + e.text + text.slice(at), label: `insert at ${at}` };
    }
  }
}

export interface FuzzFile {
  readonly text: string;
  readonly ext: string;
  readonly label: string;
}

function scenarioFrom({
  mutations,
  json,
  edits,
}: {
  mutations: Mutation[];
  json: boolean;
  edits: TextEdit[];
}): FuzzFile {
  const data = structuredClone(STARTUP_DATA);
  const labels = mutations.map((m) => apply(data, m));
  let text = json ? toJson(data) : stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });
  for (const e of edits) {
    const r = editText(text, e);
    text = r.text;
    labels.push(r.label);
  }
  return { text, ext: json ? 'json' : 'yaml', label: labels.join('; ') };
}

/** examples/startup.yaml with 1–3 structural mutations, written as YAML or JSON, one in four also edited as text. */
export const mutatedScenario: fc.Arbitrary<FuzzFile> = fc
  .record({
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    json: fc.boolean(),
    edits: fc.oneof(
      { weight: 3, arbitrary: fc.constant<TextEdit[]>([]) },
      fc.array(textEdit, { minLength: 1, maxLength: 2 }),
    ),
  })
  .map(scenarioFrom);

/** examples/startup.yaml with one value changed and its shape kept (a tweak), so most runs get past the loader and
 * into the planner or the simulator. */
export const tweakedScenario: fc.Arbitrary<FuzzFile> = fc
  .record({
    mutations: fc.array(
      mutation.filter((m) => m.kind === 'tweak' || m.kind === 'duplicate'),
      { minLength: 1, maxLength: 2 },
    ),
    json: fc.boolean(),
    edits: fc.constant<TextEdit[]>([]),
  })
  .map(scenarioFrom);

/** Text that is hardly a scenario: random characters or bytes, deep nesting, alias bombs, the example cut short. */
export const randomScenario: fc.Arbitrary<FuzzFile> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, ext: 'yaml', label: 'random text' })),
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, ext: 'json', label: 'random text as .json' })),
  fc
    .uint8Array({ maxLength: 300 })
    .map((b) => ({ text: Buffer.from(b).toString('latin1'), ext: 'yaml', label: 'random bytes' })),
  fc
    .tuple(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom('[', '{', '- ', '{a: '))
    .map(([n, open]) => ({ text: open.repeat(n), ext: 'yaml', label: `${open.trim()} × ${n}` })),
  fc
    .integer({ min: 1, max: 50_000 })
    .map((n) => ({ text: `${'['.repeat(n)}${']'.repeat(n)}`, ext: 'json', label: `[] nested ${n} deep` })),
  fc.integer({ min: 2, max: 12 }).map((n) => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < n; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    return { text: `${lines.join('\n')}\nname: *a${n - 1}\n`, ext: 'yaml', label: `alias bomb, ${n} levels` };
  }),
  fc.nat().map((at) => ({
    text: STARTUP_TEXT.slice(0, at % STARTUP_TEXT.length),
    ext: 'yaml',
    label: `the example cut at ${at % STARTUP_TEXT.length}`,
  })),
);

// ---- CSV files --------------------------------------------------------------------------------------------------

/** One cell's replacement: an odd string, an extreme number as text, or a CSV quoting accident. */
const oddCell: fc.Arbitrary<string> = fc.oneof(
  oddString,
  extremeNumber.map(String),
  fc.constantFrom('"', '"unclosed', '"a""b"', 'a,b', '"a,b"', '', ' 1 ', '1e400', '-0', '0', '-1', '1.5.5', '١٢٣'),
);

type CsvEdit =
  | { readonly kind: 'cell'; readonly row: number; readonly col: number; readonly value: string }
  | { readonly kind: 'drop-col' | 'dup-row' | 'del-row' | 'extra-col'; readonly row: number; readonly col: number }
  | { readonly kind: 'header'; readonly col: number; readonly value: string };

const csvEdit: fc.Arbitrary<CsvEdit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), value: oddCell }),
  },
  fc.record({
    kind: fc.constantFrom('drop-col' as const, 'dup-row' as const, 'del-row' as const, 'extra-col' as const),
    row: fc.nat(),
    col: fc.nat(),
  }),
  fc.record({ kind: fc.constant('header' as const), col: fc.nat(), value: fc.oneof(oddString, fc.constant('')) }),
);

function editCsv(rows: string[][], e: CsvEdit): string {
  const r = 1 + (('row' in e ? e.row : 0) % Math.max(1, rows.length - 1));
  const row = rows[r];
  switch (e.kind) {
    case 'cell':
      if (row) row[e.col % row.length] = e.value;
      return `row ${r + 1} col ${(e.col % (row?.length ?? 1)) + 1}`;
    case 'drop-col':
      if (row) row.splice(e.col % row.length, 1);
      return `row ${r + 1} loses a column`;
    case 'extra-col':
      if (row) row.push('extra');
      return `row ${r + 1} gains a column`;
    case 'dup-row':
      if (row) rows.splice(r, 0, [...row]);
      return `row ${r + 1} twice`;
    case 'del-row':
      rows.splice(r, 1);
      return `row ${r + 1} deleted`;
    case 'header':
      rows[0]![e.col % rows[0]!.length] = e.value;
      return `header col ${(e.col % rows[0]!.length) + 1}`;
  }
}

/** Rows of a simple CSV (no quoted commas in the slices used here). */
const rowsOf = (text: string): string[][] =>
  text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((l) => l.split(','));

/** A CSV built from `base` rows with 1–4 edits, sometimes with CRLF line ends or a byte-order mark. */
function mutatedCsv(base: string, name: string): fc.Arbitrary<FuzzFile> {
  return fc
    .record({ edits: fc.array(csvEdit, { minLength: 1, maxLength: 4 }), crlf: fc.boolean(), bom: fc.boolean() })
    .map(({ edits, crlf, bom }) => {
      const rows = rowsOf(base);
      const labels = edits.map((e) => editCsv(rows, e));
      const text = `${(bom ? '\ufeff' : '') + rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n')}\n`;
      return { text, ext: 'csv', label: `${name}: ${labels.join('; ')}${crlf ? '; CRLF' : ''}${bom ? '; BOM' : ''}` };
    });
}

const firstLines = (file: string, n: number): string =>
  `${readFileSync(join(REPO_ROOT, file), 'utf8').split('\n').slice(0, n).join('\n')}\n`;
/** The catalog rows startup.yaml's providers use for H100, L4 and L40S, and a few others: a catalog it can plan with. */
function catalogSlice(): string {
  const lines = readFileSync(join(REPO_ROOT, 'data/gpu-catalog.csv'), 'utf8').split('\n');
  const keep = lines
    .slice(1)
    .filter((l) => /^(aws|gcp|nebius|lambda),/.test(l) && /,(H100|H200|L4|L40S|A100-80GB),/.test(l))
    .slice(0, 30);
  return `${[lines[0], ...keep].join('\n')}\n`;
}

export const catalogCsv: fc.Arbitrary<FuzzFile> = fc.oneof(
  { weight: 5, arbitrary: mutatedCsv(catalogSlice(), 'catalog') },
  fc.constantFrom<FuzzFile>(
    { text: '', ext: 'csv', label: 'empty catalog' },
    { text: `${firstLines('data/gpu-catalog.csv', 1)}`, ext: 'csv', label: 'header only' },
  ),
  fc
    .string({ unit: 'binary', maxLength: 200 })
    .map((t) => ({ text: t, ext: 'csv', label: 'random text as a catalog' })),
);

/** Small traces in the formats of data/traces (Philly jobs, Azure LLM requests) and the incident archive. */
export const traceCsv: fc.Arbitrary<FuzzFile & { readonly flag: '--trace' | '--requests' | '--incidents' }> = fc.oneof(
  mutatedCsv(firstLines('data/traces/philly_jobs.csv', 25), 'philly').map((f) => ({ ...f, flag: '--trace' as const })),
  mutatedCsv(firstLines('data/traces/azure_llm_2023_conv_requests.csv', 25), 'azure').map((f) => ({
    ...f,
    flag: '--requests' as const,
  })),
  mutatedCsv(incidentsSlice(), 'incidents').map((f) => ({ ...f, flag: '--incidents' as const })),
  fc
    .tuple(
      fc.constantFrom('--trace' as const, '--requests' as const, '--incidents' as const),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    .map(([flag, text]) => ({ text, ext: 'csv', label: `random text as ${flag}`, flag })),
);

/** The incident archive's header and rows without quoted commas (its descriptions have them), so edits stay simple. */
function incidentsSlice(): string {
  const lines = readFileSync(join(REPO_ROOT, 'data/cloud-incidents-2018-2020.csv'), 'utf8').split('\n');
  return `${[
    lines[0],
    ...lines
      .slice(1)
      .filter((l) => l && !l.includes('"'))
      .slice(0, 20),
  ].join('\n')}\n`;
}

// ---- flags ------------------------------------------------------------------------------------------------------

/** A flag's value: one of the valid ones, or anything else. */
export const flagValue = (...valid: string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...valid) }, oddCell);

/** A number flag's value: a valid one, an extreme one (huge, tiny, negative, not finite), or anything else. */
export const numberFlag = (...valid: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...valid) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '-0',
        '1e-300',
        '0.000001',
        '1e6',
        '1e9',
        '1e15',
        '1e308',
        '1e400',
        'NaN',
        'Infinity',
        '-Infinity',
        '9007199254740993',
        '0x10',
        '1_0',
        ' 2 ',
        '',
      ),
    },
    oddCell,
  );

/** A duration flag's value (`--horizon`): valid ones, very long or very short ones, broken ones. */
export const durationFlag = (...valid: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...valid) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '1000y',
        '1e6y',
        '100000mo',
        '1e308y',
        '1ms',
        '1s',
        '1h',
        '0.001d',
        '-1y',
        '0y',
        'y',
        '1',
        '1 y',
        '1y1mo',
        'NaNy',
        'Infinityy',
      ),
    },
    oddCell,
  );

/** `[flag, value]` pairs (or a bare flag), from `spec`, in any order, at most `max` of them. */
export function flags(spec: Record<string, fc.Arbitrary<string> | null>, max = 4): fc.Arbitrary<string[]> {
  const one = fc
    .constantFrom(...Object.keys(spec))
    .chain((f) => (spec[f] ? spec[f]!.map((v) => [f, v]) : fc.constant([f])));
  return fc.array(one, { maxLength: max }).map((pairs) => pairs.flat());
}

/** Arguments cannot hold NUL (spawn refuses them): write it as the two characters \0. */
export const argSafe = (args: readonly string[]): string[] => args.map((a) => a.replace(/\u0000/g, '\\0'));
