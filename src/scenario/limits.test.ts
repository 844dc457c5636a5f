/**
 * The documented limits (docs/limits.md), each at the limit (accepted) and past it (rejected with its code), and the
 * regressions testers found in the scenario reader: exponential and quadratic time, values read wrong, values that
 * vanished, names that forged terminal output, misleading messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIssue, type Issue } from '../core/issues.js';
import { loadScenarioText } from './load.js';
import { bundledRef } from './test-support/ref.js';
import { MAX_ALIASES, MAX_NESTING } from './limits.js';
import { isBlankOrComments, jsonHasSuspectKeys, tooDeep } from './structure.js';
import { parseInstant } from './units.js';

const BASE = `name: limits
horizon: { start: 2026-12-01, length: 1y, bucket: 1mo }
providers:
  aws: { quota: 512, regions: [us-east-1] }
workloads:
  - { id: train, kind: training, gpus: [H100], count: 8, work: 2k GPU-h }
`;

function issues(text: string, file = 'case.yaml'): readonly Issue[] {
  const r = loadScenarioText(text, file, bundledRef());
  return r.ok ? [] : r.issues;
}
const codes = (text: string, file?: string) => issues(text, file).map((i) => i.code);
function accepted(text: string, file?: string): void {
  assert.deepEqual(issues(text, file).map(formatIssue), []);
}
function rejected(text: string, code: string, message?: RegExp, file?: string): Issue {
  const all = issues(text, file);
  const found = all.find((i) => i.code === code);
  assert.ok(found, `no ${code} among ${JSON.stringify(all.map(formatIssue))}`);
  if (message) assert.match(found.message, message);
  assert.ok(found.line !== undefined && found.col !== undefined, 'placed on a line and column');
  return found;
}
/** Wall time of `f` in ms: only for "does not hang" bounds, far above the normal time. */
function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

test('base scenario is valid', () => accepted(BASE));

test('comment lines before a syntax error: linear, not exponential (26 lines took 46 s)', () => {
  for (const n of [26, 40, 2000]) {
    const text = `${Array.from({ length: n }, (_, i) => `# comment ${i}`).join('\n')}\na: [b\n`;
    const { value, ms } = timed(() => codes(text));
    assert.ok(value.includes('yaml.syntax'), value.join());
    assert.ok(ms < 5000, `${n} comment lines took ${ms} ms`);
  }
  assert.ok(isBlankOrComments('  # a\n\n# b\r\n   '));
  assert.ok(!isBlankOrComments('# a\nname: x'));
  assert.deepEqual(codes(`${'# x\n'.repeat(30)}`), ['file.empty']);
});

test('many unknown keys: the first 100 issues and one "…and N more", in linear time', () => {
  const n = 20_000;
  const text = BASE + Array.from({ length: n }, (_, i) => `unknown_${i}: ${i}`).join('\n');
  const { value, ms } = timed(() => issues(text));
  assert.ok(ms < 10_000, `${n} unknown keys took ${ms} ms`);
  assert.equal(value.length, 101);
  assert.ok(value.slice(0, 100).every((i) => i.code === 'schema.unknown-key'));
  const last = value[100]!;
  assert.equal(last.code, 'issues.too-many');
  assert.match(last.message, /and 19900 more problems \(only the first 100 are listed\)/);
  assert.equal(last.line, 107); // where the first one left out is
  // Many unknown providers (each a did-you-mean against the catalog) and many keys in one JSON object.
  const providers = JSON.stringify({
    name: 'a',
    horizon: { start: '2026-12-01', length: '1y' },
    workloads: [],
    providers: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { quota: 1 }])),
  });
  const p = timed(() => issues(providers, 'p.json'));
  assert.ok(p.ms < 10_000, `${n} unknown providers took ${p.ms} ms`);
  assert.equal(p.value.length, 101);
});

test('years: 1970 to 9999 (0000–0099 were read as 19xx)', () => {
  accepted(BASE.replace('2026-12-01', '1970-01-01'));
  accepted(BASE.replace('2026-12-01', '9999-01-01'));
  rejected(BASE.replace('2026-12-01', '0099-12-01'), 'date.out-of-range', /between 1970 and 9999/);
  rejected(BASE.replace('2026-12-01', '1969-12-31'), 'date.out-of-range');
  const r = parseInstant('2026-02-29');
  assert.ok(!r.ok && r.issues[0]!.code === 'date.invalid');
  const leap = parseInstant('2028-02-29T06:30:00Z');
  assert.ok(leap.ok && new Date(leap.value).toISOString() === '2028-02-29T06:30:00.000Z');
});

