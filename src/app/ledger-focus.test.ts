/**
 * The FOCUS 1.3 export of simulated runs passes the conformance rules (src/ledger/focus/rules.ts), its BilledCost adds
 * up to the ledger's bill, and a broken export fails the rule named for what was broken.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../core/csv.js';
import { csvLine } from '../ledger/focus/format.js';
import { checkFocus, contractCommitmentLines, costAndUsageLines, type Violation } from '../ledger/focus/index.js';
import { ledgerScenario } from './ledger-scenario.js';
import { prepareSimulation } from './prepare-simulation.js';
import { repoFiles } from './test-support/files.js';
import { STARTUP_30D } from './test-support/startup-request.js';

function exportOf(file: string, horizon: string, trace: boolean) {
  const { ledger, input, sim } = ledgerScenario(
    prepareSimulation(repoFiles(), file, {
      ...STARTUP_30D,
      horizon,
      ...(trace ? { trace: 'data/traces/philly_jobs.csv' } : {}),
    }),
    { policy: 'skyfleet', seed: 1 },
  );
  const costAndUsage = [...costAndUsageLines(ledger, input, { account: 'test' })].join('');
  const contractCommitment = [...contractCommitmentLines(input)].join('');
  return { costAndUsage, contractCommitment, ledger, sim };
}

const rulesOf = (v: readonly Violation[]): string[] => [...new Set(v.map((x) => x.rule))].sort();

/** Column index of `name` in a CSV header line. */
const col = (text: string, name: string): number => (text.split('\r\n')[0] ?? '').split(',').indexOf(name);

/** BilledCost summed in cents from the export (only simple unquoted money columns are read). */
function billedCents(text: string): number {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const i = col(text, 'BilledCost');
  assert.equal(i, 0, 'BilledCost is the first column: read before any quoted field');
  return lines.slice(1).reduce((s, l) => s + Math.round(Number(l.slice(0, l.indexOf(','))) * 100), 0);
}

const startup = exportOf('examples/startup.yaml', '90d', true);
const frontier = exportOf('examples/frontier-lab.yaml', '75d', false);

test('startup (90 days, Philly trace) and frontier-lab (75 days): the exports conform', () => {
  for (const e of [startup, frontier]) {
    const v = checkFocus(e);
    assert.deepEqual(v.slice(0, 5), []);
    assert.equal(billedCents(e.costAndUsage), e.ledger.totals.billedCents);
    assert.equal(e.ledger.totals.billedCents, e.sim.cost.billedCents);
  }
  // The exports hold what the rules are about: reserved blocks used and unused, purchases, and contract commitments.
  for (const kind of ['Used', 'Unused']) assert.ok(frontier.costAndUsage.includes(`,${kind},`), kind);
  assert.ok(frontier.costAndUsage.includes(',Purchase,'));
  assert.ok(frontier.costAndUsage.includes('""Elements""'));
  assert.ok(frontier.contractCommitment.split('\r\n').length > 2);
});

/** The export with `f` applied to every data row of cost_and_usage.csv (read and written as RFC 4180 CSV). */
function breakRows(text: string, f: (cells: string[]) => string[] | undefined): string {
  const t = parseCsv(text, 'cost_and_usage.csv');
  assert.ok(t.ok);
  return [csvLine(t.value.header.fields), ...t.value.records.map((r) => csvLine(f([...r.fields]) ?? r.fields))].join(
    '',
  );
}

test('a broken export fails the rule named for what was broken', () => {
  const base = frontier;
  const check = (costAndUsage: string, contractCommitment = base.contractCommitment): string[] =>
    rulesOf(checkFocus({ costAndUsage, contractCommitment }));
  // A mandatory column gone.
  const noHost = base.costAndUsage.replace('HostProviderName', 'x_Host');
  assert.ok(check(noHost).includes('CU-HostProviderName-present'));
  // A status without its id: CommitmentDiscountStatus null iff CommitmentDiscountId null.
  const idCol = col(base.costAndUsage, 'CommitmentDiscountId');
  const noId = breakRows(base.costAndUsage, (c) => (c[idCol] ? Object.assign([...c], { [idCol]: '' }) : undefined));
  assert.ok(check(noId).includes('CU-CommitmentDiscountStatus-2'));
  // A purchase with an effective cost.
  const eff = col(base.costAndUsage, 'EffectiveCost');
  const cat = col(base.costAndUsage, 'ChargeCategory');
  const effPurchase = breakRows(base.costAndUsage, (c) =>
    c[cat] === 'Purchase' ? Object.assign([...c], { [eff]: '1.00' }) : undefined,
  );
  assert.ok(check(effPurchase).includes('CU-EffectiveCost-3'));
  // A date that is not ISO 8601 UTC.
  const start = col(base.costAndUsage, 'ChargePeriodStart');
  const badDate = breakRows(base.costAndUsage, (c) => Object.assign([...c], { [start]: '2026-01-01 00:00' }));
  assert.ok(check(badDate).includes('CU-ChargePeriodStart-1'));
  // A decimal in exponent notation.
  const billed = col(base.costAndUsage, 'BilledCost');
  const exp = breakRows(base.costAndUsage, (c) => Object.assign([...c], { [billed]: '1e3' }));
  assert.ok(check(exp).includes('CU-BilledCost-2'));
  // A ContractApplied without Elements, and one naming a commitment the other file does not hold.
  assert.ok(check(base.costAndUsage.replaceAll('""Elements""', '""Items""')).includes('CU-ContractApplied-1'));
  assert.ok(check(base.costAndUsage.replaceAll('/period-1""', '/period-99""')).includes('CU-ContractApplied-3'));
  // A repeated ContractCommitmentId.
  const [h = '', first = '', ...more] = base.contractCommitment.split('\r\n');
  assert.ok(check(base.costAndUsage, [h, first, first, ...more].join('\r\n')).includes('CC-ContractCommitmentId-2'));
  // A subcategory under the wrong category.
  assert.ok(check(base.costAndUsage.replaceAll(',Generative AI,', ',Virtual Machines,')).length > 0);
});
