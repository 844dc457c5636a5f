import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../objective.js';
import { buildLpModel, type LpModel } from './lp-model.js';
import { interpretResult, objectiveParts, readSolution, type HighsLikeResult } from './lp-solution.js';
import { tinyProblem } from './test-support/fixtures.js';
import { reasonText } from '../../messages/index.js';

/** The coefficients of one section line (`obj:` or a row name) of the LP text. */
function coefficients(model: LpModel, label: string): Map<string, number> {
  const start = model.text.indexOf(` ${label}: `);
  assert.ok(start >= 0, `no ${label} in the model`);
  const rest = model.text.slice(start + label.length + 3);
  const body = rest.slice(0, rest.search(/\n \S+: |\n[A-Z]/));
  const out = new Map<string, number>();
  for (const m of body.matchAll(/([+-]) (\S+) ([a-z]\w*)/g)) out.set(m[3]!, (m[1] === '-' ? -1 : 1) * Number(m[2]));
  return out;
}

const result = (status: string, values: Record<string, number>): HighsLikeResult => ({
  Status: status,
  ObjectiveValue: 0,
  Columns: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { Primal: v }])),
});

const twoPools = tinyProblem({
  buckets: 2,
  pools: [
    { provider: 'aws', price: 2, tier: 'committed', burns: 0, groups: [0] },
    { provider: 'gcp', price: 1 },
  ],
  groups: [{ capacity: 8 }],
  terms: [{ provider: 'aws', minimum: 40 }],
  items: [
    { firstRefusal: ['aws'], priority: 1 },
    { units: 3, divisible: true, gpus: 2, priority: 3 },
  ],
});

test('the text names every column briefly, holds only finite numbers, and marks integers only in integer mode', () => {
  const mip = buildLpModel(twoPools, { integer: true });
  const lp = buildLpModel(twoPools, { integer: false });
  for (const m of [mip, lp]) {
    for (const c of m.columns) assert.match(c.name, /^[a-z]\d+(_\d+)?$/);
    assert.doesNotMatch(m.text, /NaN|Infinity|undefined/);
    assert.match(m.text, /^Minimize\n obj: [\s\S]*\nSubject To\n[\s\S]*\nBounds\n[\s\S]*\nEnd\n$/);
  }
  assert.match(mip.text, /\nBinaries\n x0 x1\n/); // the gang's columns
  assert.match(mip.text, /\nGenerals\n x2 x3/); // the divisible item's whole units
  assert.doesNotMatch(lp.text, /Binaries|Generals/);
});

test('penalties: unplaced dominates every cost, priority 1 weighs most, ROFR only in integer mode and off its providers', () => {
  const mip = buildLpModel(twoPools, { integer: true });
  const lp = buildLpModel(twoPools, { integer: false });
  const obj = coefficients(mip, 'obj');
  const lpObj = coefficients(lp, 'obj');
  const maxCost = Math.max(...['x0', 'x1', 'x2', 'x3'].map((x) => lpObj.get(x)!));
  assert.ok(obj.get('u0')! >= 1e3 * maxCost && obj.get('u1')! >= 1e3 * maxCost);
  assert.ok(obj.get('u0')! > obj.get('u1')!); // priority 1 vs 3
  // gang on aws (first refusal): cost only; on gcp: cost + ROFR penalty (integer mode), cost only (LP)
  assert.equal(obj.get('x0'), lpObj.get('x0'));
  assert.ok(obj.get('x1')! - lpObj.get('x1')! >= 5 * maxCost);
  assert.ok(obj.get('x1')! < obj.get('u0')!);
});

test('frontier-scale costs are scaled to numbers near 1e3 and the scale is a power of ten', () => {
  const p = tinyProblem({
    buckets: 7,
    bucketHours: 8760,
    pools: [{ provider: 'aws', price: 2.5 }],
    items: [{ gpus: 100_000 }, { gpus: 8 }],
  });
  const m = buildLpModel(p, { integer: true });
  assert.equal(Math.log10(m.usdScale) % 1, 0);
  const obj = coefficients(m, 'obj');
  assert.ok(obj.get('x0')! >= 100 && obj.get('x0')! <= 1e4, `x0 scaled to ${obj.get('x0')}`);
  assert.ok(obj.get('x1')! > 1e-6); // the small gang keeps a cost HiGHS can see
  assert.ok(obj.get('u0')! <= 1e8);
});