test('duplicate keys and __proto__ keys, in JSON and in YAML, are rejected where they are', () => {
  const json = (s: string) =>
    `{"name": "a", "horizon": {"start": "2026-12-01", "length": "1y"${s}}, "providers": {"aws": {"quota": 8}}, "workloads": []}`;
  accepted(json(''), 'a.json');
  const dup = rejected(json(', "length": "2y"'), 'yaml.duplicate-key', /'length' appears twice/, 'a.json');
  assert.equal(dup.col, json(', "length": "2y"').indexOf('"length": "2y"') + 1);
  rejected('{"name": "a", "name": "b"}', 'yaml.duplicate-key', /'name'/, 'a.json');
  rejected(json(', "__proto__": {"x": 1}'), 'key.forbidden', /__proto__/, 'a.json');
  rejected(`${BASE}policies:\n  teamBudgets: { __proto__: 1k USD }\n`, 'key.forbidden');
  const y = rejected(BASE.replace('providers:\n', 'providers:\n  aws: { quota: 1 }\n'), 'yaml.duplicate-key', /'aws'/);
  assert.equal(y.line, 5);
  assert.ok(jsonHasSuspectKeys('{"a": {"b": 1, "b": 2}}'));
  assert.ok(!jsonHasSuspectKeys('{"a": [{"b": 1}, {"b": 2}], "c": "\\"b\\"", "d": {"a": 1}}'));
  assert.ok(jsonHasSuspectKeys('{"\\u005f_proto__": 1}'));
});

test('durations: 1 minute to 100 years; a 300000y term is rejected with the limit (it used to vanish)', () => {
  accepted(BASE.replace('length: 1y, bucket: 1mo', 'length: 100y, bucket: 1y'));
  rejected(BASE.replace('length: 1y, bucket: 1mo', 'length: 101y, bucket: 1y'), 'value.too-big', /at most 100 years/);
  const term = `${BASE}contracts:\n  - { id: c, provider: aws, term: 300000y, discount: 10% }\n`;
  const i = rejected(term, 'value.too-big', /'300000y'.*at most 100 years/);
  assert.deepEqual(i.path, ['contracts', 0, 'term']);
  assert.ok(!codes(term).includes('contract.ends-before-start'));
  accepted(BASE.replace('work: 2k GPU-h', 'work: 2k GPU-h, checkpointEvery: 1min'));
  rejected(
    BASE.replace('work: 2k GPU-h', 'work: 2k GPU-h, checkpointEvery: 0.5min'),
    'value.too-small',
    /at least 1 minute/,
  );
  // Buckets: at most 100,000 in the horizon (100 years = 876,000 h).
  accepted(BASE.replace('length: 1y, bucket: 1mo', 'length: 100000h, bucket: 1h'));
  rejected(
    BASE.replace('length: 1y, bucket: 1mo', 'length: 100001h, bucket: 1h'),
    'horizon.too-many-buckets',
    /100,000/,
  );
});

