import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerId } from '../core/ids.js';
import {
  burnPerHour,
  commitmentSaving,
  effectiveCostOf,
  expectedRework,
  burnOver,
  INFERENCE_REPLACEMENT_HOURS,
  lostHoursPerPreemption,
  marginalEffectiveCost,
  marginalEffectiveFloor,
  MIGRATION_WARMUP_HOURS,
  migrationCost,
  migrationSaving,
  spendUsd,
  TIE_WEIGHT,
} from './effective-cost.js';
import type { Pool } from './problem.js';

function pool(tier: Pool['tier'], price: number, burns = -1): Pool {
  return {
    index: 0,
    id: `x/${tier}`,
    provider: providerId('x'),
    region: 'r',
    geo: 'us',
    gpu: 'H100',
    tier,
    instanceType: 'i',
    gpusPerInstance: 8,
    listPricePerGpuHour: 4,
    pricePerGpuHour: [price],
    burns: [burns],
    groups: [],
  };
}

test('spend is price × GPU-hours; a reserved pool is sunk; on-demand pays spend plus the tie weight', () => {
  assert.equal(spendUsd(8, 10, 3), 240);
  assert.equal(marginalEffectiveCost(pool('reserved', 0), 0, 8, 10, 0.5, 0, undefined), 0);
  assert.equal(marginalEffectiveCost(pool('on-demand', 3), 0, 8, 10, 0.5, 0.1, undefined), 240 + TIE_WEIGHT * 240);
});

test('spot adds its expected rework: preemptions/h × hours × lost hours × GPUs × list price', () => {
  assert.equal(lostHoursPerPreemption(true, 2), 1);
  assert.equal(lostHoursPerPreemption(false, 2), INFERENCE_REPLACEMENT_HOURS);
  const rework = expectedRework(0.1, 10, 1, 8, 4);
  assert.equal(rework, 0.1 * 10 * 1 * 8 * 4);
  assert.equal(marginalEffectiveCost(pool('spot', 2), 0, 8, 10, 1, 0.1, undefined), 160 + rework + TIE_WEIGHT * 160);
});

test('burning an unburned commitment minimum saves the spend (USD) or the GPU-hours at the shortfall rate, up to the gap', () => {
  const usd = { unit: 'usd' as const, gap: 100, hoursLeft: 1000, shortfallRate: 1 };
  assert.equal(commitmentSaving(usd, 8, 10, 3), 100, 'up to the gap');
  assert.equal(commitmentSaving({ ...usd, gap: 1000 }, 8, 10, 3), 240, 'the whole spend');
  assert.equal(commitmentSaving({ ...usd, gap: 1000, hoursLeft: 5 }, 8, 10, 3), 120, 'within the period only');
  assert.equal(commitmentSaving({ ...usd, gap: 0 }, 8, 10, 3), 0, 'a burned minimum saves nothing');
  const gh = { unit: 'gpu-hours' as const, gap: 50, hoursLeft: 1000, shortfallRate: 2 };
  assert.equal(commitmentSaving(gh, 8, 10, 3), 100, '50 GPU-hours × 2');
  const committed = pool('committed', 3, 0);
  assert.equal(marginalEffectiveCost(committed, 0, 8, 10, 1, 0, { ...usd, gap: 1000 }), TIE_WEIGHT * 240);
  assert.equal(effectiveCostOf('committed', 240, 300, 0), TIE_WEIGHT * 240, 'never below the tie weight');
});

test('the floor bounds the cost per hour from below, whatever the gap', () => {
  for (const p of [pool('on-demand', 3), pool('committed', 3, 0), pool('spot', 2), pool('reserved', 0)]) {
    const floor = marginalEffectiveFloor(p, 0, 8);
    for (const gap of [undefined, { unit: 'usd' as const, gap: 1e9, hoursLeft: 1e9, shortfallRate: 1 }]) {
      const burns = p.burns[0]! >= 0;
      const cost = marginalEffectiveCost(p, 0, 8, 10, 1, 0.1, burns ? gap : undefined);
      assert.ok(floor * 10 <= cost * (1 + 1e-12), `${p.id}: ${floor * 10} <= ${cost}`);
    }
  }
});

test('a running job asked whether to stay gets its own burn back, and a job burns only until its work is done', () => {
  assert.equal(burnPerHour('usd', 8, 3), 24, 'a USD term burns the spend');
  assert.equal(burnPerHour('gpu-hours', 8, 3), 8, 'a GPU-hour term burns the GPU-hours');
  assert.equal(burnOver(24, 5, 10), 120, 'over a 5 h run');
  assert.equal(burnOver(24, 50, 10), 240, 'never past the period');
  assert.equal(burnOver(24, 10 - 12, 10), 0, 'a 12 h run lasts the whole 10 h left: nothing projected beyond it');
  // A gap projected at -100 USD with this job (24 USD/h) burning all 10 h left: without it, 140 USD unburned, and
  // staying on the committed pool for its 5 h is then (nearly) free.
  const usd = { unit: 'usd' as const, gap: -100, hoursLeft: 10, shortfallRate: 1 };
  const without = { ...usd, gap: usd.gap + burnOver(24, 10, 10) };
  const committed = pool('committed', 3, 0);
  assert.equal(marginalEffectiveCost(committed, 0, 8, 5, 0, 0, usd), 120 + TIE_WEIGHT * 120);
  assert.equal(marginalEffectiveCost(committed, 0, 8, 5, 0, 0, without), TIE_WEIGHT * 120);
});

test('a move pays when the saving over the rest of the run beats the lost work and warm-up at the list price', () => {
  // 2 h lost + the warm-up, on 8 GPUs at 4 USD list: 72 USD at the default 0.25 h warm-up.
  assert.equal(MIGRATION_WARMUP_HOURS, 0.25);
  assert.equal(migrationCost(2, MIGRATION_WARMUP_HOURS, 8, 4), 72);
  assert.equal(migrationCost(0, 0, 8, 4), 0);
  assert.equal(migrationSaving(100, 0, 72), 28, 'onto a sunk block: the stay cost minus the migration cost');
  assert.ok(migrationSaving(100, 40, 72) < 0, 'a cheaper pool that does not repay the work thrown away');
});
