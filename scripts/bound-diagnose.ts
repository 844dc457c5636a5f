/**
 * Where the gap between the offline bound and the policies comes from: the bound's LP solved with its constraints
 * added one at a time (the fluid model, + gangs, + parallelism, both, the unconditional bound, + deadlines, + the
 * risk policy's spread, all), for one scenario, trace and seed, beside the
 * cost of `skyfleet` and `hindsight` on the same input. Prints one line per variant: bound, its commitment waste and
 * unserved money, LP size and solve time.
 *
 *   npx tsx scripts/bound-diagnose.ts examples/startup.yaml [--trace data/traces/philly_jobs.csv]
 *     [--requests data/traces/azure_llm_2023_conv_requests.csv] [--seed 1] [--all-only]
 */
import { parseArgs } from 'node:util';
import { prepareSimulation } from '../src/app/prepare-simulation.js';
import { fileInputs } from '../src/cli/adapters/input-files.js';
import { loadHighs } from '../src/solver-highs/load.js';
import type { HighsLike } from '../src/solver-highs/run.js';
import {
  ALL_BOUND_CONSTRAINTS,
  type BoundOptions,
  buildBoundModel,
  boundFromAnswer,
  UNCONDITIONAL_BOUND,
} from '../src/sim/offline-optimal.js';
import { setupInput } from '../src/sim/setup.js';
import { simulate } from '../src/sim/simulate.js';
import { skyfleetPolicy } from '../src/sim/policies/skyfleet.js';
import { simulateHindsight } from '../src/sim/hindsight-run.js';
import { type LpPlan, lpPlanPolicy, planFromBound } from '../src/sim/policies/lp-plan.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    trace: { type: 'string' },
    requests: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'no-sim': { type: 'boolean', default: false },
    /** Solve only the full model (all constraints), e.g. for the largest cells. */
    'all-only': { type: 'boolean', default: false },
  },
});
const file = positionals[0] ?? 'examples/startup.yaml';
const p = prepareSimulation(fileInputs, file, {
  ...(values.trace ? { trace: values.trace } : {}),
  ...(values.requests ? { requests: values.requests } : {}),
  requestRate: '1',
  gpusPerJob: '1',
  jobRate: '1',
  traceKind: 'batch',
  repeat: false,
  outages: 'sample',
});
const seed = Number(values.seed);
const r = setupInput(p.scenario, p.world, p.setup, seed);
if (!r.ok) throw new Error('setup failed');
const input = r.value;
const highs = (await loadHighs()) as HighsLike;
const usd = (x: number): string => `$${(x / 1e6).toFixed(3)}M`;

const variants: [string, BoundOptions][] = [
  ['fluid (before)', { gangs: false, parallelism: false, bigGangs: false }],
  ['+ gangs', { gangs: true, parallelism: false, bigGangs: false }],
  ['+ parallelism', { gangs: false, parallelism: true, bigGangs: false }],
  ['+ big gangs', { gangs: false, parallelism: false, bigGangs: true }],
  ['+ gangs + parallelism', { gangs: true, parallelism: true, bigGangs: false }],
  ['unconditional', UNCONDITIONAL_BOUND],
  ['+ deadlines', { ...UNCONDITIONAL_BOUND, deadlines: true }],
  ['+ spread', { ...UNCONDITIONAL_BOUND, spread: true }],
  // The bound over schedules that meet every deadline and honour the risk policy's spread.
  ['all (the bound)', ALL_BOUND_CONSTRAINTS],
];
console.log(`${file} ${values.trace ?? ''} ${values.requests ?? ''} seed ${seed}: ${input.jobs.count} jobs`);
let plan: LpPlan | undefined;
for (const [label, opts] of values['all-only'] ? variants.slice(-4) : variants) {
  const t0 = performance.now();
  const model = buildBoundModel(input, p.world, opts);
  const t1 = performance.now();
  const res = highs.solve(model.lp, { output_flag: false });
  const b = boundFromAnswer(model, p.world, {
    status: res.Status,
    objective: res.ObjectiveValue,
    primal: (n) => res.Columns[n]?.Primal ?? 0,
  });
  const t2 = performance.now();
  // hindsight's plan comes from the unconditional LP (app/offline-bound.ts solveHindsightPlan).
  const full = opts === UNCONDITIONAL_BOUND;
  if (full) plan = planFromBound(p.world, model.xColumns, b.x);
  console.log(
    `${label.padEnd(24)} bound ${usd(b.effectiveUsd)}  shortfall+burn ${usd(b.shortfallUsd)}  idle reserved ${usd(b.unusedReservedUsd)}  unserved ${usd(b.unservedUsd)} (late ${b.lateH100.toFixed(0)} H100-h, ${b.relaxedDeadlines} deadlines relaxed)  ${b.columns} cols ${b.rows} rows  build ${((t1 - t0) / 1000).toFixed(1)} s solve ${((t2 - t1) / 1000).toFixed(1)} s`,
  );
  if (full) {
    const by = new Map<string, number>();
    model.xColumns.forEach((c, i) => {
      const pool = p.world.pools[c.pool]!;
      const price = pool.tier === 'reserved' ? 0 : (pool.pricePerGpuHour[c.b] ?? 0);
      const key = `${c.cls.startsWith('s') ? 'inference' : 'jobs'} ${pool.provider}`;
      by.set(key, (by.get(key) ?? 0) + price * c.gh * b.x[i]!);
    });
    console.log('  LP spend by kind and provider:', [...by].map(([k, v]) => `${k} ${usd(v)}`).join(', '));
  }
}
if (!values['no-sim']) {
  for (const [label, run] of [
    ['skyfleet', () => simulate(input, skyfleetPolicy, { seed, world: p.world })],
    ['hindsight (online only)', () => simulateHindsight(input, { seed, world: p.world })],
    ['skyfleet+lp-plan', () => simulate(input, lpPlanPolicy(skyfleetPolicy, p.world, plan!), { seed, world: p.world })],
    ['hindsight', () => simulateHindsight(input, { seed, world: p.world }, plan)],
  ] as const) {
    const s = run();
    const b = s.breakdown!;
    console.log(
      `${label.padEnd(24)} effective ${usd(s.cost.effectiveUsd)}  shortfall ${usd(b.shortfallCents / 100)}  idle reserved ${usd(b.unusedReservedCents / 100)}  unserved ${usd(b.unservedCents / 100)}  deadline misses ${s.jobs.deadlineMisses}  spread breach ${s.inference.spreadBreachUnitHours.toFixed(1)} unit-h`,
    );
    console.log(
      '  by provider:',
      Object.entries(s.cost.byProviderCents)
        .map(([k, v]) => `${k} ${usd(v / 100)}`)
        .join(', '),
    );
    if ('schedule' in s) console.log(`  schedule followed: ${s.schedule}`);
  }
}
