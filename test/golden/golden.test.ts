/**
 * Golden tests: `skyfleet plan <example> --json --solver greedy` against committed snapshots in test/golden/*.json.
 *
 * To keep snapshots reviewable and stable, a DIGEST of the plan is stored, not the whole plan: per workload its id,
 * status and placements as [provider, region, gpu, tier, instanceType, instances, gpus, replicas]; the totals; per contract its
 * forecastShortfallCents; and the violations' codes. The greedy solver is used because it is deterministic (the exact
 * solver's MIP may vary with its time limit).
 *
 * When a change to the engine or the examples changes a plan on purpose, regenerate the snapshots and review the diff:
 *
 *     UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../src/engine/plan-types.js';
import { REPO_ROOT, runCli, shown } from '../cli/helpers.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

export interface PlanDigest {
  readonly scenario: string;
  readonly workloads: readonly {
    id: string;
    status: string;
    placements: readonly (readonly [string, string, string, string, string, number, number, number | null])[];
  }[];
  readonly totals: Plan['totals'];
  readonly contracts: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
}

export function digest(p: Plan): PlanDigest {
  return {
    scenario: p.scenario,
    workloads: p.workloads.map((w) => ({
      id: w.id,
      status: w.status,
      placements: w.placements.map(
        (x) => [x.provider, x.region, x.gpu, x.tier, x.instanceType, x.instances, x.gpus, x.replicas ?? null] as const,
      ),
    })),
    totals: p.totals,
    contracts: Object.fromEntries(p.contracts.map((c) => [c.id, c.forecastShortfallCents])),
    violations: p.violations.map((v) => v.code),
  };
}

/** One placement per line, so a changed placement shows as a one-line diff in review. */
function serialise(d: PlanDigest): string {
  const json = JSON.stringify(d, null, 2);
  return `${json.replace(/\[\n\s+("[^"\n]*",\n\s+){5}[\d.]+,\n\s+[\d.]+,\n\s+(null|[\d.]+)\n\s+\]/g, (m) => JSON.stringify(JSON.parse(m)).replace(/,/g, ', '))}\n`;
}

for (const example of ['startup', 'frontier-lab']) {
  test(`golden: plan examples/${example}.yaml --json --solver greedy`, async () => {
    const args = ['plan', `examples/${example}.yaml`, '--json', '--solver', 'greedy'];
    const r = await runCli(args, { timeoutMs: 60_000 });
    assert.equal(r.code, 0, shown(args, r));
    const actual = digest(JSON.parse(r.stdout) as Plan);
    const text = serialise(actual);
    assert.deepEqual(
      JSON.parse(text),
      JSON.parse(JSON.stringify(actual)),
      'the one-line placements serialise losslessly',
    );
    const file = join(REPO_ROOT, 'test', 'golden', `${example}.json`);
    if (UPDATE) {
      writeFileSync(file, text);
      return;
    }
    assert.ok(
      existsSync(file),
      `no snapshot ${file}; create it with UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden`,
    );
    const expected = JSON.parse(readFileSync(file, 'utf8')) as PlanDigest;
    assert.deepEqual(
      JSON.parse(JSON.stringify(actual)),
      expected,
      `the plan of examples/${example}.yaml changed; if that is intended, run UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden and review the diff`,
    );
  });
}
