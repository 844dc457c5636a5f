import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cents } from '../core/money.js';
import { activeEntries, block, isBlocked, parseBlocklist } from './blocklist.js';
import { budgetHold, monthOf, spendWithin } from './budget.js';
import { answered, DOWN_AFTER_FAILED_POLLS, DOWN_AFTER_SILENCE_MS, failed, watched } from './health.js';
import { quotaHold } from './quota.js';
import type { UsageRecord } from './records.js';

const T = Date.UTC(2026, 11, 15, 12);
const cause = { code: 'control.launch-refused' };

test('months are calendar months in UTC', () => {
  assert.deepEqual(monthOf(T), { start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1), name: '2026-12' });
  assert.equal(monthOf(Date.UTC(2027, 0, 1)).name, '2027-01');
});

test('spend within a month: records clipped to it, a running record counted up to now, exact cents', () => {
  const u = (start: number, end: number | null): UsageRecord => ({
    id: `${start}`,
    workloadId: 'w',
    team: 't',
    provider: 'aws',
    region: 'r',
    instanceType: 'i',
    gpu: 'H100',
    gpus: 8,
    instances: 1,
    pricing: 'on-demand',
    pricePerInstanceHourCents: cents(4000),
    start,
    end,
  });
  const m = monthOf(T);
  const s = spendWithin([u(m.start - 3_600_000, m.start + 3_600_000), u(T - 1_800_000, null)], m.start, T);
  assert.equal(s.cents, 6000); // 1 h inside the month + 0.5 h running, 40 USD/h
  assert.equal(s.gpuHours, 12);
  const team = { name: 't', quotaGpus: {}, monthlyBudgetCents: cents(6000), monthlyBudgetGpuHours: null };
  assert.equal(budgetHold(team, s, T)?.code, 'control.budget');
  assert.equal(budgetHold({ ...team, monthlyBudgetCents: cents(6001) }, s, T), undefined);
});

test('quota: held back only when every accepted model is over', () => {
  const team = { name: 't', quotaGpus: { H100: 8, A100: 16 }, monthlyBudgetCents: null, monthlyBudgetGpuHours: null };
  const held = new Map([['H100', 8]]);
  assert.equal(quotaHold(team, held, ['H100', 'A100'], 8), undefined);
  assert.equal(quotaHold(team, held, ['H100'], 8)?.code, 'control.quota');
  assert.equal(quotaHold(team, held, ['L4'], 8), undefined, 'a model the quota does not name is not limited');
});

test('blocklist entries expire, are extended never shortened, and read back from JSON', () => {
  let list = block([], 'aws/us-east-1/p5', T, cause, 1000);
  assert.ok(isBlocked(list, 'aws/us-east-1/p5', T + 999));
  assert.ok(!isBlocked(list, 'aws/us-east-1/p5', T + 1000));
  list = block(list, 'aws/us-east-1/p5', T + 10, cause, 10);
  assert.equal(list[0]!.until, T + 1000);
  assert.deepEqual(activeEntries(list, T + 2000), []);
  assert.deepEqual(parseBlocklist(JSON.parse(JSON.stringify(list))), list);
  assert.deepEqual(parseBlocklist('nonsense'), []);
});

test(`health: down after ${DOWN_AFTER_FAILED_POLLS} failed polls or ${DOWN_AFTER_SILENCE_MS} ms of silence; one answer brings it back`, () => {
  let h = answered(watched('aws', T), T);
  for (let i = 1; i < DOWN_AFTER_FAILED_POLLS; i++) {
    h = failed(h, T + i, 'provider.unreachable');
    assert.ok(h.up);
  }
  h = failed(h, T + DOWN_AFTER_FAILED_POLLS, 'provider.unreachable');
  assert.equal(h.up, false);
  assert.equal(h.cause?.code, 'control.provider-down');
  assert.ok(answered(h, T + 10).up);
  const silent = failed(answered(watched('gcp', T), T), T + DOWN_AFTER_SILENCE_MS, 'provider.unreachable');
  assert.equal(silent.up, false, 'one failed poll after the silence bound is enough');
});
