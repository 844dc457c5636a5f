/**
 * `skyfleet ledger` end to end (the CLI from its sources): the text, --json's billedUsd equal to the sum of BilledCost
 * in the FOCUS export of the same run and to simulate's bill, --csv, --report with the burn-down charts, --focus
 * passing the conformance check, and usage errors as one line with exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkFocus } from '../../src/ledger/focus/index.js';
import { parseCsv } from '../../src/core/csv.js';
import { runCli, shown } from './helpers.js';

const RUN = ['--from', 'examples/startup.yaml', '--horizon', '60d', '--seed', '3', '--no-progress'];
const dir = mkdtempSync(join(tmpdir(), 'skyfleet-ledger-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Exact cents of a plain decimal string. */
const centsOf = (s: string): bigint => {
  const neg = s.startsWith('-');
  const [w = '0', f = ''] = s.replace('-', '').split('.');
  const c = BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  return neg ? -c : c;
};

describe('skyfleet ledger', { concurrency: 1 }, () => {
  test('--json --focus --report: billedUsd = Σ BilledCost of the export = simulate’s bill; the export conforms', async () => {
    const focus = join(dir, 'focus');
    const report = join(dir, 'report.html');
    const args = ['ledger', ...RUN, '--json', '--focus', focus, '--report', report];
    const r = await runCli(args, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, shown(args, r));
    const v = JSON.parse(r.stdout) as { schema: string; billedUsd: string; billedCents: number; reconciles: boolean };
    assert.equal(v.schema, 'skyfleet/ledger@1');
    assert.equal(v.reconciles, true);
    const costAndUsage = readFileSync(join(focus, 'cost_and_usage.csv'), 'utf8');
    const contractCommitment = readFileSync(join(focus, 'contract_commitment.csv'), 'utf8');
    const t = parseCsv(costAndUsage, 'cost_and_usage.csv');
    assert.ok(t.ok);
    const i = t.value.header.fields.indexOf('BilledCost');
    const sum = t.value.records.reduce((s, rec) => s + centsOf(rec.fields[i] ?? '0'), 0n);
    assert.equal(sum, centsOf(v.billedUsd));
    assert.equal(sum, BigInt(v.billedCents));
    assert.deepEqual(checkFocus({ costAndUsage, contractCommitment }).slice(0, 3), []);
    const sim = await runCli(
      ['simulate', 'examples/startup.yaml', '--horizon', '60d', '--seed', '3', '--json', '--no-progress'],
      {
        timeoutMs: 120_000,
      },
    );
    assert.equal(sim.code, 0);
    assert.equal((JSON.parse(sim.stdout) as { cost: { billedCents: number } }).cost.billedCents, v.billedCents);
    const html = readFileSync(report, 'utf8');
    assert.match(html, /Commitment burn-down/);
    assert.ok((html.match(/<svg/g) ?? []).length >= 2, 'one burn chart per contract');
    assert.match(r.stderr, /FOCUS 1\.3 written to/);
  });

  test('text and --csv: months, commitments, teams; the CSV rows of a month add up to its total', async () => {
    const text = await runCli(['ledger', ...RUN], { timeoutMs: 120_000 });
    assert.equal(text.code, 0, text.stderr);
    for (const heading of ['Spend by month', 'Commitment burn-down and forecast shortfall', 'Team chargeback'])
      assert.ok(text.stdout.includes(heading), heading);
    assert.match(text.stdout, /reconciles to the cent/);
    const csv = await runCli(['ledger', ...RUN, '--csv'], { timeoutMs: 120_000 });
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const months = new Set(rows.map((r) => r[0]));
    assert.ok(months.size >= 2);
    for (const m of months) {
      const total = rows.find((r) => r[0] === m && r[1] === 'total')?.[3] ?? '';
      for (const dim of ['provider', 'contract', 'team']) {
        const s = rows.filter((r) => r[0] === m && r[1] === dim).reduce((a, r) => a + centsOf(r[3] ?? '0'), 0n);
        assert.equal(s, centsOf(total), `${m} ${dim}`);
      }
    }
  });

  test('--from PLAN.json --scenario: the placements as forecast usage; the bill is the plan bill to the cent per record', async () => {
    const planFile = join(dir, 'plan.json');
    const plan = await runCli(['plan', 'examples/startup.yaml', '--json'], { timeoutMs: 120_000 });
    assert.equal(plan.code, 0, plan.stderr);
    writeFileSync(planFile, plan.stdout);
    const t = (JSON.parse(plan.stdout) as { totals: Record<string, number> }).totals;
    const focus = join(dir, 'plan-focus');
    const args = ['ledger', '--from', planFile, '--scenario', 'examples/startup.yaml', '--json', '--focus', focus];
    const r = await runCli(args, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, shown(args, r));
    const v = JSON.parse(r.stdout) as {
      billedCents: number;
      usageRecords: number;
      reconciles: boolean;
      source: { kind: string };
    };
    assert.equal(v.source.kind, 'plan');
    assert.equal(v.reconciles, true);
    const planned = (t.spendCents ?? 0) + (t.sunkCents ?? 0) + (t.shortfallPaidCents ?? 0);
    assert.ok(Math.abs(v.billedCents - planned) <= v.usageRecords, `ledger ${v.billedCents}, plan ${planned}`);
    const costAndUsage = readFileSync(join(focus, 'cost_and_usage.csv'), 'utf8');
    const contractCommitment = readFileSync(join(focus, 'contract_commitment.csv'), 'utf8');
    assert.deepEqual(checkFocus({ costAndUsage, contractCommitment }).slice(0, 3), []);
  });

  test('usage errors: one line, exit 2, no stack', async () => {
    for (const args of [
      // Without --from it is a client of the control plane: bad flags are refused before any request.
      ['ledger', '--since', 'yesterday'],
      ['ledger', '--report', 'out.html'],
      ['ledger', '--from', 'examples/startup.yaml', '--since', '2026-12-01'],
      ['ledger', '--from', 'examples/startup.yaml', '--scenario', 'x.yaml', '--horizon', 'soon'],
      ['ledger', '--from', 'examples/startup.yaml', '--policy', 'offline-optimal'],
      ['ledger', '--from', 'examples/startup.yaml', '--policy', 'nope'],
      ['ledger', '--from', 'no-such-file.yaml'],
    ]) {
      const r = await runCli(args, { timeoutMs: 60_000 });
      assert.equal(r.code, 2, shown(args, r));
      assert.match(r.stderr, /^skyfleet: .*\[[a-z.-]+\]/m, shown(args, r));
      assert.doesNotMatch(r.stderr, /\n\s+at /, shown(args, r));
    }
  });
});
