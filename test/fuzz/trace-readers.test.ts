/**
 * Fuzz, in process: the trace readers (src/sim/traces/job-trace.ts, request-trace.ts) on generated trace files of
 * every accepted format, well formed and mutated (trace-arbitraries.ts). Each read either gives a sane trace — rows
 * sorted, times and durations finite, non-negative and within the limits, at least one GPU a job, token counts whole
 * — or fails with catalogued issues that each print as one line `file:line:col: what [code]`. Never a throw.
 * Fast (no process per run), so it runs many cases: 400 by default (SKYFLEET_FUZZ_RUNS to change).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CODES } from '../../src/core/codes.js';
import { formatIssue, type Issue } from '../../src/core/issues.js';
import { SIM_LIMITS } from '../../src/sim/limits.js';
import { readJobTrace } from '../../src/sim/traces/job-trace.js';
import { readRequestTrace } from '../../src/sim/traces/request-trace.js';
import { fcParams } from './harness.js';
import { traceFile, traceFiles } from './trace-arbitraries.js';

const LINE = /^trace\.csv:\d+:\d+: [^\x00-\x1f\x7f]+ \[[a-z][a-z0-9.-]*\]$/;

function assertIssues(issues: readonly Issue[], label: string): void {
  assert.ok(issues.length > 0, `a failed read says why (${label})`);
  for (const i of issues) {
    assert.ok(i.code in CODES, `code ${i.code} is in the catalogue (${label})`);
    assert.equal(i.file, 'trace.csv');
    assert.ok((i.line ?? 0) >= 1 && (i.col ?? 0) >= 1, `issue placed at a line and column (${label}): ${i.message}`);
    const shown = formatIssue({ ...i, path: [] });
    assert.match(shown, LINE, `one line "file:line:col: what [code]" (${label})`);
  }
}

function assertSorted(t: Float64Array, label: string): void {
  for (let i = 0; i < t.length; i++) {
    const v = t[i]!;
    assert.ok(Number.isFinite(v) && v >= 0 && v <= SIM_LIMITS.traceSeconds, `time ${v} in range (${label})`);
    if (i > 0) assert.ok(v >= t[i - 1]!, `sorted at ${i} (${label})`);
  }
}

test('trace readers: a generated or mutated file gives a sane trace or clear issues, never a throw', () => {
  fc.assert(
    fc.property(traceFile, (f) => {
      if (f.flag === '--trace') {
        const r = readJobTrace(f.text, 'trace.csv');
        if (!r.ok) return assertIssues(r.issues, f.label);
        const t = r.value.trace;
        assert.ok(t.count > 0, f.label);
        assertSorted(t.submitS, f.label);
        for (let i = 0; i < t.count; i++) {
          const d = t.durationS[i]!;
          assert.ok(Number.isFinite(d) && d >= 0 && d <= SIM_LIMITS.traceSeconds, `duration ${d} (${f.label})`);
          assert.ok(t.gpus[i]! >= 1 && t.gpus[i]! <= SIM_LIMITS.traceGpus, `gpus ${t.gpus[i]} (${f.label})`);
        }
        assert.equal(new Set(t.sourceIds).size, t.count, `job ids unique (${f.label})`);
        for (const n of r.value.notes) assert.ok(n.code in CODES, n.code);
      } else {
        const r = readRequestTrace(f.text, 'trace.csv');
        if (!r.ok) return assertIssues(r.issues, f.label);
        const t = r.value.trace;
        assert.ok(t.count > 0, f.label);
        assertSorted(t.timestampS, f.label);
        for (let i = 0; i < t.count; i++)
          assert.ok(t.contextTokens[i]! <= SIM_LIMITS.traceTokens && t.generatedTokens[i]! <= SIM_LIMITS.traceTokens);
        for (const n of r.value.notes) assert.ok(n.code in CODES, n.code);
      }
    }),
    fcParams(400, 11),
  );
});

test('trace readers: every well-formed file of every accepted format is read (or all its rows are left out, said so)', () => {
  fc.assert(
    fc.property(traceFiles(false), (f) => {
      const r = f.flag === '--trace' ? readJobTrace(f.text, 'trace.csv') : readRequestTrace(f.text, 'trace.csv');
      if (r.ok) return;
      // Helios and Alibaba rows may all be CPU-only (0 GPUs) or never scheduled: then the trace is empty, and says why.
      assert.deepEqual(
        r.issues.map((i) => i.code),
        ['trace.empty'],
        `${f.label}\n${f.text}\n${r.issues.map((i) => formatIssue(i)).join('\n')}`,
      );
      assert.match(r.issues[0]!.message, /no usable jobs: every row was left out/);
    }),
    fcParams(300, 12),
  );
});
