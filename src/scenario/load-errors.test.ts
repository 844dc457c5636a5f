/**
 * The bad-input suite: one case per problem class. Each case edits a valid base scenario and asserts the code, the
 * path and the line of the issue (and that loading never throws and reports everything, not just the first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Issue } from '../core/issues.js';
import { loadScenarioText } from './load.js';
import { bundledRef } from './test-support/ref.js';

const BASE = [
  'name: base', //                                                                     1
  'horizon: { start: 2026-12-01, length: 1y, bucket: 1mo }', //                          2
  'providers:', //                                                                     3
  '  aws: { quota: 512, regions: [us-east-1], interconnect: 256 }', //                   4
  '  gcp: { quota: 256, regions: [us-central1] }', //                                    5
  'contracts:', //                                                                     6
  '  - id: aws-credits', //                                                            7
  '    provider: aws', //                                                              8
  '    term: 1y', //                                                                   9
  '    commitment:', //                                                               10
  '      periods:', //                                                                11
  '        - { length: 6mo, minimum: 400k USD }', //                                   12
  '        - { length: 6mo, minimum: 600k USD }', //                                   13
  '    reserved:', //                                                                 14
  '      - { id: blk, gpu: H100, region: us-east-1, count: 64, rate: 2.10 USD/GPU-h, ramp: [ { from: 2027-03-01, count: 128 } ] }', // 15
  'workloads:', //                                                                    16
  '  - { id: train, kind: training, gpus: [H100], count: 256, work: 400k GPU-h, deadline: 2027-06-01 }', // 17
  '  - { id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 12 replicas }, minProviders: 2 }', // 18
  '  - { id: evals, kind: batch, gpus: [H100], count: 8, work: 2k GPU-h }', //          19
];

function load(edit: (lines: string[]) => void): readonly Issue[] {
  const lines = [...BASE];
  edit(lines);
  const r = loadScenarioText(lines.join('\n'), 'case.yaml', bundledRef());
  return r.ok ? [] : r.issues;
}

function expectIssue(issues: readonly Issue[], code: string, path: (string | number)[], line: number): Issue {
  const found = issues.find((i) => i.code === code);
  assert.ok(found, `no ${code} among ${JSON.stringify(issues.map((i) => [i.code, i.path, i.line]))}`);
  assert.deepEqual(found.path, path);
  assert.equal(found.line, line);
  assert.equal(found.file, 'case.yaml');
  assert.ok((found.col ?? 0) >= 1);
  assert.ok(found.message.length > 10);
  return found;
}

test('the base scenario is valid', () => {
  assert.deepEqual(
    load(() => {}),
    [],
  );
});

test('malformed YAML: a syntax error is an issue with line and column, never a throw', () => {
  const issues = load((l) => {
    l[17] = '  - { id: chat, kind: inference, gpus: [H100';
  });
  assert.ok(issues.length >= 1);
  assert.equal(issues[0]!.code, 'yaml.syntax');
  assert.ok(issues.every((i) => i.code === 'yaml.syntax' && i.line !== undefined && i.col !== undefined));
  assert.ok(issues.some((i) => i.line === 18 || i.line === 19));
  const empty = loadScenarioText('', 'empty.yaml', bundledRef());
  assert.ok(!empty.ok && empty.issues[0]!.line === 1);
  const dup = loadScenarioText('name: a\nname: b\n', 'dup.yaml', bundledRef());
  assert.ok(
    !dup.ok &&
      dup.issues[0]!.code === 'yaml.duplicate-key' &&
      dup.issues[0]!.line === 2 &&
      dup.issues[0]!.message.includes("'name'"),
  );
});

test('unknown GPU model, with a did-you-mean', () => {
  const i = expectIssue(
    load((l) => {
      l[16] = l[16]!.replace('gpus: [H100]', 'gpus: [H10O]');
    }),
    'gpu.unknown',
    ['workloads', 0, 'gpus', 0],
    17,
  );
  assert.match(i.message, /did you mean 'H100'/);
});

test('unknown provider, undeclared provider of a contract, region not in the catalog', () => {
  expectIssue(
    load((l) => {
      l[4] = '  gcpp: { quota: 256 }';
    }),
    'provider.unknown',
    ['providers', 'gcpp'],
    5,
  );
  expectIssue(
    load((l) => {
      l[7] = '    provider: azure';
    }),
    'contract.provider-undeclared',
    ['contracts', 0, 'provider'],
    8,
  );
  const r = expectIssue(
    load((l) => {
      l[3] = l[3]!.replace('us-east-1', 'us-esat-1');
    }),
    'region.unknown',
    ['providers', 'aws', 'regions', 0],
    4,
  );
  assert.match(r.message, /did you mean 'us-east-1'/);
});

test('negative and zero amounts', () => {
  expectIssue(
    load((l) => {
      l[16] = l[16]!.replace('400k GPU-h', '-400k GPU-h');
    }),
    'value.negative',
    ['workloads', 0, 'work'],
    17,
  );
  expectIssue(
    load((l) => {
      l[16] = l[16]!.replace('count: 256', 'count: 0');
    }),
    'value.not-positive',
    ['workloads', 0, 'count'],
    17,
  );
  expectIssue(
    load((l) => {
      l[11] = l[11]!.replace('400k USD', '-400k USD');
    }),
    'value.negative',
    ['contracts', 0, 'commitment', 'periods', 0, 'minimum'],
    12,
  );
});

test('unit errors', () => {
  const i = expectIssue(
    load((l) => {
      l[11] = l[11]!.replace('400k USD', '400k EUR');
    }),
    'unit.wrong-unit',
    ['contracts', 0, 'commitment', 'periods', 0, 'minimum'],
    12,
  );
  assert.match(i.message, /EUR/);
  expectIssue(
    load((l) => {
      l[8] = '    term: 7 years';
    }),
    'unit.wrong-unit',
    ['contracts', 0, 'term'],
    9,
  );
  expectIssue(
    load((l) => {
      l[1] = 'horizon: { start: 2026-13-01, length: 1y }';
    }),
    'date.invalid',
    ['horizon', 'start'],
    2,
  );
});

test('commitment periods that overlap or fall outside the term', () => {
  expectIssue(
    load((l) => {
      l[12] = '        - { start: 2027-05-01, length: 6mo, minimum: 600k USD }';
    }),
    'contract.periods-overlap',
    ['contracts', 0, 'commitment', 'periods', 1],
    13,
  );
  expectIssue(
    load((l) => {
      l[12] = '        - { length: 7mo, minimum: 600k USD }';
    }),
    'contract.period-outside-term',
    ['contracts', 0, 'commitment', 'periods', 1],
    13,
  );
});

test('ramp steps out of order or outside the term', () => {
  const ramp = '[ { from: 2027-03-01, count: 128 }, { from: 2027-02-01, count: 96 } ]';
  expectIssue(
    load((l) => {
      l[14] = l[14]!.replace(/ramp: \[.*\] \}$/, `ramp: ${ramp} }`);
    }),
    'ramp.out-of-order',
    ['contracts', 0, 'reserved', 0, 'ramp', 1, 'from'],
    15,
  );
  expectIssue(
    load((l) => {
      l[14] = l[14]!.replace('2027-03-01', '2028-03-01');
    }),
    'ramp.outside-term',
    ['contracts', 0, 'reserved', 0, 'ramp', 0, 'from'],
    15,
  );
});

test('impossible demands: minProviders above the providers available', () => {
  expectIssue(
    load((l) => {
      l[17] = l[17]!.replace('minProviders: 2', 'minProviders: 3');
    }),
    'inference.min-providers',
    ['workloads', 1, 'minProviders'],
    18,
  );
});

test('a price per million tokens without the tokens a replica serves', () => {
  expectIssue(
    load((l) => {
      l[17] = l[17]!.replace('minProviders: 2', 'minProviders: 2, pricePerMillionTokens: 1 USD');
    }),
    'inference.price-needs-throughput',
    ['workloads', 1, 'pricePerMillionTokens'],
    18,
  );
  expectIssue(
    load((l) => {
      l[17] = l[17]!.replace('minProviders: 2', 'minProviders: 2, pricePerMillionTokens: -1 USD');
    }),
    'value.negative',
    ['workloads', 1, 'pricePerMillionTokens'],
    18,
  );
});

test('duplicate ids', () => {
  expectIssue(
    load((l) => {
      l[18] = l[18]!.replace('id: evals', 'id: train');
    }),
    'id.duplicate',
    ['workloads', 2, 'id'],
    19,
  );
});

test('wrong types, missing fields, unknown fields, bad kinds', () => {
  expectIssue(
    load((l) => {
      l[16] = l[16]!.replace('count: 256', 'count: many');
    }),
    'schema.type',
    ['workloads', 0, 'count'],
    17,
  );
  // A missing key points at the mapping that should hold it.
  expectIssue(
    load((l) => {
      l[16] = l[16]!.replace(', work: 400k GPU-h', '');
    }),
    'schema.missing',
    ['workloads', 0, 'work'],
    17,
  );
  expectIssue(
    load((l) => {
      l[3] = '  aws: { quota: 512, regions: [us-east-1], interconect: 256 }';
    }),
    'schema.unknown-key',
    ['providers', 'aws', 'interconect'],
    4,
  );
  expectIssue(
    load((l) => {
      l[18] = l[18]!.replace('kind: batch', 'kind: cron');
    }),
    'schema.enum',
    ['workloads', 2, 'kind'],
    19,
  );
  expectIssue(
    load((l) => {
      l[14] = l[14]!.replace('count: 64', 'count: 6.5');
    }),
    'schema.type',
    ['contracts', 0, 'reserved', 0, 'count'],
    15,
  );
});

test('shares outside 0..1, deadline before start, unknown throughput', () => {
  expectIssue(
    load((l) => {
      l.push('policies: { maxSpendShare: 120% }');
    }),
    'value.out-of-range',
    ['policies', 'maxSpendShare'],
    20,
  );
  expectIssue(
    load((l) => {
      l[16] = l[16]!.replace('2027-06-01', '2026-11-01');
    }),
    'workload.deadline-before-start',
    ['workloads', 0, 'deadline'],
    17,
  );
  const t = expectIssue(
    load((l) => {
      l[18] = l[18]!.replace('gpus: [H100]', 'gpus: [L4]');
    }),
    'throughput.unknown',
    ['workloads', 2, 'gpus', 0],
    19,
  );
  assert.match(t.message, /L4/);
  // ... and a throughput map fixes it.
  assert.deepEqual(
    load((l) => {
      l[18] = l[18]!.replace('gpus: [H100]', 'gpus: [L4], throughput: { L4: 0.12 }');
    }),
    [],
  );
});

test('a training gang larger than every interconnect domain is not a spec error', () => {
  assert.deepEqual(
    load((l) => {
      l[16] = l[16]!.replace('count: 256', 'count: 4096');
    }),
    [],
  );
});

test('every problem is reported at once, sorted by place', () => {
  const issues = load((l) => {
    l[4] = '  gcpp: { quota: 256 }';
    l[8] = '    term: 7 years';
    l[16] = l[16]!.replace('gpus: [H100]', 'gpus: [H10O]').replace('400k GPU-h', '-400k GPU-h');
    l[18] = l[18]!.replace('id: evals', 'id: train');
  });
  const codes = issues.map((i) => i.code);
  for (const c of ['provider.unknown', 'unit.wrong-unit', 'gpu.unknown', 'value.negative', 'id.duplicate'])
    assert.ok((codes as string[]).includes(c), c);
  const lines = issues.map((i) => i.line ?? 0);
  assert.deepEqual(
    lines,
    [...lines].sort((a, b) => a - b),
  );
});

test('instance shapes: a reserved block names an instance type the catalog has for its GPU and region; multiNode is read', () => {
  expectIssue(
    load((l) => {
      l[14] = l[14]!.replace('count: 64,', 'count: 64, instanceType: p5.4xlrage,');
    }),
    'reserved.instance-unknown',
    ['contracts', 0, 'reserved', 0, 'instanceType'],
    15,
  );
  assert.deepEqual(
    load((l) => {
      l[14] = l[14]!.replace('count: 64,', 'count: 64, instanceType: p5.48xlarge,');
    }),
    [],
  );
  const r = loadScenarioText(
    BASE.join('\n')
      .replace('minProviders: 2 }', 'minProviders: 2, multiNode: true }')
      .replace('work: 2k GPU-h }', 'work: 2k GPU-h, multiNode: false }')
      .replace('count: 64,', 'count: 64, instanceType: p5.48xlarge,'),
    'case.yaml',
    bundledRef(),
  );
  assert.ok(r.ok);
  const [, chat, evals] = r.value.request.workloads;
  assert.equal(chat?.kind === 'inference' && chat.multiNode, true);
  assert.equal(evals?.kind === 'batch' && evals.multiNode, false);
  assert.equal(r.value.snapshot.contracts[0]!.reserved[0]!.instanceType, 'p5.48xlarge');
});

test('name checks give their names as params too: the data behind the words (docs/codes.md)', () => {
  const issues = load((l) => {
    l[16] = l[16]!.replace('gpus: [H100]', 'gpus: [H10O]');
    l[18] = l[18]!.replace('id: evals', 'id: train');
  });
  const gpu = issues.find((i) => i.code === 'gpu.unknown');
  assert.deepEqual(gpu?.params, { gpu: 'H10O', suggestion: 'H100' });
  const dup = issues.find((i) => i.code === 'id.duplicate');
  assert.deepEqual(dup?.params, { kind: 'workload', id: 'train', first: 'workloads[0]' });
});