test('magnitudes: money, GPU-hours, rates, tokens/s, replicas, GPUs, ratios, preemptions, price change', () => {
  const budget = (v: string) => `${BASE}policies:\n  teamBudgets: { default: ${v} }\n`;
  accepted(budget('1000T USD'));
  rejected(budget('1001T USD'), 'value.too-big', /at most 1e15 USD/);
  rejected(budget('1e308 USD'), 'value.too-big'); // printed "$InfinityB" before
  rejected(budget('1e400 USD'), 'unit.invalid', /not a finite number/);
  accepted(BASE.replace('work: 2k GPU-h', 'work: 1000T GPU-h'));
  rejected(BASE.replace('work: 2k GPU-h', 'work: 1001T GPU-h'), 'value.too-big', /1e15/);
  const rate = (v: string) =>
    `${BASE}contracts:\n  - { id: c, provider: aws, term: 1y, reserved: [ { id: b, gpu: H100, region: us-east-1, count: 8, rate: ${v} } ] }\n`;
  accepted(rate('1000000 USD/GPU-h'));
  rejected(rate('1000001 USD/GPU-h'), 'value.too-big', /1e6 USD\/GPU-h/);
  accepted(BASE.replace('quota: 512', 'quota: 100000000'));
  const q = rejected(BASE.replace('quota: 512', 'quota: 100000001'), 'value.too-big', /100,000,000/);
  assert.deepEqual(q.path, ['providers', 'aws', 'quota']);
  rejected(BASE.replace('quota: 512', 'quota: 1e300'), 'value.too-big', /100,000,000/);
  const svc = (demand: string, perReplica = '') =>
    `${BASE}  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, ${perReplica}demand: { us: ${demand} } }\n`;
  accepted(svc('100000000'));
  rejected(svc('100000001'), 'value.too-big', /1e8 replicas/);
  accepted(svc('100M replicas'));
  rejected(svc('101M replicas'), 'value.too-big');
  accepted(svc('1000T tokens/s', 'tokensPerSecondPerReplica: 10000000 tokens/s, '));
  rejected(svc('1001T tokens/s', 'tokensPerSecondPerReplica: 10000000 tokens/s, '), 'value.too-big', /1e15 tokens\/s/);
  rejected(svc('1T tokens/s', 'tokensPerSecondPerReplica: 1 tokens/s, '), 'value.too-big', /replicas/);
  accepted(`${BASE}throughput: { H100: 1000 }\n`);
  rejected(`${BASE}throughput: { H100: 1001 }\n`, 'value.too-big', /1,000/);
  rejected(`${BASE}throughput: { H100: .nan }\n`, 'schema.type');
  accepted(BASE.replace('quota: 512,', 'quota: 512, spot: { preemptionsPerHour: 1000 },'));
  rejected(BASE.replace('quota: 512,', 'quota: 512, spot: { preemptionsPerHour: 1001 },'), 'value.too-big');
  rejected(BASE.replace('quota: 512,', 'quota: 512, spot: { preemptionsPerHour: .inf },'), 'schema.type');
  accepted(BASE.replace('quota: 512,', "quota: 512, priceChange: '+100%/y',"));
  rejected(BASE.replace('quota: 512,', "quota: 512, priceChange: '+101%/y',"), 'value.out-of-range', /\+100% a year/);
});

test('names: no control or invisible characters, at most 128 characters; every message is one escaped line', () => {
  accepted(BASE.replace('work: 2k GPU-h', "work: 2k GPU-h, team: 'équipe ML (Zürich)'"));
  accepted(BASE.replace('work: 2k GPU-h', `work: 2k GPU-h, class: ${'c'.repeat(128)}`));
  rejected(BASE.replace('work: 2k GPU-h', `work: 2k GPU-h, class: ${'c'.repeat(129)}`), 'name.invalid');
  const ansi = rejected(BASE.replace('work: 2k GPU-h', 'work: 2k GPU-h, team: "\\e[31mred"'), 'name.invalid');
  assert.ok(!ansi.message.includes('\u001b'));
  assert.match(formatIssue(ansi), /'\\x1b\[31mred' is not a valid name/);
  rejected(BASE.replace('id: train', 'id: "train\\nskyfleet: all good"'), 'schema.format');
  rejected(BASE.replace('gpus: [H100]', 'gpus: ["H100\\nskyfleet: forged"]'), 'name.invalid');
  rejected(BASE.replace('  aws: {', '  "aws\\u202e": {'), 'name.invalid');
  rejected(`${BASE}description: "a\\x07b"\n`, 'text.control-character');
  accepted(`${BASE}description: "two\\nlines\\tand a tab"\n`);
  // An unknown key with an escape sequence: message and path escaped, one line, short.
  const all = issues(`${BASE}"\\e]0;${'x'.repeat(500)}\\a": 1\n`);
  for (const line of all.map(formatIssue)) {
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f]/);
    assert.ok(line.length < 500, line);
  }
});

