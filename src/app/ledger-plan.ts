/**
 * Use case `ledger --from PLAN.json --scenario SCENARIO`: a plan's placements as forecast usage. Each placement of a
 * `skyfleet plan --json` output (schema skyfleet/plan@2) becomes one usage record per time bucket it spans, on the
 * pool of the scenario's world it names (provider, region, GPU, tier, instance type, reserved block), at that pool's
 * price in the bucket; contracts, commitment periods and reserved blocks come from the scenario over the plan's
 * horizon. The same book as a simulation's (ledger/book.ts) settles it.
 */
import type { Scenario } from '../core/types.js';
import type { Pool } from '../engine/problem.js';
import { LedgerBook } from '../ledger/book.js';
import { finishLedger } from '../ledger/result.js';
import type { UsageOwner } from '../sim/usage-segment.js';
import { buildWorld } from '../sim/world.js';
import { flagError } from './errors.js';
import { ledgerInputFromWorld, usageRecorder } from './ledger-input.js';
import type { LedgerRun } from './ledger-scenario.js';
import { checkBuckets } from './simulation-horizon.js';

export const PLAN_SCHEMA = 'skyfleet/plan@2';

interface PlanPlacement {
  readonly provider: string;
  readonly region: string;
  readonly gpu: string;
  readonly tier: string;
  readonly contract?: string;
  readonly block?: string;
  readonly instanceType: string;
  readonly gpus: number;
  readonly start: string;
  readonly end: string;
}

interface PlanJson {
  readonly schema: string;
  readonly horizon: { readonly start: string; readonly end: string };
  readonly workloads: readonly {
    readonly id: string;
    readonly kind: string;
    readonly team: string;
    readonly placements: readonly PlanPlacement[];
  }[];
}

/** The text of a plan (`skyfleet plan --json`), or undefined when it is not one (then it is read as a scenario). */
export function asPlan(text: string): PlanJson | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const o = JSON.parse(text) as Partial<PlanJson>;
    return o && o.schema === PLAN_SCHEMA && Array.isArray(o.workloads) && o.horizon ? (o as PlanJson) : undefined;
  } catch {
    return undefined;
  }
}

export function ledgerFromPlan(plan: PlanJson, scenario: Scenario, file: string): Omit<LedgerRun, 'sim'> {
  const horizon = { start: Date.parse(plan.horizon.start), end: Date.parse(plan.horizon.end) };
  if (!(horizon.end > horizon.start))
    throw flagError('flag.invalid', `--from ${file}: the plan's horizon is not a time range`);
  checkBuckets(scenario, horizon);
  const world = buildWorld(scenario, horizon);
  const input = ledgerInputFromWorld(world);
  const book = new LedgerBook(input);
  const record = usageRecorder(world);
  for (const w of plan.workloads) {
    const owner: UsageOwner = { id: w.id, team: w.team, kind: w.kind };
    for (const pl of w.placements) {
      const pool = poolOf(world.pools, pl);
      if (!pool)
        throw flagError(
          'flag.invalid',
          `--from ${file}: ${w.id} is placed on ${pl.provider}/${pl.region}/${pl.gpu}/${pl.tier}/${pl.instanceType}, which the scenario does not offer (plan and scenario differ)`,
        );
      const start = Date.parse(pl.start);
      const end = Date.parse(pl.end);
      world.buckets.forEach((b, i) => {
        const from = Math.max(start, b.start);
        const to = Math.min(end, b.end);
        if (to > from) book.add(record({ pool, bucket: i, gpus: pl.gpus, start: from, end: to, owner }));
      });
    }
  }
  return { input, ledger: finishLedger(book) };
}

function poolOf(pools: readonly Pool[], pl: PlanPlacement): Pool | undefined {
  return pools.find(
    (p) =>
      p.provider === pl.provider &&
      p.region === pl.region &&
      p.gpu === pl.gpu &&
      p.tier === pl.tier &&
      (pl.tier === 'reserved'
        ? p.blockId === pl.block && p.contractId === pl.contract
        : p.instanceType === pl.instanceType),
  );
}
