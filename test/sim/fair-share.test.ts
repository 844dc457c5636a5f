/**
 * Weighted fair share between teams (core/fair-share.ts, used by the simulator's waiting queue for policies with
 * `preempt`): on a hand-made trace a team of weight 2 holds twice the GPU-hours of a team of weight 1 while both wait,
 * equal weights share equally, and — a property over random teams, weights and backlogs — no team starves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { servedBefore, teamWeight } from '../../src/core/fair-share.js';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import type { UsageSegment } from '../../src/sim/usage-segment.js';
import { H, T0, input, scenario } from './support.js';

/** Lambda us-east-1 with 24 GPUs: three 8-GPU jobs at a time. Every job: 8 GPUs for 1 h, arriving at 0 h. */
const yaml = (teams: readonly { name: string; jobs: number }[], order: readonly number[], weights?: string): string => {
  const next = teams.map(() => 0);
  const lines = order.map((t) => {
    const team = teams[t];
    assert.ok(team);
    const k = (next[t] ?? 0) + 1;
    next[t] = k;
    return `  - { id: ${team.name}-${k}, kind: batch, team: ${team.name}, priority: 3, gpus: [H100], count: 8, work: 8 GPU-h, tiers: [on-demand] }`;
  });
  return `
name: fair-share
horizon: { start: 2027-01-01, length: 48h, bucket: 1h }
providers:
  lambda: { quota: 24, regions: [us-east-1], interconnect: 8 }
${weights ? `policies:\n  teamWeights: ${weights}\n` : ''}workloads:
${lines.join('\n')}
`;
};

/** Runs skyfleet on `text` and returns every billed segment of a job. */
function segments(text: string): UsageSegment[] {
  const out: UsageSegment[] = [];
  simulate(input(scenario(text)), skyfleetPolicy, { seed: 1, onUsage: (s) => out.push(s) });
  return out.filter((s) => s.owner.kind !== 'inference');
}

/** GPU-hours each team's jobs held in [from h, until h). */
function gpuHoursBy(segs: readonly UsageSegment[], until: number, from = 0): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of segs) {
    const h = (Math.min(s.end, T0 + until * H) - Math.max(s.start, T0 + from * H)) / H;
    if (h > 0) m.set(s.owner.team, (m.get(s.owner.team) ?? 0) + h * s.gpus);
  }
  return m;
}

// Team a lists its 30 jobs first, so it takes the whole pool at 0 h (arrivals are placed as they come); team b's 30
// wait. From 1 h the queue decides, every hour three jobs; both teams still have a backlog at 13 h.
const twoTeams = [
  { name: 'a', jobs: 30 },
  { name: 'b', jobs: 30 },
];
const aFirst = [...Array(30).fill(0), ...Array(30).fill(1)] as number[];

test('under contention a team of weight 2 holds twice the GPU-hours of a team of weight 1', () => {
  const by = gpuHoursBy(segments(yaml(twoTeams, aFirst, '{ a: 2, b: 1 }')), 13, 1);
  const a = by.get('a') ?? 0,
    b = by.get('b') ?? 0;
  assert.equal(a + b, 12 * 24, 'the pool is full all along');
  // 288 GPU-h = 36 job-hours; two thirds to a: 24 jobs (192 GPU-h) against 12 (96), within one job of it.
  assert.ok(Math.abs(a - 192) <= 8, `a ${a} GPU-h, b ${b}`);
  assert.ok(Math.abs(a / b - 2) <= 0.2, `a ÷ b = ${a / b}`);
  // The weight goes with the team, not the listing order: b weighing 2 takes two thirds though a listed first.
  const rev = gpuHoursBy(segments(yaml(twoTeams, aFirst, '{ a: 1, b: 2 }')), 13, 1);
  assert.ok(Math.abs((rev.get('b') ?? 0) - 192) <= 8, `b ${rev.get('b')} GPU-h`);
});