test(`nesting: ${MAX_NESTING} levels accepted, one more rejected before the YAML reader recurses`, () => {
  // Flow, block and `- ` nesting, at the limit and past it.
  const flow = (d: number) => `x: ${'['.repeat(d - 1)}${']'.repeat(d - 1)}\n`;
  assert.equal(tooDeep(flow(MAX_NESTING)), undefined);
  assert.equal(tooDeep(flow(MAX_NESTING + 1))?.depth, MAX_NESTING + 1);
  const block = (d: number) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
  assert.equal(tooDeep(block(MAX_NESTING)), undefined);
  assert.ok(tooDeep(block(MAX_NESTING + 1)));
  assert.equal(tooDeep(`x:\n${'- '.repeat(MAX_NESTING - 1)}y\n`), undefined);
  assert.ok(tooDeep(`x:\n${'- '.repeat(MAX_NESTING)}y\n`));
  // Brackets in quotes, comments and block scalars do not count.
  assert.equal(
    tooDeep(`a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\nc: |\n  ${'['.repeat(500)}\n`),
    undefined,
  );
  const deep = rejected(
    `name: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    'yaml.too-deep',
    /nested deeper than 64 levels/,
  );
  assert.deepEqual([deep.line, deep.col], [1, 70]);
  rejected(`{"name": ${'{"a": '.repeat(3000)}1${'}'.repeat(3000)}}`, 'yaml.too-deep', undefined, 'a.json');
  const blockText = `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n`;
  assert.ok(!codes(blockText).includes('yaml.syntax'), 'no "Maximum call stack size exceeded" any more');
});

test(`aliases: ${MAX_ALIASES.toLocaleString('en-US')} anchors and aliases at most, a neutral message; bombs and cycles rejected`, () => {
  const withAliases = (n: number) =>
    `${BASE}description: &d x\nextra: [${Array.from({ length: n }, () => '*d').join(', ')}]\n`;
  // At the limit (1 anchor + 9,999 aliases) the aliases are fine; the file fails only for its unknown key.
  assert.deepEqual(codes(withAliases(MAX_ALIASES - 1)), ['schema.unknown-key']);
  const over = rejected(withAliases(MAX_ALIASES), 'yaml.too-many-aliases', /more than 10,000 anchors and aliases/);
  assert.doesNotMatch(over.message, /attack/);
  let laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const k of 'bcdefghi') {
    laughs += `${k}: &${k} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]\n`;
    prev = k;
  }
  const bomb = timed(() => rejected(laughs, 'yaml.alias-expansion', /1,000,000 values/));
  assert.ok(bomb.ms < 5000);
  rejected('name: &n [*n]\n', 'yaml.alias-cycle');
  // Ordinary use: an anchored GPU list shared by 200 workloads.
  accepted(
    BASE.replace('gpus: [H100]', 'gpus: &g [H100]') +
      Array.from({ length: 200 }, (_, i) => `  - { id: t${i}, kind: batch, gpus: *g, count: 1, work: 1 GPU-h }\n`).join(
        '',
      ),
  );
});

test('quantities: long text is not run through a pattern; no polynomial backtracking on spaces', () => {
  const spaces = `1${' '.repeat(50_000)}\n x`;
  const { value, ms } = timed(() => issues(BASE.replace('work: 2k GPU-h', `work: ${JSON.stringify(spaces)}`)));
  assert.ok(ms < 5000, `${ms} ms`);
  assert.ok(value.some((i) => i.code === 'unit.invalid' && /too long/.test(i.message)));
});

test('the JSON Schema patterns (what editors run) take linear time on long whitespace', async () => {
  const { scenarioJsonSchema } = await import('./schema.js');
  const patterns = new Set<string>();
  JSON.stringify(scenarioJsonSchema(), (k, v: unknown) => {
    if (k === 'pattern' && typeof v === 'string') patterns.add(v);
    return v;
  });
  assert.ok(patterns.size >= 8);
  for (const p of patterns) {
    const re = new RegExp(p, 'u');
    const t = performance.now();
    for (const s of [`1${' '.repeat(50_000)}x`, `${' '.repeat(50_000)}x`, `1${' '.repeat(50_000)}%x`]) re.test(s);
    const ms = performance.now() - t;
    assert.ok(ms < 2000, `${p} took ${ms} ms`);
  }
});

test('JSON issues are placed by a JSON scan exactly where the YAML locator would place them', async () => {
  const { LineCounter, parseDocument } = await import('yaml');
  const { locate } = await import('./locate.js');
  const scenario = {
    name: 'j',
    horizon: { start: '2026-12-01', length: '1y', bucket: '99y' },
    nope: { deep: [1, 2] },
    providers: { aws: { quota: -1, regions: ['us-esat-1', 'us-east-1'] }, gcpp: {} },
    contracts: [
      {
        id: 'c',
        provider: 'aws',
        term: '1y',
        commitment: {
          periods: [
            { length: '6mo', minimum: '1 EUR' },
            { length: '6mo', minimum: '5 USD' },
          ],
        },
      },
    ],
    workloads: [
      { id: 'a', kind: 'training', gpus: ['H10O'], count: 8, work: '1k GPU-h', extra: { x: 'y' } },
      {
        id: 'b',
        kind: 'inference',
        gpus: ['H100'],
        gpusPerReplica: 8,
        demand: { us: '12 replicas', mars: 3 },
        minProviders: 9,
      },
      { id: 'c', kind: 'batch', gpus: ['H100'], count: 1 },
    ],
  };
  for (const text of [
    JSON.stringify(scenario),
    JSON.stringify(scenario, null, 2),
    JSON.stringify(scenario, null, '\t'),
  ]) {
    const found = issues(text, 'a.json');
    assert.ok(found.length >= 10, `${found.length} issues`);
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    const loc = { doc, lines, aliasTargets: new Map(), keys: new WeakMap() };
    for (const i of found) {
      const want = locate(loc, i.path);
      assert.deepEqual([i.line, i.col], [want.line, want.col], `${i.code} at ${i.path.join('.')}`);
    }
  }
  // A duplicate in a big JSON file is reported without a YAML parse (which takes ~30 s for 16 MiB).
  const big = JSON.stringify({
    ...scenario,
    workloads: Array.from({ length: 50_000 }, (_, k) => ({
      id: `w${k}`,
      kind: 'batch',
      gpus: ['H100'],
      count: 1,
      work: '1 GPU-h',
    })),
  });
  const dup = `${big.slice(0, -1)}, "name": "again"}`;
  const t = timed(() => issues(dup, 'big.json'));
  assert.deepEqual(
    t.value.map((i) => i.code),
    ['yaml.duplicate-key'],
  );
  const e = timed(() => issues(big, 'big.json'));
  assert.ok(e.value.length > 0);
  assert.ok(t.ms < 5000 && e.ms < 10_000, `${t.ms} ms, ${e.ms} ms`);
});

test('an alias with no anchor before it is reported where it is', () => {
  const i = rejected('name: x\ndescription: *nope\n', 'yaml.invalid', /the alias \*nope names no anchor/);
  assert.deepEqual([i.line, i.col], [2, 14]);
});

test('team weights: a positive number, at most 1,000; 0, negative, text, NaN and a bad team name are refused', () => {
  const weights = (v: string) => `${BASE}policies:\n  teamWeights: { research: ${v}, default: 1 }\n`;
  accepted(weights('2'));
  accepted(weights('0.25'));
  accepted(weights('1000'));
  const big = rejected(weights('1001'), 'value.too-big', /1,000/);
  assert.deepEqual(big.path, ['policies', 'teamWeights', 'research']);
  assert.equal(big.line, 8); // policies: is line 7
  for (const bad of ['0', '-1']) rejected(weights(bad), 'value.not-positive');
  rejected(weights('two'), 'schema.type');
  rejected(weights('.nan'), 'schema.type');
  rejected(`${BASE}policies:\n  teamWeights: { "bad\\u0007team": 2 }\n`, 'name.invalid');
  rejected(`${BASE}policies:\n  teamWeights: { __proto__: 2 }\n`, 'key.forbidden');
  const r = loadScenarioText(weights('2'), 'case.yaml', bundledRef());
  assert.ok(r.ok);
  assert.deepEqual(r.value.snapshot.policy.teamWeights, { research: 2, default: 1 });
  const none = loadScenarioText(BASE, 'case.yaml', bundledRef());
  assert.ok(none.ok);
  assert.equal(none.value.snapshot.policy.teamWeights, undefined, 'absent unless given: outputs stay byte-identical');
});