test('capacity rows implied by the bounds are dropped, and buckets with the same active set share one row', () => {
  const p = tinyProblem({
    buckets: 3,
    pools: [{ provider: 'aws', price: 1, groups: [0, 1] }],
    groups: [{ capacity: [16, 12, 14] }, { capacity: 100 }],
    items: [{ units: 2, divisible: true, gpus: 8 }],
  });
  const m = buildLpModel(p, { integer: true });
  const capacityRows = m.text.split('\n').filter((l) => /^ c\d+_\d+:/.test(l));
  assert.deepEqual(capacityRows, [' c0_1: + 8 x0 <= 12']); // group 1 and bucket 0 never bind; buckets 1-2 share a row
});

test('readSolution rounds integer columns, drops values below 1e-6, and scales a gang column to its units', () => {
  const p = tinyProblem({
    pools: [
      { provider: 'a', price: 1 },
      { provider: 'b', price: 2 },
    ],
    items: [{ units: 2 }, { units: 5, divisible: true, gpus: 1 }],
  });
  const mip = buildLpModel(p, { integer: true });
  const s = readSolution(
    p,
    mip,
    result('Optimal', { x0: 0.9999999, x1: 1e-9, u0: 0, x2: 3.0000001, x3: 1.9999999, u1: 0 }),
  );
  assert.deepEqual(s.assignments, [
    [{ candidate: 0, units: 2 }],
    [
      { candidate: 2, units: 3 },
      { candidate: 3, units: 2 },
    ],
  ]);
  assert.equal(s.status, 'optimal');
  assert.equal(s.lowerBound, undefined);
  const lp = buildLpModel(p, { integer: false });
  const r = readSolution(p, lp, result('Optimal', { x0: 0.25, x1: 0.75, u0: 0, x2: 2.5, x3: 5e-7, u1: 2.5 }));
  assert.deepEqual(r.assignments, [
    [
      { candidate: 0, units: 0.5 },
      { candidate: 1, units: 1.5 },
    ],
    [{ candidate: 2, units: 2.5 }],
  ]);
  assert.deepEqual(r.unplacedReasons?.[1], { code: 'unplaced.no-room', source: 'lp', params: {} });
  assert.equal(
    reasonText({ code: 'unplaced.no-room', source: 'lp', params: {} }),
    'no room within capacity and policy limits (capacity, spread, provider shares, team budget)',
  );
  assert.ok(
    r.lowerBound !== undefined &&
      r.notes.some((n) => n.code === 'note.lp-relaxation' && /LP relaxation/.test(reasonText(n))),
  );
});

test('objectiveParts prices the column values exactly as objective.ts bills the same plan', () => {
  const m = buildLpModel(twoPools, { integer: true });
  // gang on gcp (ROFR overridden): $16; 2 units of the divisible item on aws: $16, burning 16 of the $40 minimum
  // (shortfall 24); 1 unit unplaced
  const s0 = m.columns.find((c) => c.kind === 's');
  assert.ok(s0?.kind === 's');
  const values = { x0: 0, x1: 1, u0: 0, x2: 2, x3: 0, u1: 1, s0: 24 / s0.unitsPerValue };
  const parts = objectiveParts(twoPools, m, result('Optimal', values));
  const s = readSolution(twoPools, m, result('Optimal', values));
  assert.equal(evaluate(twoPools, s).bill, 16 + 16 + 24);
  assert.ok(Math.abs(parts.cost - 56) < 1e-9);
  assert.equal(parts.rofr, m.rofrPenalty);
  assert.equal(parts.penalty, m.unplacedPenalty[1]);
});

