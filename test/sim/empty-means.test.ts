/** Means and ratios over nothing are null in the result (and JSON) and — in tables, never 0 or 100%. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/sim/simulate.js';
import { skyfleetPolicy } from '../../src/sim/policies/skyfleet.js';
import { toSummary } from '../../src/cli/commands/simulate.js';
import { renderSimulation } from '../../src/cli/render-sim.js';
import { renderSimulationReport } from '../../src/report/index.js';
import { input, scenario } from './support.js';

const yaml = (workload: string, contract = ''): string => `
name: empty
horizon: { start: 2027-01-01, length: 2d, bucket: 1d }
providers:
  lambda: { quota: 16, regions: [us-east-1], interconnect: 8 }
${contract}
workloads:
  - ${workload}
`;

test('no job finished: completion hours are null (JSON) and — (table), not 0', () => {
  // A job that needs 1000 h on 8 GPUs in a 2-day horizon never finishes.
  const r = simulate(
    input(
      scenario(
        yaml(
          '{ id: long, kind: training, gpus: [H100], count: 8, work: 8000 GPU-h, checkpointEvery: 1h, tiers: [on-demand] }',
        ),
      ),
    ),
    skyfleetPolicy,
    { seed: 1 },
  );
  assert.equal(r.jobs.finished, 0);
  assert.deepEqual(r.jobs.completionHours, { mean: null, p50: null, p95: null });
  assert.match(JSON.stringify(r), /"completionHours":\{"mean":null,"p50":null,"p95":null\}/);
  assert.equal(toSummary(r).meanCompletionHours, null);
  const text = renderSimulation('empty', toSummary(r), r);
  const jobs = text.split('\n').find((l) => l.startsWith('JOBS'))!;
  const row = text.split('\n')[text.split('\n').indexOf(jobs) + 1]!;
  assert.match(row, /\u2014\s+\u2014\s+\u2014$/, row);
  // No inference demand: served share is null, not 100%.
  assert.equal(r.inference.attainment, null);
  assert.match(text, /Inference: no demand\./);
  assert.doesNotMatch(text, /100\.0% of demand served/);
  const html = renderSimulationReport({ scenario: 'empty', result: r });
  assert.match(html, /– \/ – \/ – h/);
  assert.doesNotMatch(html, /NaN/);
});

test('nothing billed: spend shares are —, and the summary row has no spend share to average', () => {
  // An inference service whose GPU is not offered anywhere: nothing is placed, nothing billed.
  const r = simulate(
    input(
      scenario(
        yaml(
          '{ id: chat, kind: inference, gpus: [H100], gpusPerReplica: 8, demand: { us: 1 replicas }, minProviders: 1, tiers: [spot] }',
        ),
      ),
    ),
    skyfleetPolicy,
    { seed: 1 },
  );
  assert.equal(r.cost.billedCents, 0);
  assert.equal(r.cost.commitmentCoverage, null);
  const s = toSummary(r);
  assert.equal(s.spendShare, undefined);
  const text = renderSimulation('empty', s, r);
  assert.match(text, /Commitment coverage: no usage spend\./);
  const lambda = text.split('\n').find((l) => l.startsWith('lambda'))!;
  assert.match(lambda, /^lambda\s+\$0\.00\s+\u2014\s+0\s+\u2014$/, lambda);
  const html = renderSimulationReport({ scenario: 'empty', result: r });
  assert.match(html, /There was no usage spend\./);
  assert.doesNotMatch(html, /NaN|0\.0% of usage spend/);
});

test('a commitment period with nothing owed has no utilisation (null, —), not 100%', () => {
  const contract = `contracts:
  - id: ramp
    provider: lambda
    term: 2d
    commitment:
      periods:
        - { length: 1d, minimum: 0 USD }
        - { length: 1d, minimum: 100 USD }`;
  const r = simulate(
    input(
      scenario(
        yaml(
          '{ id: long, kind: training, gpus: [H100], count: 8, work: 8000 GPU-h, checkpointEvery: 1h, tiers: [committed] }',
          contract,
        ),
      ),
    ),
    skyfleetPolicy,
    { seed: 1 },
  );
  const [first, second] = r.contracts;
  assert.ok(first && second);
  assert.equal(first.minimum, 0);
  assert.equal(first.utilisation, null);
  assert.ok(typeof second.utilisation === 'number' && second.utilisation > 0);
  const text = renderSimulation('empty', toSummary(r), r);
  const line = text.split('\n').find((l) => l.startsWith('ramp') && l.includes('2027-01-01 → 2027-01-02'))!;
  assert.match(line, /\$0\.00\s+\$[\d.,k]+\s+\u2014\s+-$/, line);
  const html = renderSimulationReport({ scenario: 'empty', result: r });
  assert.doesNotMatch(html, /NaN/);
});
