import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { bucketSeconds, demandSeries, parseAzureLlmRequests, type RequestTrace } from './azure-llm.js';

const FILE = new URL('../../../data/traces/azure_llm_2023_conv_requests.csv', import.meta.url);

function real(): RequestTrace {
  const r = parseAzureLlmRequests(readFileSync(FILE, 'utf8'), 'azure.csv');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues.slice(0, 3)));
  return r.value;
}

test('the real Azure LLM conversation trace parses with the numbers its README gives', () => {
  const t = real();
  assert.equal(t.count, 19366);
  assert.equal(t.timestampS[t.count - 1], 3501.722);
  const sorted = (a: Uint32Array) => Uint32Array.from(a).sort();
  const ctx = sorted(t.contextTokens);
  const gen = sorted(t.generatedTokens);
  assert.deepEqual([ctx[ctx.length >> 1], ctx[ctx.length - 1]], [1020, 14050]);
  assert.deepEqual([gen[gen.length >> 1], gen[gen.length - 1]], [129, 1000]);
});

test('demand series: one hour bucket gives the trace mean rate; minute buckets add up', () => {
  const t = real();
  const hour = demandSeries(t, 3600);
  assert.equal(hour.requestsPerS.length, 1);
  assert.ok(Math.abs(hour.requestsPerS[0]! - 19366 / 3501.722) < 1e-9); // "about 5.5 req/s"
  assert.ok(Math.abs(hour.generatedTokensPerS[0]! - 4088665 / 3501.722) < 1e-6);
  assert.ok(Math.abs(hour.totalTokensPerS[0]! - (22361870 + 4088665) / 3501.722) < 1e-6);

  const min = demandSeries(t, 60);
  assert.equal(min.requestsPerS.length, 59);
  assert.ok(Math.abs(min.requestsPerS[0]! - 191 / 60) < 1e-12);
  assert.ok(Math.abs(min.generatedTokensPerS[0]! - 44229 / 60) < 1e-9);
  let total = 0;
  for (let k = 0; k < 59; k++) total += min.requestsPerS[k]! * (Math.min((k + 1) * 60, min.endS) - k * 60);
  assert.equal(bucketSeconds(60, min.endS, 58), min.endS - 58 * 60);
  assert.ok(Math.abs(total - 19366) < 1e-6);
});

test('demand series conserves requests for any bucket size', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 50 }),
      fc.double({ min: 0.5, max: 400, noNaN: true }),
      (ts, b) => {
        const timestampS = Float64Array.from(ts).sort();
        const n = ts.length;
        const trace = {
          count: n,
          timestampS,
          contextTokens: new Uint32Array(n).fill(3),
          generatedTokens: new Uint32Array(n).fill(1),
        };
        const s = demandSeries(trace, b);
        let req = 0;
        s.requestsPerS.forEach((r, k) => {
          req += r * bucketSeconds(b, s.endS, k);
        });
        assert.ok(Math.abs(req - n) < 1e-6 * n);
      },
    ),
  );
});

test('bad request rows are reported with code and line (rows out of time order are not: they are sorted)', () => {
  const r = parseAzureLlmRequests(
    'timestamp_s,context_tokens,generated_tokens\n0,1,2\n5,x,2\n4,1,2\n6,-1,2\n7,1,2.5\n',
    'r.csv',
  );
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(
    r.issues.map((i) => [i.code, i.line, i.col]),
    [
      ['trace.not-a-number', 3, 3],
      ['trace.negative', 5, 3],
      ['trace.not-an-integer', 6, 5],
    ],
  );
  const m = parseAzureLlmRequests('timestamp_s,tokens\n0,1\n', 'r.csv');
  assert.ok(
    !m.ok &&
      m.issues[0]!.code === 'trace.missing-column' &&
      /'context_tokens', 'generated_tokens'/.test(m.issues[0]!.message),
  );
});
