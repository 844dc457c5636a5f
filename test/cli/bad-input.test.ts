/** Every bad input to the CLI gets a clear message naming what is wrong and where, exit code 2 and no stack trace
 * (DESIGN.md: "Every bad input gets a clear error naming what is wrong and where, and never a stack trace").
 * Each case runs in-process through the CLI's own commander wiring (runInProcess: the message, and that it is a
 * UserError with exit code 2, which main.ts prints without a stack); one case per distinct error path is also run
 * as a real process (exit code, stdout, stderr), a few at a time, to keep the suite fast. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertNoStackTrace,
  assertUserError,
  REPO_ROOT,
  runCli,
  runInProcess,
  shown,
  tempDir,
  type CliResult,
} from './helpers.js';

const tmp = tempDir();
after(() => tmp.remove());

const SCENARIO = `name: t
horizon: { start: 2026-12-01, length: 1y }
providers:
  aws: { quota: 64 }
  lambda: { quota: 64 }
workloads:
  - { id: job, kind: training, gpus: [H100], count: 8, work: 1k GPU-h }
`;

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): { line: number; col: number } {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in the fixture`);
  return { line: i + 1, col: lines[i]!.indexOf(needle) + 1 };
}

const files = {
  malformed: tmp.write('malformed.yaml', 'name: t\nhorizon: { start: [2026\n  bad: : x\n'),
  unknownGpu: tmp.write('gpu.yaml', SCENARIO.replace('gpus: [H100]', 'gpus: [H1000]')),
  negative: tmp.write('negative.yaml', SCENARIO.replace('work: 1k GPU-h', 'work: -5 GPU-h')),
  unit: tmp.write(
    'unit.yaml',
    `name: t
horizon: { start: 2026-12-01, length: 1y }
providers:
  aws: { quota: 64 }
contracts:
  - { id: c, provider: aws, term: 1y, commitment: { periods: [ { length: 1y, minimum: 38B EUR } ] } }
workloads: []
`,
  ),
  overlap: tmp.write(
    'overlap.yaml',
    `name: t
horizon: { start: 2026-12-01, length: 1y }
providers:
  aws: { quota: 64 }
contracts:
  - id: c
    provider: aws
    term: 1y
    commitment:
      periods:
        - { start: 2026-12-01, length: 6mo, minimum: 1M USD }
        - { start: 2027-03-01, length: 6mo, minimum: 1M USD }
workloads: []
`,
  ),
  minProviders: tmp.write(
    'min-providers.yaml',
    SCENARIO.replace(
      '  - { id: job, kind: training, gpus: [H100], count: 8, work: 1k GPU-h }',
      '  - { id: svc, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 2 replicas }, minProviders: 3 }',
    ),
  ),
  empty: tmp.write('empty.yaml', ''),
  badJson: tmp.write('bad.json', '{"name": "t", "horizon": {"start": "2026-12-01",, }\n'),
  badCsv: tmp.write(
    'bad-catalog.csv',
    [
      'cloud,instance_type,accelerator,accelerator_count,price_usd_hr,spot_price_usd_hr,region,availability_zone',
      'aws,p5.48xlarge,H100,8,68.8,,us-east-1,',
      'aws,p5.48xlarge,H100,8,abc,,us-west-2,',
      '',
    ].join('\n'),
  ),
};
const read = (p: string): string => readFileSync(p, 'utf8');
const STARTUP = join(REPO_ROOT, 'examples', 'startup.yaml');

/** Each command line is run once; a test that needs its result again (the todo checks below) shares it. */
const runs = new Map<string, Promise<CliResult>>();
function run(args: readonly string[]): Promise<CliResult> {
  const key = JSON.stringify(args);
  let r = runs.get(key);
  if (!r) {
    r = runCli(args);
    runs.set(key, r);
  }
  return r;
}

interface Case {
  name: string;
  args: string[];
  expect: RegExp[];
}

/** The `file:line:col: ` an issue should start with: at `needle`, moved `shift` columns right (to point at a value). */
function loc(file: string, needle: string, shift = 0): string {
  const { line, col } = where(read(file), needle);
  return `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${col + shift}: `;
}

