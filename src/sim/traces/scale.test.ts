import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createRng } from '../../core/rng.js';
import type { Result } from '../../core/issues.js';
import { type JobTrace, jobAt, jobId, traceSpanS } from './jobs.js';
import { parsePhillyJobs } from './philly.js';
import { repeatJobs, repeatToHorizon, resampleArrivals, scaleDemand, scaleGpus } from './scale.js';
import { demandSeries } from './azure-llm.js';

const value = <T>(r: Result<T>): T => {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.value;
};

function trace(submits: readonly number[], gpus: readonly number[] = []): JobTrace {
  const rows = submits.map((t, i) => `j${i},${t},${10 + i},${gpus[i] ?? 1},,u${i % 3},`);
  return value(
    parsePhillyJobs(['job_id,submit_time_s,duration_s,num_gpus,gpu_type,user,status', ...rows].join('\n'), 't.csv'),
  );
}

const sortedTimes = fc
  .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 })
  .map((a) => a.sort((x, y) => x - y));

function assertSorted(t: JobTrace): void {
  for (let i = 1; i < t.count; i++) assert.ok(t.submitS[i]! >= t.submitS[i - 1]!, `unsorted at ${i}`);
}
function assertUniqueIds(t: JobTrace): void {
  assert.equal(new Set(Array.from({ length: t.count }, (_, i) => jobId(t, i))).size, t.count);
}

test('repeatJobs: count × copies, sorted, copy c shifted by c × span, new unique ids', () => {
  fc.assert(
    fc.property(sortedTimes, fc.integer({ min: 1, max: 6 }), (times, copies) => {
      const t = trace(times);
      const r = value(repeatJobs(t, copies));
      assert.equal(r.count, t.count * copies);
      assertSorted(r);
      assertUniqueIds(r);
      const span = traceSpanS(t);
      for (let c = 0; c < copies; c++) {
        for (let i = 0; i < t.count; i++) {
          const k = c * t.count + i;
          assert.equal(r.submitS[k], t.submitS[i]! + c * span);
          assert.equal(r.durationS[k], t.durationS[i]);
          assert.equal(jobAt(r, k).user, jobAt(t, i).user);
          assert.equal(jobId(r, k), c === 0 ? jobId(t, i) : `${jobId(t, i)}~${c}`);
        }
      }
    }),
  );
});

test('repeatJobs rejects bad parameters as issues', () => {
  const t = trace([0, 100]);
  for (const [r, param] of [
    [repeatJobs(t, 0), 'copies'],
    [repeatJobs(t, 1.5), 'copies'],
    [repeatJobs(t, 2, 50), 'spanS'],
  ] as const) {
    assert.ok(!r.ok && r.issues[0]!.code === 'scale.invalid' && r.issues[0]!.path[0] === param);
  }
});

test('repeatToHorizon: the real Philly trace stretched to three years', () => {
  const t = value(
    parsePhillyJobs(readFileSync(new URL('../../../data/traces/philly_jobs.csv', import.meta.url), 'utf8'), 'p.csv'),
  );
  const horizon = 3 * 365 * 86400;
  const r = value(repeatToHorizon(t, horizon));
  const copies = Math.ceil(horizon / traceSpanS(t));
  assert.equal(copies, 11);
  assert.ok(r.count > 10 * t.count && r.count <= 11 * t.count, `${r.count}`);
  assert.ok(r.count > 800_000);
  assert.ok(r.submitS[r.count - 1]! < horizon);
  assertSorted(r);
  assert.equal(jobId(r, r.count - 1).split('~')[1], '10');
});

test('scaleGpus multiplies, rounds, floors at 1 and caps', () => {
  const t = trace([0, 1, 2, 3], [1, 3, 8, 64]);
  assert.deepEqual([...value(scaleGpus(t, 8, 256)).gpus], [8, 24, 64, 256]);
  assert.deepEqual([...value(scaleGpus(t, 0.1, 256)).gpus], [1, 1, 1, 6]);
  assert.ok(!scaleGpus(t, 0, 8).ok);
  assert.ok(!scaleGpus(t, 2, 0).ok);
});

test('resampleArrivals: deterministic per seed, sorted, unique ids, expected size', () => {
  fc.assert(
    fc.property(sortedTimes, fc.double({ min: 0.05, max: 4, noNaN: true }), fc.integer(), (times, rate, seed) => {
      const t = trace(times);
      const a = value(resampleArrivals(t, rate, createRng(seed)));
      const b = value(resampleArrivals(t, rate, createRng(seed)));
      assert.deepEqual(a, b);
      assertSorted(a);
      assertUniqueIds(a);
      assert.ok(a.count >= Math.floor(rate) * t.count && a.count <= Math.ceil(rate) * t.count);
    }),
  );
  const t = trace(Array.from({ length: 4000 }, (_, i) => i * 10));
  assert.equal(value(resampleArrivals(t, 3, createRng(1))).count, 12000);
  const half = value(resampleArrivals(t, 0.5, createRng(1))).count;
  assert.ok(Math.abs(half - 2000) < 150, `${half}`);
  const more = value(resampleArrivals(t, 1.5, createRng(2))).count;
  assert.ok(Math.abs(more - 6000) < 150, `${more}`);
  assert.ok(!resampleArrivals(t, 0, createRng(1)).ok);
});

test('scalings compose without id collisions', () => {
  const t = trace([0, 0, 5, 9]);
  const a = value(repeatJobs(t, 3));
  const b = value(resampleArrivals(a, 2.7, createRng(9)));
  const c = value(repeatJobs(b, 2));
  const d = value(resampleArrivals(c, 1.3, createRng(10)));
  assertSorted(d);
  assertUniqueIds(d);
});

test('scaleDemand multiplies every rate', () => {
  const s = demandSeries(
    {
      count: 2,
      timestampS: Float64Array.of(0, 10),
      contextTokens: Uint32Array.of(10, 20),
      generatedTokens: Uint32Array.of(1, 2),
    },
    10,
  );
  const x = value(scaleDemand(s, 3));
  assert.ok(Math.abs(x.requestsPerS[0]! - 0.6) < 1e-12);
  assert.deepEqual([...x.totalTokensPerS], [s.totalTokensPerS[0]! * 3]);
  assert.ok(!scaleDemand(s, -1).ok);
});