test('without weights (or with equal ones) the two teams share equally; a team not listed weighs 1', () => {
  for (const w of [undefined, '{ a: 3, b: 3 }', '{ b: 1 }']) {
    // From 0 h: b catches up on a's head start (fewer GPU-hours so far comes next), so the totals even out.
    const by = gpuHoursBy(segments(yaml(twoTeams, aFirst, w)), 13);
    const a = by.get('a') ?? 0,
      b = by.get('b') ?? 0;
    assert.ok(Math.abs(a - b) <= 8, `${w}: a ${a}, b ${b}`);
  }
});

test('the rule: GPUs now per unit of weight, then GPU-hours so far per unit of weight, then the earliest arrival', () => {
  const s = (gpusNow: number, usedGpuH: number, weight: number, arrival = 0) => ({
    gpusNow,
    usedGpuH,
    weight,
    arrival,
  });
  assert.equal(servedBefore(s(16, 0, 2), s(8, 0, 1)), false, 'equal shares per weight: then GPU-hours, then arrival');
  assert.equal(servedBefore(s(16, 0, 2, 0), s(8, 0, 1, 1)), true);
  assert.equal(servedBefore(s(8, 0, 2), s(8, 0, 1)), true, '8 ÷ 2 < 8 ÷ 1');
  assert.equal(servedBefore(s(8, 100, 2), s(8, 60, 1)), true, 'GPUs per weight (4 < 8) decide before GPU-hours');
  assert.equal(servedBefore(s(8, 100, 1), s(8, 60, 1)), false, 'equal GPUs: fewer GPU-hours first');
  assert.equal(servedBefore(s(0, 1e9, 0.001), s(1, 0, 1000)), true, 'a team holding nothing comes first, whatever');
  assert.equal(teamWeight({ a: 2 }, 'a'), 2);
  assert.equal(teamWeight({ a: 2 }, 'b'), 1);
  assert.equal(teamWeight(undefined, 'a'), 1);
  assert.equal(teamWeight({ a: 2 }, 'toString'), 1, 'only the map`s own keys');
});

test('property: no team starves — whatever the weights and backlogs, every team starts a job within its first turn', () => {
  const team = fc.record({
    weight: fc.double({ min: 0.01, max: 1000, noNaN: true }),
    jobs: fc.integer({ min: 1, max: 12 }),
  });
  fc.assert(
    fc.property(fc.array(team, { minLength: 2, maxLength: 5 }), fc.infiniteStream(fc.nat()), (teams, picks) => {
      const named = teams.map((t, i) => ({ name: `t${i}`, jobs: t.jobs, weight: t.weight }));
      // A random listing order (arrival order at 0 h) of every team's jobs.
      const left = named.map((t) => t.jobs);
      const order: number[] = [];
      const it = picks[Symbol.iterator]();
      while (left.some((n) => n > 0)) {
        const open = left.flatMap((n, i) => (n > 0 ? [i] : []));
        const i = open[(it.next().value ?? 0) % open.length] ?? 0;
        order.push(i);
        left[i] = (left[i] ?? 1) - 1;
      }
      const weights = `{ ${named.map((t) => `${t.name}: ${t.weight}`).join(', ')} }`;
      const segs = segments(yaml(named, order, weights));
      const first = new Map<string, number>();
      for (const s of segs) first.set(s.owner.team, Math.min(first.get(s.owner.team) ?? Infinity, s.start));
      // Three jobs run at a time, an hour each: a team holding nothing comes before any team holding something, so
      // every team has started by hour ⌈teams ÷ 3⌉ (the pool turns over once an hour), whatever its weight.
      const by = Math.ceil(named.length / 3) * H;
      for (const t of named) {
        const at = first.get(t.name);
        assert.ok(at !== undefined && at - T0 <= by, `${t.name} (weight ${t.weight}) first ran at ${at}`);
      }
      // And every job is done: 8 GPU-h each, at 24 GPU-h an hour, well within the 48 h horizon.
      const done = gpuHoursBy(segs, 48);
      for (const t of named) assert.equal(done.get(t.name), t.jobs * 8, t.name);
    }),
    { numRuns: 25, seed: 11 },
  );
});