const cases: Case[] = [
  {
    name: 'a missing file',
    args: ['plan', join(tmp.dir, 'nope.yaml')],
    expect: [/nope\.yaml:1:1: cannot read the scenario: no such file \[file\.not-found\]/],
  },
  {
    name: 'a directory instead of a file',
    args: ['validate', tmp.dir],
    expect: [/:1:1: cannot read the scenario: it is a directory \[file\.not-regular\]/],
  },
  { name: 'malformed YAML', args: ['plan', files.malformed], expect: [/malformed\.yaml:2:\d+: .*\[yaml\.syntax\]/] },
  {
    name: 'an unknown GPU (names the GPU, its file:line:col and a suggestion)',
    args: ['plan', files.unknownGpu],
    expect: [
      new RegExp(
        `${loc(files.unknownGpu, 'H1000')}GPU model 'H1000' is not in the catalog \\(did you mean 'H100'\\?\\) \\[gpu\\.unknown\\]`,
      ),
      /workloads\[0\]\.gpus\[0\]/,
    ],
  },
  {
    name: 'a negative amount',
    args: ['validate', files.negative],
    expect: [
      new RegExp(`${loc(files.negative, '-5 GPU-h')}.*-5 GPU-h.*negative.*\\[value\\.negative\\]`),
      /workloads\[0\]\.work/,
    ],
  },
  {
    name: 'a unit error (38B EUR)',
    args: ['validate', files.unit],
    expect: [
      new RegExp(`${loc(files.unit, '38B EUR')}.*'38B EUR'.*USD.*\\[unit\\.wrong-unit\\]`),
      /contracts\[0\]\.commitment\.periods\[0\]\.minimum/,
    ],
  },
  {
    name: 'overlapping commitment periods',
    args: ['plan', files.overlap],
    expect: [
      new RegExp(`${loc(files.overlap, '{ start: 2027-03-01')}.*2027-03-01 overlaps.*\\[contract\\.periods-overlap\\]`),
      /contracts\[0\]\.commitment\.periods\[1\]/,
    ],
  },
  {
    name: 'an impossible demand (minProviders above the providers declared)',
    args: ['plan', files.minProviders],
    expect: [
      new RegExp(
        `${loc(files.minProviders, 'minProviders: 3', 'minProviders: '.length)}.*'svc' needs 3 providers but only 2.*\\[inference\\.min-providers\\]`,
      ),
    ],
  },
  {
    name: 'an empty file',
    args: ['plan', files.empty],
    expect: [/empty\.yaml:1:1: the file is empty.*\[file\.empty\]/],
  },
  {
    name: 'a JSON scenario with a syntax error',
    args: ['plan', files.badJson],
    expect: [/bad\.json:1:\d+: .*\[yaml\.syntax\]/],
  },
  {
    name: '--seed abc',
    args: ['plan', STARTUP, '--seed', 'abc'],
    expect: [/--seed must be a whole number .*"abc" \[flag\.invalid\]/],
  },
  {
    name: '--seed -1',
    args: ['plan', STARTUP, '--seed', '-1'],
    expect: [/--seed must be a whole number .*"-1" \[flag\.invalid\]/],
  },
  {
    name: '--solver magic',
    args: ['plan', STARTUP, '--solver', 'magic'],
    expect: [/--solver must be greedy, exact or auto, not "magic"/],
  },
  {
    name: '--now garbage',
    args: ['plan', STARTUP, '--now', 'garbage'],
    expect: [/--now: cannot read 'garbage' as a date/],
  },
  {
    name: '--now outside the horizon',
    args: ['plan', STARTUP, '--now', '2030-01-01'],
    expect: [/--now 2030-01-01 is outside the scenario's horizon/],
  },
  {
    name: '--what-if aws.price=banana',
    args: ['plan', STARTUP, '--what-if', 'aws.price=banana'],
    expect: [/^skyfleet: --what-if: cannot read "aws\.price=banana".*PROVIDER\.price=\+20%.*\[what-if\.syntax\]$/m],
  },
  {
    name: '--what-if nosuch.price=+10%',
    args: ['plan', STARTUP, '--what-if', 'nosuch.price=+10%'],
    expect: [/unknown provider "nosuch" \(the scenario has aws, gcp, nebius, lambda\) \[what-if\.provider\]/],
  },
  {
    name: '--what-if aws.price=-100% (a price cannot fall to zero)',
    args: ['plan', STARTUP, '--what-if', 'aws.price=-100%'],
    expect: [/cannot fall to zero.*aws\.price=-100%.*\[what-if\.factor\]/],
  },
  {
    name: '--without nosuch',
    args: ['plan', STARTUP, '--without', 'nosuch'],
    expect: [/--without: unknown provider "nosuch" \(the scenario has aws, gcp, nebius, lambda\)/],
  },
  {
    name: '--explain nosuch',
    args: ['plan', STARTUP, '--explain', 'nosuch'],
    expect: [/--explain: no workload "nosuch" in \S*examples\/startup\.yaml/],
  },
  {
    name: 'catalog --gpu NOPE',
    args: ['catalog', '--gpu', 'NOPE'],
    expect: [/unknown GPU "NOPE"; the catalog has .*\bH100\b/],
  },
  {
    name: 'catalog --max-price -1',
    args: ['catalog', '--max-price', '-1'],
    expect: [/--max-price must be a positive number .*"-1"/],
  },
  {
    name: 'catalog --limit 0',
    args: ['catalog', '--limit', '0'],
    expect: [/--limit must be a positive integer, not "0"/],
  },
  {
    name: 'catalog --catalog with a bad number (names its line)',
    args: ['catalog', '--catalog', files.badCsv],
    expect: [/bad-catalog\.csv:3:\d+: 'abc' in column price_usd_hr .*\[csv\.bad-number\]/],
  },
  {
    name: 'plan --catalog with a bad number (names its line)',
    args: ['plan', STARTUP, '--catalog', files.badCsv],
    expect: [/bad-catalog\.csv:3:\d+: 'abc' in column price_usd_hr .*\[csv\.bad-number\]/],
  },
  {
    name: 'a missing --catalog file',
    args: ['catalog', '--catalog', join(tmp.dir, 'nope.csv')],
    expect: [/nope\.csv:1:1: cannot read the catalog: no such file \[file\.not-found\]/],
  },
];

describe('bad input: exit 2, a clear message naming what and where (in-process)', () => {
  for (const c of cases) {
    test(c.name, async () => {
      const r = await runInProcess(c.args);
      const ctx = `\nskyfleet ${c.args.join(' ')}\n  exit ${r.code}\n  stderr: ${r.stderr}${r.thrown instanceof Error ? `\n  thrown: ${r.thrown.stack}` : ''}`;
      assert.equal(r.thrown, undefined, `not a UserError: main.ts would report an internal error${ctx}`);
      assert.equal(r.code, 2, `exit code${ctx}`);
      for (const re of c.expect) assert.match(r.stderr, re, ctx);
      assert.doesNotMatch(r.stderr, /^\s+at /m, `no stack frames in the message${ctx}`);
    });
  }
});

/** One case per distinct path through main.ts (file read, scenario issues, YAML syntax, plan options, catalog
 * options, CSV issues, commander's own errors), as a real process: the exit code, stdout and stderr main.ts gives. */
const spawned: Case[] = [
  'a missing file',
  'an unknown GPU (names the GPU, its file:line:col and a suggestion)',
  'malformed YAML',
  '--what-if aws.price=banana',
  'catalog --gpu NOPE',
  'catalog --catalog with a bad number (names its line)',
].map((name) => {
  const c = cases.find((x) => x.name === name);
  assert.ok(c, name);
  return { ...c, args: c.args.map((a) => (a === STARTUP ? 'examples/startup.yaml' : a)) };
});

describe('bad input as a real process: exit 2, stderr only, no stack trace', { concurrency: 3 }, () => {
  for (const c of spawned) {
    test(c.name, async () => {
      const r = await run(c.args);
      assertUserError(c.args, r);
      for (const re of c.expect) assert.match(r.stderr, re, shown(c.args, r));
    });
  }

  for (const [name, args, expect] of [
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown option', ['plan', 'examples/startup.yaml', '--bogus'], /unknown option '--bogus'/],
  ] as const) {
    test(`${name}: commander's own error, non-zero exit, no stack`, async () => {
      const r = await run(args);
      assert.notEqual(r.code, 0, shown(args, r));
      assert.equal(r.signal, null, shown(args, r));
      assert.match(r.stderr, expect, shown(args, r));
      assert.equal(r.stdout, '', shown(args, r));
      assertNoStackTrace(r, `\n${shown(args, r)}`);
    });
  }

  test('every issue line carries the "skyfleet: " prefix', async () => {
    const r = await run(['plan', files.malformed]);
    const lines = r.stderr.trimEnd().split('\n');
    assert.ok(lines.length > 1, 'the fixture yields several issues');
    for (const l of lines) assert.match(l, /^skyfleet: /);
  });
  test('--seed "" is rejected', async () => {
    const args = ['plan', tmp.write('tiny.yaml', SCENARIO), '--solver', 'greedy', '--json', '--seed', ''];
    const r = await run(args);
    assertUserError(args, r);
    assert.match(r.stderr, /--seed/);
  });
});

describe('commander errors in-process', () => {
  test('a missing argument names it', async () => {
    const r = await runInProcess(['plan']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /missing required argument 'file'/);
  });
});
