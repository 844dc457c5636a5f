/** The simulator's input limits (limits.ts, docs/limits.md "Simulator inputs"): at each limit accepted, past it
 * rejected with the documented code, before anything the size depends on is allocated. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJobBudget, jobBudget, SIM_LIMITS } from './limits.js';
import { parsePhillyJobs } from './traces/philly.js';
import { parseAzureLlmRequests } from './traces/azure-llm.js';
import { parseIncidents, parseUtc } from './outages/incidents.js';
import type { JobTrace } from './traces/jobs.js';

const HEADER = 'job_id,submit_time_s,duration_s,num_gpus';
function trace(rows: string[]): JobTrace {
  const r = parsePhillyJobs(`${HEADER}\n${rows.join('\n')}\n`, 'jobs.csv');
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
  return r.value;
}
const codes = (r: { ok: boolean; issues?: readonly { code: string }[] }): string[] =>
  r.ok ? [] : r.issues!.map((i) => i.code);

test('job budget: rows × copies to fill the horizon × ⌈rate⌉ + scenario jobs; at the limit accepted, past it rejected', () => {
  const atZero = trace(Array.from({ length: 10 }, (_, i) => `j${i},0,60,1`)); // span 1 s: one copy per second
  const n = SIM_LIMITS.jobsPerRun; // 4,000,000 = 10 rows × 400,000 copies
  assert.equal(jobBudget({ trace: atZero, scenarioJobs: 0, horizonS: n / 10, repeat: true, rate: 1 }), n);
  assert.equal(checkJobBudget({ trace: atZero, scenarioJobs: 0, horizonS: n / 10, repeat: true, rate: 1 }), undefined);
  assert.equal(
    checkJobBudget({ trace: atZero, scenarioJobs: 1, horizonS: n / 10, repeat: true, rate: 1 })?.code,
    'sim.too-many-jobs',
  );
  assert.equal(
    checkJobBudget({ trace: atZero, scenarioJobs: 0, horizonS: n / 10 + 1, repeat: true, rate: 1 })?.code,
    'sim.too-many-jobs',
  );
  // Not repeated: the rows themselves; a rate of 2.5 may make up to 3 jobs of each.
  assert.equal(jobBudget({ trace: atZero, scenarioJobs: 2, horizonS: 1e9, repeat: false, rate: 2.5 }), 32);
  assert.equal(jobBudget({ trace: atZero, scenarioJobs: 2, horizonS: 1e9, repeat: false, rate: 0.5 }), 12);
  // 300 rows at t = 0 over a year (the 8 GB case): refused, with the limit in the message.
  const big = trace(Array.from({ length: 300 }, (_, i) => `j${i},0,3600,1`));
  const over = checkJobBudget({ trace: big, scenarioJobs: 0, horizonS: 365 * 86400, repeat: true, rate: 1 });
  assert.equal(over?.code, 'sim.too-many-jobs');
  assert.match(over!.message, /9,460,800,000 jobs.*limit of 4,000,000 jobs per run/);
});

test('trace rows: more lines than the limit are refused before parsing, at the limit accepted', () => {
  const rows = (k: number): string =>
    `${HEADER}\n${Array.from({ length: k }, (_, i) => `j${i},${i},60,1`).join('\n')}\n`;
  assert.ok(parsePhillyJobs(rows(3), 'jobs.csv', 3).ok);
  assert.ok(parsePhillyJobs(rows(3).trimEnd(), 'jobs.csv', 3).ok);
  const r = parsePhillyJobs(rows(4), 'jobs.csv', 3);
  assert.deepEqual(codes(r), ['trace.too-many-rows']);
  assert.ok(!r.ok && r.issues[0]!.line === 5 && /more than 3 rows/.test(r.issues[0]!.message));
  const req = (k: number): string =>
    `timestamp_s,context_tokens,generated_tokens\n${Array.from({ length: k }, (_, i) => `${i},1,1`).join('\n')}\n`;
  assert.ok(parseAzureLlmRequests(req(2), 'r.csv', 2).ok);
  assert.deepEqual(codes(parseAzureLlmRequests(req(3), 'r.csv', 2)), ['trace.too-many-rows']);
  assert.equal(SIM_LIMITS.traceRows, 1_000_000);
  // Carriage returns alone end lines too (the CSV reader splits on them): counted the same way.
  assert.ok(parsePhillyJobs(rows(3).replaceAll('\n', '\r'), 'jobs.csv', 3).ok);
  assert.deepEqual(codes(parsePhillyJobs(rows(4).replaceAll('\n', '\r'), 'jobs.csv', 3)), ['trace.too-many-rows']);
  assert.deepEqual(codes(parsePhillyJobs(rows(4).replaceAll('\n', '\r\n'), 'jobs.csv', 3)), ['trace.too-many-rows']);
  assert.ok(parsePhillyJobs(rows(3).replaceAll('\n', '\r\n'), 'jobs.csv', 3).ok);
});

test('trace fields: at most 100 on a line, checked before parsing', () => {
  assert.equal(SIM_LIMITS.traceFields, 100);
  const extra = (k: number): string => Array.from({ length: k - 4 }, (_, i) => `,c${i + 5}`).join('');
  const wide = (k: number): string => `${HEADER}${extra(k)}\na,0,60,1${',y'.repeat(k - 4)}\n`;
  assert.ok(parsePhillyJobs(wide(100), 'jobs.csv').ok);
  const r = parsePhillyJobs(wide(101), 'jobs.csv');
  assert.deepEqual(codes(r), ['trace.too-many-fields']);
  assert.ok(!r.ok && r.issues[0]!.line === 1);
  assert.deepEqual(codes(parsePhillyJobs(`${HEADER}\n${','.repeat(5_000_000)}\n`, 'jobs.csv')), [
    'trace.too-many-fields',
  ]);
});

test('trace values: whole numbers strictly, times and GPUs up to their limits', () => {
  const one = (row: string): string[] => codes(parsePhillyJobs(`${HEADER}\n${row}\n`, 'jobs.csv'));
  assert.deepEqual(one('a,0,60,65536'), []);
  assert.deepEqual(one('a,0,60,65537'), ['trace.too-large-value']);
  assert.deepEqual(one('a,0,60,4294967304'), ['trace.too-large-value']); // was read as 8 (modulo 2^32)
  assert.deepEqual(one('a,0,60,8.0'), []); // pandas writes whole numbers so in a column with gaps
  assert.deepEqual(one('a,0,60,8.5'), ['trace.not-an-integer']);
  assert.deepEqual(one('a,0,60,8e0'), ['trace.not-an-integer']);
  assert.deepEqual(one('a,1000000000,1000000000,1'), []);
  // Submit times of 1e9 s and more are Unix times (made offsets from the earliest): the limit is on the span.
  assert.deepEqual(one('a,1000000000.5,60,1'), []);
  assert.deepEqual(one('a,1000000000,60,1\nb,2000000000.5,60,1'), ['trace.too-large-value']);
  assert.deepEqual(one('a,1700000000000,60,1'), ['trace.too-large-value']); // milliseconds read as seconds
  assert.deepEqual(one('a,0,1e300,1'), ['trace.too-large-value']);
  const tok = (row: string): string[] =>
    codes(parseAzureLlmRequests(`timestamp_s,context_tokens,generated_tokens\n${row}\n`, 'r.csv'));
  assert.deepEqual(tok('0,10000000,0'), []);
  assert.deepEqual(tok('0,10000001,0'), ['trace.too-large-value']);
  assert.deepEqual(tok('0,4294967297,0'), ['trace.too-large-value']);
  assert.deepEqual(tok('0,1,2.0'), []);
  assert.deepEqual(tok('0,1,2.5'), ['trace.not-an-integer']);
});

test('a hostile trace cell is quoted as a short escaped excerpt', () => {
  const r = parsePhillyJobs(`${HEADER}\na,0,60,"\u001b[31m${'x'.repeat(10_000)}\n\u202e"\n`, 'jobs.csv');
  assert.ok(!r.ok);
  const m = r.issues[0]!.message;
  assert.ok(m.length < 100, m);
  assert.doesNotMatch(m, /[\u0000-\u001f\u202e]/);
  assert.match(m, /^num_gpus: '\\u001b\[31mx+…' is not a number$/);
});

test('incident times: the years 0000-0099 are read as written, not as 19xx', () => {
  assert.equal(parseUtc('0050-12-13T04:00:00.000Z'), new Date('0050-12-13T04:00:00.000Z').getTime());
  assert.equal(new Date(parseUtc('0050-12-13T04:00Z')!).getUTCFullYear(), 50);
  assert.equal(new Date(parseUtc('0000-02-29T00:00Z')!).getUTCDate(), 29); // year 0 is a leap year
  assert.equal(parseUtc('0001-02-29T00:00Z'), undefined);
  assert.equal(parseUtc('2018-12-13T04:00:00.000Z'), Date.UTC(2018, 11, 13, 4));
  const head = 'vendor,service_id,service_name,location,event_start_utc,event_end_utc,duration_min';
  const r = parseIncidents(`${head}\nAWS,ec2,EC2,us-east-1,0099-01-01T00:00Z,0099-01-01T01:00Z,60\n`, 'i.csv');
  assert.ok(r.ok);
  assert.equal(new Date(r.value[0]!.start).getUTCFullYear(), 99);
});