test('interpretResult turns HiGHS statuses into solutions or coded errors', () => {
  const m = buildLpModel(twoPools, { integer: true });
  const full = { x0: 1, x1: 0, u0: 0, x2: 3, x3: 0, u1: 0, s0: 0 };
  const timed = interpretResult(twoPools, m, result('Time limit reached', full));
  assert.ok(timed.ok && timed.value.solution.status === 'time-limit');
  const none = interpretResult(twoPools, m, { Status: 'Time limit reached', ObjectiveValue: Infinity, Columns: {} });
  assert.ok(!none.ok && none.issues[0]!.code === 'solver.no-solution');
  const infeasible = interpretResult(twoPools, m, { Status: 'Infeasible', ObjectiveValue: 0, Columns: {} });
  assert.ok(!infeasible.ok && infeasible.issues[0]!.code === 'solver.infeasible');
  const error = interpretResult(twoPools, m, { Status: 'Solve error', ObjectiveValue: 0, Columns: {} });
  assert.ok(!error.ok && error.issues[0]!.code === 'solver.error' && /Solve error/.test(error.issues[0]!.message));
});

test('a limit reached with no feasible values (HiGHS then reports zeros) is solver.no-solution', () => {
  const m = buildLpModel(twoPools, { integer: true });
  const zeros = interpretResult(
    twoPools,
    m,
    result('Time limit reached', { x0: 0, x1: 0, u0: 0, x2: 0, x3: 0, u1: 0, s0: 0 }),
  );
  assert.ok(!zeros.ok && zeros.issues[0]!.code === 'solver.no-solution');
});

test('a deterministic limit is named: the MIP node limit (the highs package reports it as "Unknown"), the LP iteration limit', () => {
  const mip = buildLpModel(twoPools, { integer: true });
  const full = { x0: 1, x1: 0, u0: 0, x2: 3, x3: 0, u1: 0, s0: 0 };
  const nodes = interpretResult(twoPools, mip, result('Unknown', full));
  assert.ok(nodes.ok && nodes.value.solution.status === 'node-limit');
  assert.match(
    nodes.value.solution.notes.map(reasonText).join('\n'),
    /node limit \(deterministic\): its best integer plan \(incumbent\) is reported/,
  );
  const none = interpretResult(twoPools, mip, { Status: 'Unknown', ObjectiveValue: Infinity, Columns: {} });
  assert.ok(!none.ok && none.issues[0]!.code === 'solver.no-solution' && /node limit/.test(none.issues[0]!.message));
  const lp = buildLpModel(twoPools, { integer: false });
  const lpValues = Object.fromEntries(
    lp.columns.map((c) => [c.name, c.kind === 'x' ? (c.candidate === 0 ? 1 : c.candidate === 2 ? 3 : 0) : 0]),
  );
  const iterations = interpretResult(twoPools, lp, result('Iteration limit reached', lpValues));
  assert.ok(iterations.ok && iterations.value.solution.status === 'iteration-limit');
  assert.equal(iterations.value.solution.lowerBound, undefined, 'a relaxation stopped early bounds nothing');
  const unknownLp = interpretResult(twoPools, lp, result('Unknown', lpValues));
  assert.ok(!unknownLp.ok && unknownLp.issues[0]!.code === 'solver.error');
  const timed = interpretResult(twoPools, mip, result('Time limit reached', full));
  assert.ok(timed.ok && timed.value.solution.status === 'time-limit');
  assert.match(
    timed.value.solution.notes.map(reasonText).join('\n'),
    /wall-clock safety limit.*DEPENDS ON THE MACHINE/,
  );
});

test("the LP keeps whole replicas (continuous) with the MIP's rows, so it relaxes the MIP; no replica runs idle", () => {
  const p = tinyProblem({
    pools: [{ provider: 'a', price: 1 }],
    items: [{ units: 3, divisible: true, gpus: 4, replicaGpus: 8, unitsPerReplica: 2 }],
  });
  for (const integer of [false, true]) {
    const m = buildLpModel(p, { integer });
    assert.ok(
      m.columns.some((c) => c.kind === 'r'),
      `integer ${integer}: a replica column`,
    );
    assert.deepEqual(
      [...coefficients(m, 'q0')],
      [
        ['r0', 2],
        ['x0', -1],
      ],
    ); // 2·r ≥ x
    assert.deepEqual(
      [...coefficients(m, 'qa0')],
      [
        ['x0', 1],
        ['r0', -2],
      ],
    ); // x − 2·r ≥ 0.001 − 2: r ≤ ⌈x/2⌉
    assert.equal(/\nGenerals\n r0/.test(m.text), integer);
  }
});
