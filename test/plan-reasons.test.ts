/**
 * The plan's JSON carries every violation, rejection, lost work, explain note and why-not as data — a catalogued
 * code, a source and params — and its words are the renderer's words for that data (src/messages), on a portfolio
 * made to break: tight share caps and budgets, a gang too large for any domain, a job that cannot meet its deadline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCode, type Code, type Params } from '../src/core/codes.js';
import type { Plan } from '../src/engine/plan-types.js';
import { bindingText, reasonText, whyNotText } from '../src/messages/index.js';
import { REPO_ROOT, runCli, shown, tempDir } from './cli/helpers.js';

function strained(): string {
  const edits: [string, string][] = [
    ['maxSpendShare: 70%            #', 'maxSpendShare: 30%            #'],
    ['maxGpuShare: 80%              #', 'maxGpuShare: 30%              #'],
    ['count: 256,\n      work: 300k GPU-h', 'count: 4096,\n      work: 300k GPU-h'],
    ['count: 64, work: 30k GPU-h,', 'count: 64, work: 900k GPU-h,'],
    ['product: 10M USD', 'product: 1M USD'],
  ];
  let text = readFileSync(join(REPO_ROOT, 'examples/startup.yaml'), 'utf8');
  for (const [from, to] of edits) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
  }
  return text;
}

const asReason = (r: { code: Code; source: string; params: Params }) => ({
  code: r.code,
  source: r.source,
  params: r.params,
});

test('every violation, rejection, lost work and explain note is {code, source, params}, in the words of the renderer', async () => {
  const tmp = tempDir('skyfleet-reasons-');
  try {
    const file = tmp.write('strained.yaml', strained());
    const explain = ['pretrain-3b', 'sft-runs', 'chat', 'embeddings'];
    const args = ['plan', file, '--json', '--solver', 'greedy', ...explain.flatMap((id) => ['--explain', id])];
    const r = await runCli(args, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, shown(args, r));
    const plan = JSON.parse(r.stdout) as Plan;
    const codes = new Set<string>();
    const check = (x: { code: Code; source: string; params: Params }, words: string): void => {
      assert.ok(isCode(x.code), x.code);
      assert.equal(typeof x.source, 'string');
      assert.equal(typeof x.params, 'object');
      assert.equal(reasonText(asReason(x)), words, x.code);
      codes.add(x.code.split('.')[0]!);
    };
    assert.ok(plan.violations.length >= 4, `${plan.violations.length} violations`);
    for (const v of plan.violations) check(v, v.message);
    for (const w of plan.workloads) {
      if (!w.whyNot) continue;
      assert.ok(isCode(w.whyNot.binding.code));
      for (const o of w.whyNot.others) assert.ok(isCode(o.code), o.code);
      assert.ok(
        w.unplacedReason?.includes(whyNotText(w.whyNot)) || w.unplacedReason?.includes(bindingText(w.whyNot.binding)),
      );
    }
    for (const s of plan.survivability) for (const l of s.lost) check(l, l.reason);
    assert.equal(plan.explain.length, explain.length);
    for (const e of plan.explain) {
      for (const c of e.candidates) check(c, c.note);
      for (const x of e.rejections) {
        check(x, x.reason);
        assert.equal(x.source, x.filter);
      }
    }
    for (const family of ['policy', 'workload', 'filter', 'unplaced', 'explain']) assert.ok(codes.has(family), family);
  } finally {
    tmp.remove();
  }
});
